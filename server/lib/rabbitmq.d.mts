export interface RabbitmqInstance {
  /** The start script's PID, leader of the process group of the Erlang VM. */
  pid: number;
  /** Its own epmd, started beside it; stopped after it. */
  epmdPid: number;
  /** Its folder (config, data, log, Erlang cookie). */
  dir: string;
}

export interface RabbitmqHandle extends RabbitmqInstance {
  nodeName: string;
  version: string | undefined;
  amqpPort: number;
  mqttPort: number;
  webMqttPort: number;
  distPort: number;
  epmdPort: number;
  /** amqp://guest:guest@127.0.0.1:PORT (guest may only come from loopback). */
  amqpUrl: string;
  /** mqtt://127.0.0.1:PORT */
  tcpUrl: string;
  /** ws://127.0.0.1:PORT/ws (MQTT 3.1.1 only in 3.10). */
  webMqttUrl: string;
  logPath: string;
  /** How long it took to accept connections, in ms. */
  startMs: number;
  exited: Promise<string>;
  logTail(): string;
  stop(): Promise<void>;
}

export const RABBITMQ_PLUGINS: string[];
export const WEB_MQTT_PATH: string;
export const RABBITMQ_USER: { username: string; password: string };
export const RABBITMQ_INSTALL_HINT: string;

export function findRabbitmq(): string | null;
export function rabbitmqVersion(server?: string): string | undefined;
export function rabbitmqConfigText(ports: {
  amqpPort: number;
  mqttPort: number;
  webMqttPort: number;
}): string;
export function enabledPluginsText(): string;
export function rabbitmqEnv(
  options: { dir: string; nodeName: string; distPort: number; epmdPort: number },
  base?: NodeJS.ProcessEnv,
): Record<string, string>;
export function isRabbitmqRunning(pid: number, dir: string): boolean;
export function stopRabbitmqByPid(
  instance: { pid: number; epmdPid?: number; dir: string },
  options?: { timeoutMs?: number },
): Promise<void>;
export function startRabbitmq(options?: {
  dir?: string;
  mqttPort?: number;
  onProgress?: (elapsedSeconds: number) => void;
  startTimeoutMs?: number;
  stopTimeoutMs?: number;
}): Promise<RabbitmqHandle>;
