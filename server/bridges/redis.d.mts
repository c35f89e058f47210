export interface RedisBridgeStatus {
  state: 'connecting' | 'connected' | 'disconnected' | 'stopped' | string;
  redis: string;
  text: string;
  since: string;
  reconnects: number;
}

export interface RedisBridge {
  /** The Redis it bridges, its password left out. */
  url: string;
  status(): RedisBridgeStatus;
  scanned(): Promise<void>;
  rescan(): Promise<void>;
  streams(): string[];
  close(): Promise<void>;
}

export function retryDelayMs(times: number): number;

export function startRedisBridge(options: {
  redisUrl: string;
  mqttUrl: string;
  /** The PSUBSCRIBE pattern (default "*"). */
  channels?: string;
  /** Stream keys to read; null (default) finds them with SCAN … TYPE stream. */
  streams?: string[] | null;
  protocolVersion?: 4 | 5;
  scanIntervalMs?: number;
  log?: (...args: unknown[]) => void;
}): Promise<RedisBridge>;
