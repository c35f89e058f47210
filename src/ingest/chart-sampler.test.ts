import { afterEach, describe, expect, it, vi } from 'vitest';
import { Ingest } from './ingest';
import { ChartSampler, MAX_WILDCARD_SERIES } from './chart-sampler';
import { MessageBatcher } from '../mqtt/message-batcher';
import { ChartFieldExtractor, type ChartField } from '../domain/chart-values';
import { compileTopicFilter } from '../domain/topic-filter';
import type { MessageBatch } from '../mqtt/worker-protocol';

const bytes = (s: string) => new TextEncoder().encode(s);
/** Lets queued microtasks run: the field list reaches the worker, discoveries their listeners. */
const tick = () => Promise.resolve();

type Message = [topic: string, payload: string, receivedAtMs: number];

/**
 * The page's ingest and sampler, with the worker's side of a batch in-process: the sampler's
 * field list goes to an extractor, and batches are packed by a MessageBatcher with it.
 */
function pipeline(capacity?: number) {
  const ingest = new Ingest();
  const sampler = new ChartSampler(ingest, capacity);
  const extractor = new ChartFieldExtractor();
  const lists: ChartField[][] = [];
  sampler.onFieldsChange((version, fields) => {
    lists.push(fields);
    extractor.setFields(version, fields);
  });
  const batcher = new MessageBatcher(100_000, 100_000_000, extractor);
  /** One batch as the worker posts it. */
  const pack = (...messages: Message[]): MessageBatch => {
    for (const [topic, payload, time] of messages) batcher.add(topic, bytes(payload), 0, time);
    return batcher.take();
  };
  /** One batch from the worker, ingested by the page. */
  const send = (...messages: Message[]) => ingest.ingestBatch(pack(...messages));
  const fields = () => lists.at(-1) ?? [];
  return { ingest, sampler, extractor, pack, send, fields };
}

afterEach(() => vi.restoreAllMocks());

describe('ChartSampler', () => {
  it('back-fills from kept history, then takes the worker values of charted topics only', async () => {
    const { sampler, send, pack, ingest } = pipeline();
    send(['plant/t', '{"celsius": 20}', 1000], ['plant/t', '{"celsius": 21}', 2000]);
    const series = sampler.track('plant/t', 'celsius');
    expect(series.ring.size).toBe(2);
    expect(series.ring.valueAt(0)).toBe(20);
    await tick();
    const batch = pack(
      ['plant/t', '{"celsius": 22.5}', 3000],
      ['plant/other', '{"celsius": 99}', 3000],
    );
    expect(Array.from(batch.chart!.values)).toEqual([22.5]);
    const parse = vi.spyOn(JSON, 'parse');
    ingest.ingestBatch(batch);
    expect(parse).not.toHaveBeenCalled();
    expect(series.ring.size).toBe(3);
    expect(series.ring.valueAt(2)).toBe(22.5);
    expect(series.ring.timeAt(2)).toBe(3000);
  });

  it('two series on one topic: the worker parses each message once, the page never', async () => {
    const { sampler, pack, ingest, fields } = pipeline();
    const rpm = sampler.track('motor', 'rpm');
    const current = sampler.track('motor', 'current');
    await tick();
    expect(fields().map((f) => [f.match, f.path])).toEqual([
      ['motor', 'rpm'],
      ['motor', 'current'],
    ]);
    const parse = vi.spyOn(JSON, 'parse');
    const batch = pack(
      ['motor', '{"rpm": 1500, "current": 3.1}', 1],
      ['motor', '{"rpm": 1600, "current": 3.2}', 2],
    );
    expect(parse).toHaveBeenCalledTimes(2);
    parse.mockClear();
    ingest.ingestBatch(batch);
    expect(parse).not.toHaveBeenCalled();
    expect(Array.from(rpm.ring.copyRange(0, 10).ys)).toEqual([1500, 1600]);
    expect(Array.from(current.ring.copyRange(0, 10).ys)).toEqual([3.1, 3.2]);
  });

  it('counts values that are not numbers as skipped instead of plotting zero', async () => {
    const { sampler, send } = pipeline();
    const series = sampler.track('x', 'value');
    await tick();
    send(['x', '12.5', 1], ['x', '"hello"', 2], ['x', '{"other": 1}', 3], ['x', 'true', 4]);
    expect(series.ring.size).toBe(1);
    expect(series.skipped).toBe(3);
  });

  it('stops sampling an untracked field: the worker no longer reads it', async () => {
    const { sampler, send, pack, fields } = pipeline();
    const series = sampler.track('x', 'value');
    await tick();
    expect(fields()).toHaveLength(1);
    sampler.untrack('x', 'value');
    await tick();
    expect(fields()).toEqual([]);
    expect(pack(['x', '1', 1]).chart!.values.length).toBe(0);
    send(['x', '1', 1]);
    expect(series.ring.size).toBe(0);
    expect(sampler.get('x', 'value')).toBeUndefined();
  });

  it('samples a batch the worker read before it had the field from the kept messages, once', async () => {
    const { sampler, send, pack, ingest } = pipeline();
    const series = sampler.track('x', 'v');
    // Read by the worker before the field list reached it, as a batch in flight is.
    const early = pack(['x', '{"v": 1}', 1]);
    expect(early.chart!.values.length).toBe(0);
    await tick();
    const next = pack(['x', '{"v": 2}', 2]);
    ingest.ingestBatch(early);
    ingest.ingestBatch(next);
    send(['x', '{"v": 3}', 3]);
    expect(Array.from(series.ring.copyRange(0, 10).ys)).toEqual([1, 2, 3]);
  });

  it('samples batches from a source that reads no fields from the kept messages', () => {
    const { sampler, ingest } = pipeline();
    const series = sampler.track('x', 'v');
    ingest.ingestBatch({
      count: 1,
      topics: ['x'],
      payloads: bytes('{"v": 4}').buffer,
      payloadEnds: new Uint32Array([8]),
      flags: new Uint8Array(1),
      receivedAtMs: new Float64Array([5]),
      properties: [],
      droppedInWorker: 0,
    });
    expect(series.ring.valueAt(0)).toBe(4);
  });

  it('messages kept outside a batch (old data put back) are sampled soon after', async () => {
    const { sampler, ingest } = pipeline();
    const series = sampler.track('x', 'v');
    ingest.ingestOne('x', bytes('{"v": 1}'), 0, 1);
    await tick();
    expect(series.ring.size).toBe(1);
  });

  it('takes no values of messages the ingest did not keep (muted subscriptions)', async () => {
    const { sampler, send, ingest } = pipeline();
    const series = sampler.track('muted/x', 'v');
    const other = sampler.track('open/x', 'v');
    await tick();
    ingest.setSubscriptions([
      { matches: compileTopicFilter('muted/#'), muted: true, colorIndex: 0 },
      { matches: compileTopicFilter('open/#'), muted: false, colorIndex: 1 },
    ]);
    send(['muted/x', '{"v": 1}', 1], ['open/x', '{"v": 2}', 2], ['muted/x', '"no"', 3]);
    expect(series.ring.size).toBe(0);
    expect(series.skipped).toBe(0);
    expect(other.ring.valueAt(0)).toBe(2);
  });
});

