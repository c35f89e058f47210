export interface MosquittoInstance {
  name?: string;
  dir: string;
  configPath: string;
  logPath: string;
  tcpPort: number;
  wsPort: number;
}

export interface MosquittoOptions {
  /** Shown in error messages. */
  name?: string;
  /** Exact ports; free loopback ports are picked when omitted or 0. */
  tcpPort?: number;
  wsPort?: number;
  /** `allow_anonymous` (default true). */
  allowAnonymous?: boolean;
  /** Extra config lines before the listeners; a function gets the folder the files are in. */
  config?: string[] | ((dir: string) => string[]);
  /** Files written into the folder (mode 600) before Mosquitto starts, by name. */
  files?: Record<string, string>;
  /** A folder to use and keep; by default a fresh temporary one that stop() removes. */
  dir?: string;
  startTimeoutMs?: number;
  stopTimeoutMs?: number;
}

export interface MosquittoHandle extends MosquittoInstance {
  pid: number;
  tcpUrl: string;
  wsUrl: string;
  /** Resolves, with why, once the process has exited (stopped or not). */
  exited: Promise<string>;
  /** The last lines Mosquitto logged. */
  logTail(): string;
  /** SIGTERM (or `signal`), SIGKILL after the stop timeout; removes a temporary folder. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export function findMosquitto(): string | null;
export function startMosquitto(options?: MosquittoOptions): Promise<MosquittoHandle>;
export function launchMosquitto(
  instance: MosquittoInstance,
  options?: { startTimeoutMs?: number; stopTimeoutMs?: number; removeDir?: boolean },
): Promise<MosquittoHandle>;
export function isMosquittoRunning(pid: number, configPath: string): boolean;
export function stopMosquittoByPid(
  instance: { pid: number; configPath: string },
  options?: { signal?: NodeJS.Signals; timeoutMs?: number },
): Promise<void>;
