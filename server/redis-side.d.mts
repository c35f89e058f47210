import type { RedisBridgeStatus } from './bridges/redis.mjs';

export function parseRedisOption(value: string): string;

export interface RedisSide {
  url: string;
  started: boolean;
  pid: number | null;
  channels: string;
  streams: string[] | null;
  demo: boolean;
  status(): RedisBridgeStatus;
  close(): Promise<void>;
}

export function startRedisSide(options: {
  redis: 'start' | string;
  brokerUrl: string;
  channels?: string;
  streams?: string[] | null;
  demo?: boolean;
  protocolVersion?: 4 | 5;
  log?: (...args: unknown[]) => void;
}): Promise<RedisSide>;
