export const REDIS_INSTALL_HINT: string;

export function findRedisServer(): string | null;
export function redisServerArgs(port: number, dir: string): string[];

export interface RedisServerHandle {
  pid: number;
  port: number;
  /** redis://127.0.0.1:<port> */
  url: string;
  dir: string;
  logPath: string;
  /** Resolves, with why, once the process has exited (stopped or not). */
  exited: Promise<string>;
  logTail(): string;
  /** SIGTERM (or `signal`), SIGKILL after the stop timeout; removes a temporary folder. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export function startRedisServer(options?: {
  /** An exact port (e.g. to come back on the same one); a free one when omitted or 0. */
  port?: number;
  /** A folder to use and keep; by default a fresh temporary one that stop() removes. */
  dir?: string;
  startTimeoutMs?: number;
  stopTimeoutMs?: number;
}): Promise<RedisServerHandle>;

export function isRedisRunning(pid: number, port: number): boolean;

export function stopRedisByPid(
  instance: { pid: number; port: number },
  options?: { signal?: NodeJS.Signals; timeoutMs?: number },
): Promise<void>;
