import { describe, expect, it } from 'vitest';
import { MessageBatcher } from './message-batcher';
import { ChartFieldExtractor } from '../domain/chart-values';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('MessageBatcher', () => {
  it('packs payloads back to back with their ends, flags and properties', () => {
    const batcher = new MessageBatcher(100, 1_000_000);
    batcher.add('a', bytes('hello'), 1, 10);
    batcher.add('b/c', bytes(''), 0b101, 11, { contentType: 'text/plain' });
    batcher.add('d', bytes('xyz'), 2, 12);
    const batch = batcher.take();
    expect(batch.count).toBe(3);
    expect(batch.topics).toEqual(['a', 'b/c', 'd']);
    expect(Array.from(batch.payloadEnds)).toEqual([5, 5, 8]);
    expect(new TextDecoder().decode(batch.payloads)).toBe('helloxyz');
    expect(Array.from(batch.flags)).toEqual([1, 5, 2]);
    expect(Array.from(batch.receivedAtMs)).toEqual([10, 11, 12]);
    expect(batch.properties).toEqual([[1, { contentType: 'text/plain' }]]);
    expect(batcher.size).toBe(0);
  });

  it('discards the oldest messages when over its bound and counts them', () => {
    const batcher = new MessageBatcher(4, 1_000_000);
    for (let i = 0; i < 5; i++)
      batcher.add(`t${i}`, bytes(String(i)), 0, i, { contentType: `${i}` });
    const batch = batcher.take();
    expect(batch.droppedInWorker).toBe(3);
    expect(batch.topics).toEqual(['t3', 't4']);
    expect(batch.properties).toEqual([
      [0, { contentType: '3' }],
      [1, { contentType: '4' }],
    ]);
    expect(batcher.take().droppedInWorker).toBe(0);
  });

  it('bounds pending bytes too', () => {
    const batcher = new MessageBatcher(1000, 10);
    for (let i = 0; i < 4; i++) batcher.add('t', new Uint8Array(4), 0, i);
    const batch = batcher.take();
    expect(batch.count + batch.droppedInWorker).toBe(4);
    expect(batch.payloads.byteLength).toBeLessThanOrEqual(10);
  });

  it("reads the charted fields of the batch's messages into typed arrays", () => {
    const extractor = new ChartFieldExtractor();
    extractor.setFields(3, [
      { id: 1, match: 't', wildcard: false, path: 'a', booleans: false },
      { id: 2, match: 't', wildcard: false, path: 'b', booleans: false },
    ]);
    const batcher = new MessageBatcher(100, 1_000_000, extractor);
    batcher.add('t', bytes('{"a": 1, "b": 2}'), 0, 10);
    batcher.add('other', bytes('{"a": 9}'), 0, 11);
    batcher.add('t', bytes('{"a": "x", "b": 4}'), 0, 12);
    const { chart } = batcher.take();
    expect(chart!.version).toBe(3);
    expect(chart!.fieldIds).toBeInstanceOf(Uint32Array);
    expect(Array.from(chart!.fieldIds)).toEqual([1, 2, 1, 2]);
    expect(Array.from(chart!.messages)).toEqual([0, 0, 2, 2]);
    expect(chart!.values).toBeInstanceOf(Float64Array);
    expect(Array.from(chart!.values)).toEqual([1, 2, NaN, 4]);
    expect(batcher.take().chart!.fieldIds.length).toBe(0);
  });

  it('never parses the messages it discards', () => {
    const extractor = new ChartFieldExtractor();
    extractor.setFields(1, [
      { id: 1, match: 't', wildcard: false, path: 'value', booleans: false },
    ]);
    const batcher = new MessageBatcher(4, 1_000_000, extractor);
    for (let i = 0; i < 5; i++) batcher.add('t', bytes(String(i)), 0, i);
    const { chart, topics } = batcher.take();
    expect(topics).toHaveLength(2);
    expect(Array.from(chart!.messages)).toEqual([0, 1]);
    expect(Array.from(chart!.values)).toEqual([3, 4]);
  });
});
