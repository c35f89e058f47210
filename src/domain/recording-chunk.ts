/**
 * How a recording keeps its messages: in chunks packed like the worker's batches (payloads back
 * to back in one buffer, parallel arrays for flags and times, topics as indexes into a table of
 * the chunk's distinct topics (so a topic is stored once per chunk), properties sparse), one
 * stored record per chunk. A recorder adds whole batches (copied once, when the chunk is taken),
 * an import adds messages one by one; a player or a replay reads a chunk back message by message.
 */
import { FLAG_QOS_MASK, FLAG_RETAIN, type MessageProperties, type QoS } from './mqtt-types';

/** One recorded message, unpacked. */
export interface RecordedMessage {
  topic: string;
  payload: Uint8Array;
  /** FLAG_* bits: QoS, retain, dup. */
  flags: number;
  /** When it was received, in ms since the epoch. */
  timeMs: number;
  properties?: MessageProperties;
}

/**
 * Messages packed as the MQTT worker hands them to the page (the shape of its MessageBatch,
 * named here so the domain needs nothing from above it).
 */
export interface PackedMessages {
  count: number;
  topics: string[];
  payloads: ArrayBuffer;
  payloadEnds: Uint32Array;
  flags: Uint8Array;
  receivedAtMs: Float64Array;
  properties: Array<[number, MessageProperties]>;
}

/** One stored chunk of a recording. */
export interface RecordingChunk {
  count: number;
  /** The chunk's distinct topics; message i's topic is `topicTable[topicIndex[i]]`. */
  topicTable: string[];
  topicIndex: Uint32Array;
  /** Payloads back to back; `payloadEnds[i]` is where message i's payload ends. */
  payloads: ArrayBuffer;
  payloadEnds: Uint32Array;
  flags: Uint8Array;
  timesMs: Float64Array;
  /** Sparse, by ascending index: only messages that carry MQTT 5 properties. */
  properties: Array<[number, MessageProperties]>;
}

/** What a recording's index keeps of each chunk, so a player finds a time or a message fast. */
export interface ChunkInfo {
  count: number;
  /** The chunk's first and last time, on the recording's running-maximum clock. */
  firstMs: number;
  lastMs: number;
  /** Payload bytes. */
  bytes: number;
}

export const qosOfFlags = (flags: number): QoS => (flags & FLAG_QOS_MASK) as QoS;
export const retainOfFlags = (flags: number): boolean => (flags & FLAG_RETAIN) !== 0;

/** Flags for a message with this QoS and retain flag. */
export const flagsOf = (qos: QoS, retain: boolean): number => qos | (retain ? FLAG_RETAIN : 0);

type Piece =
  | { kind: 'packed'; source: PackedMessages; indices: number[] | undefined; bytes: number }
  | { kind: 'one'; message: RecordedMessage };

/**
 * Gathers messages for the next chunk. Adding a whole batch keeps a reference only (the copy
 * happens once, in `take`); adding with `keep` picks the batch's messages whose topic it accepts.
 */
export class ChunkBuilder {
  private pieces: Piece[] = [];
  private messageCount = 0;
  private payloadBytes = 0;

  get count(): number {
    return this.messageCount;
  }

  get bytes(): number {
    return this.payloadBytes;
  }

  /** Adds a batch's messages (those whose topic `keep` accepts); returns how many it took. */
  addPacked(source: PackedMessages, keep?: (topic: string) => boolean): number {
    if (source.count === 0) return 0;
    if (!keep) {
      const bytes = source.count > 0 ? source.payloadEnds[source.count - 1]! : 0;
      this.pieces.push({ kind: 'packed', source, indices: undefined, bytes });
      this.messageCount += source.count;
      this.payloadBytes += bytes;
      return source.count;
    }
    const indices: number[] = [];
    let bytes = 0;
    for (let i = 0; i < source.count; i++) {
      if (!keep(source.topics[i]!)) continue;
      indices.push(i);
      bytes += source.payloadEnds[i]! - (i === 0 ? 0 : source.payloadEnds[i - 1]!);
    }
    if (indices.length === 0) return 0;
    this.pieces.push({ kind: 'packed', source, indices, bytes });
    this.messageCount += indices.length;
    this.payloadBytes += bytes;
    return indices.length;
  }

  add(message: RecordedMessage): void {
    this.pieces.push({ kind: 'one', message });
    this.messageCount++;
    this.payloadBytes += message.payload.byteLength;
  }