describe('ChartSampler booleans', () => {
  it('reads true/false as 1/0 only for series that ask', async () => {
    const { sampler, send } = pipeline();
    send(['door', '{"open": true}', 1]);
    const plain = sampler.track('door', 'open');
    expect(plain.ring.size).toBe(0);
    expect(plain.skipped).toBe(1);
    // Asking again with booleans re-reads the kept history.
    const withBooleans = sampler.track('door', 'open', { booleans: true });
    expect(withBooleans).toBe(plain);
    expect(plain.ring.size).toBe(1);
    expect(plain.skipped).toBe(0);
    await tick();
    send(['door', '{"open": false}', 2]);
    expect(plain.ring.valueAt(1)).toBe(0);
    expect(plain.ring.size).toBe(2);
  });
});

describe('ChartSampler wildcard series', () => {
  it('charts existing matching topics and each new one once, found per topic', async () => {
    const { sampler, send, pack, ingest, fields } = pipeline();
    send(['plant/a/temperature', '{"celsius": 1}', 1], ['plant/a/humidity', '{"celsius": 9}', 1]);
    const found: string[] = [];
    sampler.onDiscover((batch) => found.push(...batch.map((d) => `${d.filter} ${d.topic}`)));
    expect(sampler.watch('plant/+/temperature', 'celsius')).toEqual(['plant/a/temperature']);
    expect(sampler.get('plant/a/temperature', 'celsius')!.ring.size).toBe(1);
    await tick();
    // One wildcard field in the worker serves every topic the spec finds.
    expect(fields()).toMatchObject([{ match: 'plant/+/temperature', wildcard: true }]);

    const parse = vi.spyOn(JSON, 'parse');
    const batch = pack(
      ['plant/b/temperature', '{"celsius": 2}', 2],
      ['plant/b/temperature', '{"celsius": 3}', 3],
      ['plant/c/humidity', '{"celsius": 4}', 3],
      ['plant/a/temperature', '{"celsius": 5}', 3],
    );
    parse.mockClear();
    ingest.ingestBatch(batch);
    expect(found).toEqual([]);
    await tick();
    expect(found).toEqual(['plant/+/temperature plant/b/temperature']);
    // The first message is sampled once (by the back-fill), not twice; later ones come from
    // the worker.
    const b = sampler.get('plant/b/temperature', 'celsius')!;
    expect(Array.from(b.ring.copyRange(0, 10).ys)).toEqual([2, 3]);
    expect(sampler.get('plant/a/temperature', 'celsius')!.ring.valueAt(1)).toBe(5);
    expect(sampler.get('plant/c/humidity', 'celsius')).toBeUndefined();
    expect(parse).toHaveBeenCalledTimes(1); // the new topic's back-fill
    parse.mockClear();
    send(['plant/b/temperature', '{"celsius": 6}', 4]);
    expect(b.ring.valueAt(2)).toBe(6);
  });

  it('stops finding topics once unwatched, and caps the series per spec', async () => {
    const { sampler, send, fields } = pipeline();
    sampler.watch('x/#', 'value');
    await tick();
    const messages: Message[] = [];
    for (let i = 0; i < MAX_WILDCARD_SERIES + 3; i++) messages.push([`x/${i}`, '1', i]);
    send(...messages);
    await tick();
    const spec = sampler.wildcard('x/#', 'value')!;
    expect(spec.topics.size).toBe(MAX_WILDCARD_SERIES);
    expect(spec.overflow).toBe(3);
    // A full spec finds no more topics: the worker reads its series' topics only.
    expect(fields().every((f) => !f.wildcard)).toBe(true);
    expect(fields()).toHaveLength(MAX_WILDCARD_SERIES);
    send(['x/0', '2', 100], [`x/${MAX_WILDCARD_SERIES}`, '2', 100]);
    expect(sampler.get('x/0', 'value')!.ring.valueAt(1)).toBe(2);
    expect(sampler.get(`x/${MAX_WILDCARD_SERIES}`, 'value')).toBeUndefined();
    sampler.unwatch('x/#', 'value');
    send(['x/new', '1', 99]);
    expect(sampler.get('x/new', 'value')).toBeUndefined();
  });

  it('a topic found by a spec and also charted by hand is read once per message', async () => {
    const { sampler, send, fields } = pipeline();
    const exact = sampler.track('p/1', 'v');
    sampler.watch('p/+', 'v');
    await tick();
    // No message on p/1 yet: the spec has not found it, so both are read (from one parse).
    expect(fields()).toHaveLength(2);
    send(['p/1', '{"v": 1}', 1]);
    await tick();
    // Found: the spec's field serves the series.
    expect(fields()).toMatchObject([{ match: 'p/+', wildcard: true }]);
    expect(sampler.get('p/1', 'v')).toBe(exact);
    expect(Array.from(exact.ring.copyRange(0, 10).ys)).toEqual([1]);
    sampler.unwatch('p/+', 'v');
    await tick();
    expect(fields()).toMatchObject([{ match: 'p/1', wildcard: false }]);
    send(['p/1', '{"v": 2}', 2]);
    expect(Array.from(exact.ring.copyRange(0, 10).ys)).toEqual([1, 2]);
  });
});

