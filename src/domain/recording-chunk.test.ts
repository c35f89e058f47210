import { describe, expect, it } from 'vitest';
import {
  ChunkBuilder,
  chunkInfoOf,
  flagsOf,
  forEachMessage,
  isChunk,
  packChunk,
  topicAt,
  unpackChunk,
  type PackedMessages,
  type RecordedMessage,
} from './recording-chunk';

const text = (s: string) => new TextEncoder().encode(s);
const read = (b: Uint8Array) => new TextDecoder().decode(b);

/** A batch as the worker packs it. */
function batch(messages: RecordedMessage[]): PackedMessages {
  const chunk = packChunk(messages)!;
  return {
    count: chunk.count,
    topics: Array.from({ length: chunk.count }, (_, i) => topicAt(chunk, i)),
    payloads: chunk.payloads,
    payloadEnds: chunk.payloadEnds,
    flags: chunk.flags,
    receivedAtMs: chunk.timesMs,
    properties: chunk.properties,
  };
}

const m = (
  topic: string,
  payload: string,
  timeMs: number,
  extra: Partial<RecordedMessage> = {},
) => ({
  topic,
  payload: text(payload),
  flags: 0,
  timeMs,
  ...extra,
});

describe('ChunkBuilder', () => {
  it('packs whole batches, picked messages and single ones, in order', () => {
    const builder = new ChunkBuilder();
    const props = { userProperties: [{ key: 'k', value: 'v' }] };
    builder.addPacked(
      batch([m('a/1', 'one', 1), m('b/1', 'two', 2, { properties: props }), m('a/2', 'three', 3)]),
    );
    builder.add(m('single', 'four', 4, { flags: flagsOf(2, true) }));
    const picked = builder.addPacked(
      batch([
        m('b/2', 'x', 5),
        m('a/3', 'five', 6, { properties: { contentType: 'c' } }),
        m('a/4', '', 7),
      ]),
      (topic) => topic.startsWith('a/'),
    );
    expect(picked).toBe(2);
    expect(builder.count).toBe(6);
    expect(builder.bytes).toBe(3 + 3 + 5 + 4 + 4 + 0);
    const chunk = builder.take()!;
    expect(builder.count).toBe(0);
    expect(builder.take()).toBeUndefined();
    const back = unpackChunk(chunk);
    expect(back.map((x) => [x.topic, read(x.payload), x.timeMs])).toEqual([
      ['a/1', 'one', 1],
      ['b/1', 'two', 2],
      ['a/2', 'three', 3],
      ['single', 'four', 4],
      ['a/3', 'five', 6],
      ['a/4', '', 7],
    ]);
    expect(back[1]!.properties).toEqual(props);
    expect(back[3]!.flags).toBe(flagsOf(2, true));
    expect(back[4]!.properties).toEqual({ contentType: 'c' });
    expect(back.filter((x) => x.properties)).toHaveLength(2);
    expect(isChunk(chunk)).toBe(true);
  });

  it('takes nothing from a batch when no topic is kept', () => {
    const builder = new ChunkBuilder();
    expect(builder.addPacked(batch([m('x', 'y', 1)]), () => false)).toBe(0);
    expect(builder.take()).toBeUndefined();
  });
});

describe('reading chunks', () => {
  it('visits a range of messages with their properties', () => {
    const chunk = packChunk([
      m('a', '1', 1),
      m('b', '2', 2, { properties: { contentType: 'x' } }),
      m('c', '3', 3),
    ])!;
    const seen: string[] = [];
    forEachMessage(
      chunk,
      (msg, i) => seen.push(`${i}:${msg.topic}:${msg.properties?.contentType ?? '-'}`),
      1,
      3,
    );
    expect(seen).toEqual(['1:b:x', '2:c:-']);
  });

  it('indexes times as a running maximum', () => {
    const chunk = packChunk([m('a', '', 10), m('a', '', 5), m('a', '', 30), m('a', '', 20)])!;
    expect(chunkInfoOf(chunk)).toEqual({ count: 4, firstMs: 10, lastMs: 30, bytes: 0 });
    expect(chunkInfoOf(chunk, 15)).toMatchObject({ firstMs: 15, lastMs: 30 });
  });

  it('refuses records whose arrays do not agree', () => {
    const chunk = packChunk([m('a', 'xyz', 1)])!;
    expect(isChunk({ ...chunk, topicTable: [] })).toBe(false);
    expect(isChunk({ ...chunk, topicIndex: new Uint32Array(0) })).toBe(false);
    expect(isChunk({ ...chunk, payloads: new ArrayBuffer(1) })).toBe(false);
    expect(isChunk(null)).toBe(false);
  });
});
