import type { Options } from 'amqplib';

export const HELPER_APP_ID: string;
export const PROBE_BINDING: string;

export interface ProbeMessage {
  fields: { exchange: string; routingKey: string; redelivered: boolean };
  properties: {
    deliveryMode?: number;
    headers?: Record<string, unknown>;
    contentType?: string;
    appId?: string;
  };
  content: Buffer;
}

export function answerProbe(message: ProbeMessage): null | {
  publishes: Array<{ routingKey: string; body: Record<string, unknown>; options: Options.Publish }>;
};

export function startAmqpHelper(options: {
  amqpUrl: string;
  log?: (...args: unknown[]) => void;
}): Promise<{ stop(): Promise<void>; queue: string }>;