  /** Packs everything added into one chunk (undefined when nothing was) and starts afresh. */
  take(): RecordingChunk | undefined {
    const count = this.messageCount;
    if (count === 0) return undefined;
    const buffer = new Uint8Array(this.payloadBytes);
    const payloadEnds = new Uint32Array(count);
    const flags = new Uint8Array(count);
    const timesMs = new Float64Array(count);
    const topicIndex = new Uint32Array(count);
    const topicTable: string[] = [];
    const slots = new Map<string, number>();
    const slotOf = (topic: string): number => {
      let slot = slots.get(topic);
      if (slot === undefined) {
        slot = topicTable.length;
        topicTable.push(topic);
        slots.set(topic, slot);
      }
      return slot;
    };
    const properties: Array<[number, MessageProperties]> = [];
    let n = 0;
    let offset = 0;
    for (const piece of this.pieces) {
      if (piece.kind === 'one') {
        const m = piece.message;
        buffer.set(m.payload, offset);
        offset += m.payload.byteLength;
        payloadEnds[n] = offset;
        flags[n] = m.flags;
        timesMs[n] = m.timeMs;
        topicIndex[n] = slotOf(m.topic);
        if (m.properties) properties.push([n, m.properties]);
        n++;
        continue;
      }
      const { source, indices } = piece;
      const bytes = new Uint8Array(source.payloads);
      if (!indices) {
        // The whole batch: a few bulk copies.
        buffer.set(bytes.subarray(0, piece.bytes), offset);
        for (let i = 0; i < source.count; i++) payloadEnds[n + i] = offset + source.payloadEnds[i]!;
        flags.set(source.flags.subarray(0, source.count), n);
        timesMs.set(source.receivedAtMs.subarray(0, source.count), n);
        for (let i = 0; i < source.count; i++) topicIndex[n + i] = slotOf(source.topics[i]!);
        for (const [index, props] of source.properties) properties.push([n + index, props]);
        offset += piece.bytes;
        n += source.count;
        continue;
      }
      let propertyCursor = 0;
      for (const i of indices) {
        const start = i === 0 ? 0 : source.payloadEnds[i - 1]!;
        const end = source.payloadEnds[i]!;
        buffer.set(bytes.subarray(start, end), offset);
        offset += end - start;
        payloadEnds[n] = offset;
        flags[n] = source.flags[i]!;
        timesMs[n] = source.receivedAtMs[i]!;
        topicIndex[n] = slotOf(source.topics[i]!);
        while (
          propertyCursor < source.properties.length &&
          source.properties[propertyCursor]![0] < i
        ) {
          propertyCursor++;
        }
        const props = source.properties[propertyCursor];
        if (props && props[0] === i) properties.push([n, props[1]]);
        n++;
      }
    }
    this.pieces = [];
    this.messageCount = 0;
    this.payloadBytes = 0;
    return {
      count,
      topicTable,
      topicIndex,
      payloads: buffer.buffer,
      payloadEnds,
      flags,
      timesMs,
      properties,
    };
  }
}

/** Message i's topic. */
export const topicAt = (chunk: RecordingChunk, i: number): string =>
  chunk.topicTable[chunk.topicIndex[i]!]!;

/** Packs a list of messages into one chunk. */
export function packChunk(messages: readonly RecordedMessage[]): RecordingChunk | undefined {
  const builder = new ChunkBuilder();
  for (const m of messages) builder.add(m);
  return builder.take();
}

/**
 * Calls `visit` for the chunk's messages from `from` (inclusive) to `to` (exclusive), in order.
 * Payloads are views into the chunk's buffer: copy one to keep it past the chunk.
 */
export function forEachMessage(
  chunk: RecordingChunk,
  visit: (message: RecordedMessage, index: number) => void,
  from = 0,
  to = chunk.count,
): void {
  const bytes = new Uint8Array(chunk.payloads);
  let propertyCursor = 0;
  while (propertyCursor < chunk.properties.length && chunk.properties[propertyCursor]![0] < from) {
    propertyCursor++;
  }
  for (let i = Math.max(0, from); i < Math.min(to, chunk.count); i++) {
    let properties: MessageProperties | undefined;
    const next = chunk.properties[propertyCursor];
    if (next && next[0] === i) {
      properties = next[1];
      propertyCursor++;
    }
    visit(
      {
        topic: topicAt(chunk, i),
        payload: bytes.subarray(i === 0 ? 0 : chunk.payloadEnds[i - 1]!, chunk.payloadEnds[i]!),
        flags: chunk.flags[i]!,
        timeMs: chunk.timesMs[i]!,
        properties,
      },
      i,
    );
  }
}

/** Every message of a chunk (payloads are views into its buffer). */
export function unpackChunk(chunk: RecordingChunk): RecordedMessage[] {
  const messages: RecordedMessage[] = [];
  forEachMessage(chunk, (m) => messages.push(m));
  return messages;
}

/**
 * The chunk's index entry. Times of an import need not be in order: the index follows the
 * running maximum from `previousMs` (the last time of the chunk before), so it never goes back.
 */
export function chunkInfoOf(chunk: RecordingChunk, previousMs = -Infinity): ChunkInfo {
  let running = previousMs;
  let firstMs = Number.NaN;
  for (let i = 0; i < chunk.count; i++) {
    const t = chunk.timesMs[i]!;
    if (t > running) running = t;
    if (i === 0) firstMs = running;
  }
  return {
    count: chunk.count,
    firstMs,
    lastMs: running,
    bytes: chunk.count > 0 ? chunk.payloadEnds[chunk.count - 1]! : 0,
  };
}

/** Structurally sound (as read back from storage): the arrays agree with the count. */
export function isChunk(value: unknown): value is RecordingChunk {
  if (typeof value !== 'object' || value === null) return false;
  const c = value as Partial<RecordingChunk>;
  const n = c.count;
  return (
    typeof n === 'number' &&
    Array.isArray(c.topicTable) &&
    c.topicTable.every((t) => typeof t === 'string') &&
    c.topicIndex instanceof Uint32Array &&
    c.topicIndex.length === n &&
    c.topicIndex.every((k) => k < c.topicTable!.length) &&
    c.payloads instanceof ArrayBuffer &&
    c.payloadEnds instanceof Uint32Array &&
    c.payloadEnds.length === n &&
    c.flags instanceof Uint8Array &&
    c.flags.length === n &&
    c.timesMs instanceof Float64Array &&
    c.timesMs.length === n &&
    Array.isArray(c.properties) &&
    (n === 0 || c.payloadEnds[n - 1]! <= c.payloads.byteLength)
  );
}