describe('ChartSampler: values no axis can show', () => {
  it('counts NaN, Infinity and values beyond 1e300 as not drawn', async () => {
    const { sampler, send } = pipeline();
    const series = sampler.track('x', 'v');
    await tick();
    send(
      ...['1e308', '-1e301', '"NaN"', '5', '1e300'].map((v): Message => ['x', `{"v": ${v}}`, 1]),
    );
    expect(series.ring.size).toBe(2);
    expect(series.skipped).toBe(3);
  });
});

describe('ChartSampler points kept per series', () => {
  it('resizes every ring keeping the newest samples; new series take the new size', async () => {
    const { sampler, send } = pipeline(4);
    const a = sampler.track('a', 'v');
    await tick();
    for (let i = 1; i <= 6; i++) send(['a', `{"v": ${i}}`, i * 1000]);
    expect(a.ring.size).toBe(4);
    expect(a.ring.valueAt(0)).toBe(3);
    const version = a.version;
    sampler.setPointsPerSeries(2);
    expect(sampler.pointsPerSeries).toBe(2);
    expect(a.ring.capacity).toBe(2);
    expect([a.ring.valueAt(0), a.ring.valueAt(1)]).toEqual([5, 6]);
    expect(a.version).toBeGreaterThan(version);
    // Growing again keeps what is held (no sample is taken twice), then fills with new ones.
    sampler.setPointsPerSeries(10);
    expect(a.ring.size).toBe(2);
    send(['a', '{"v": 7}', 7000]);
    expect([a.ring.valueAt(0), a.ring.valueAt(2)]).toEqual([5, 7]);
    expect(sampler.track('b', 'v').ring.capacity).toBe(10);
    expect(() => sampler.setPointsPerSeries(0)).toThrow(RangeError);
  });

  it('counts the memory the rings allocate (16 bytes per point of capacity) and hold', async () => {
    const { sampler, send } = pipeline(1_000);
    expect(sampler.memory()).toEqual({
      series: 0,
      allocatedPoints: 0,
      heldPoints: 0,
      allocatedBytes: 0,
    });
    sampler.track('a', 'v');
    sampler.track('b', 'v');
    await tick();
    send(['a', '{"v": 1}', 1000], ['a', '{"v": 2}', 2000], ['b', '{"v": 3}', 2000]);
    expect(sampler.memory()).toEqual({
      series: 2,
      allocatedPoints: 2_000,
      heldPoints: 3,
      allocatedBytes: 32_000,
    });
    sampler.untrack('b', 'v');
    expect(sampler.memory().allocatedBytes).toBe(16_000);
  });
});
