/** A kept message and the per-topic record it hangs on: what every view reads. */
import {
  FLAG_DUP,
  FLAG_QOS_MASK,
  FLAG_RETAIN,
  type MessageProperties,
  type QoS,
} from './mqtt-types';
import type { RingBuffer } from './ring-buffer';
import type { TopicNode } from './topic-tree';
import { previewPayload } from './payload';

export interface TopicData {
  history: RingBuffer<StoredMessage>;
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
  /** The broker the topic's last message came from (see StoredMessage.source). */
  source: string;
}

export type TopicEntry = TopicNode<TopicData>;

export interface StoredMessage {
  /** Increases by one per kept message, across topics. */
  readonly seq: number;
  readonly topic: string;
  readonly entry: TopicEntry;
  readonly payload: Uint8Array;
  /** FLAG_* bits: QoS, retain, dup. */
  readonly flags: number;
  readonly receivedAtMs: number;
  readonly properties: MessageProperties | undefined;
  /** The broker it came from, e.g. "ws://host:1884/mqtt" (with " as user" when logged in). */
  readonly source: string;
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

export const qosOf = (m: Pick<StoredMessage, 'flags'>): QoS => (m.flags & FLAG_QOS_MASK) as QoS;
export const isRetained = (m: Pick<StoredMessage, 'flags'>): boolean =>
  (m.flags & FLAG_RETAIN) !== 0;
export const isDup = (m: Pick<StoredMessage, 'flags'>): boolean => (m.flags & FLAG_DUP) !== 0;
