import type { MessageProperties } from '../domain/mqtt-types';
import type { TopicNode } from '../domain/topic-tree';
import { previewPayload } from '../domain/payload';

export interface TopicData {
  history: import('../domain/ring-buffer').RingBuffer<StoredMessage>;
  lastMessage: StoredMessage | undefined;
  /** Messages of this topic no longer kept in its history. */
  droppedCount: number;
  bytesReceived: number;
  retained: boolean;
  /** Messages per second over the last rate window. */
  ratePerSec: number;
  countAtLastRate: number;
  /** Index into the subscription colours, -1 when none matches. */
  colorIndex: number;
  /** True when every subscription that matches this topic is muted. */
  muted: boolean;
  /** The subscription version colorIndex and muted were computed for. */
  matchVersion: number;
}

export type TopicEntry = TopicNode<TopicData>;

export interface StoredMessage {
  /** Increases by one per kept message, across topics. */
  readonly seq: number;
  readonly topic: string;
  readonly entry: TopicEntry;
  readonly payload: Uint8Array;
  /** bit 0-1 QoS, bit 2 retain, bit 3 dup */
  readonly flags: number;
  readonly receivedAtMs: number;
  readonly properties: MessageProperties | undefined;
  /** How many rings (log, topic history) still hold it. */
  refs: number;
  /** Arrival-order links among kept messages, for evicting the oldest under the byte budget. */
  older: StoredMessage | null;
  newer: StoredMessage | null;
  /** One-line preview, decoded the first time a view shows it. */
  preview?: string;
}

const PREVIEW_CHARS = 100;

/** Decoded lazily and once: only messages that reach the screen pay for it. */
export function previewOf(message: StoredMessage): string {
  message.preview ??= previewPayload(message.payload, PREVIEW_CHARS);
  return message.preview;
}

export const qosOf = (m: StoredMessage): 0 | 1 | 2 => (m.flags & 0b11) as 0 | 1 | 2;
export const isRetained = (m: StoredMessage): boolean => (m.flags & 0b100) !== 0;
export const isDup = (m: StoredMessage): boolean => (m.flags & 0b1000) !== 0;
