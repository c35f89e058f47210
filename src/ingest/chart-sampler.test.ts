import { describe, expect, it } from 'vitest';
import { Ingest } from './ingest';
import { ChartSampler, MAX_WILDCARD_SERIES } from './chart-sampler';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('ChartSampler', () => {
  it('back-fills from kept history, then samples only charted topics', () => {
    const ingest = new Ingest();
    ingest.ingestOne('plant/t', bytes('{"celsius": 20}'), 0, 1000);
    ingest.ingestOne('plant/t', bytes('{"celsius": 21}'), 0, 2000);
    const sampler = new ChartSampler(ingest);
    const series = sampler.track('plant/t', 'celsius');
    expect(series.ring.size).toBe(2);
    expect(series.ring.valueAt(0)).toBe(20);
    ingest.ingestOne('plant/t', bytes('{"celsius": 22.5}'), 0, 3000);
    ingest.ingestOne('plant/other', bytes('{"celsius": 99}'), 0, 3000);
    expect(series.ring.size).toBe(3);
    expect(series.ring.valueAt(2)).toBe(22.5);
    expect(series.ring.timeAt(2)).toBe(3000);
  });

  it('counts values that are not numbers as skipped instead of plotting zero', () => {
    const ingest = new Ingest();
    const sampler = new ChartSampler(ingest);
    const series = sampler.track('x', 'value');
    ingest.ingestOne('x', bytes('12.5'), 0, 1);
    ingest.ingestOne('x', bytes('"hello"'), 0, 2);
    ingest.ingestOne('x', bytes('{"other": 1}'), 0, 3);
    expect(series.ring.size).toBe(1);
    expect(series.skipped).toBe(2);
  });

  it('stops sampling an untracked field', () => {
    const ingest = new Ingest();
    const sampler = new ChartSampler(ingest);
    const series = sampler.track('x', 'value');
    sampler.untrack('x', 'value');
    ingest.ingestOne('x', bytes('1'), 0, 1);
    expect(series.ring.size).toBe(0);
    expect(sampler.get('x', 'value')).toBeUndefined();
  });
});

describe('ChartSampler booleans', () => {
  it('reads true/false as 1/0 only for series that ask', () => {
    const ingest = new Ingest();
    ingest.ingestOne('door', bytes('{"open": true}'), 0, 1);
    const sampler = new ChartSampler(ingest);
    const plain = sampler.track('door', 'open');
    expect(plain.ring.size).toBe(0);
    expect(plain.skipped).toBe(1);
    // Asking again with booleans re-reads the kept history.
    const withBooleans = sampler.track('door', 'open', { booleans: true });
    expect(withBooleans).toBe(plain);
    expect(plain.ring.size).toBe(1);
    expect(plain.skipped).toBe(0);
    ingest.ingestOne('door', bytes('{"open": false}'), 0, 2);
    expect(plain.ring.valueAt(1)).toBe(0);
  });
});

describe('ChartSampler wildcard series', () => {
  it('charts existing matching topics and each new one once, found per topic', async () => {
    const ingest = new Ingest();
    ingest.ingestOne('plant/a/temperature', bytes('{"celsius": 1}'), 0, 1);
    ingest.ingestOne('plant/a/humidity', bytes('{"celsius": 9}'), 0, 1);
    const sampler = new ChartSampler(ingest);
    const found: string[] = [];
    sampler.onDiscover((batch) => found.push(...batch.map((d) => `${d.filter} ${d.topic}`)));
    expect(sampler.watch('plant/+/temperature', 'celsius')).toEqual(['plant/a/temperature']);
    expect(sampler.get('plant/a/temperature', 'celsius')!.ring.size).toBe(1);

    ingest.ingestOne('plant/b/temperature', bytes('{"celsius": 2}'), 0, 2);
    ingest.ingestOne('plant/b/temperature', bytes('{"celsius": 3}'), 0, 3);
    ingest.ingestOne('plant/c/humidity', bytes('{"celsius": 4}'), 0, 3);
    expect(found).toEqual([]);
    await Promise.resolve();
    expect(found).toEqual(['plant/+/temperature plant/b/temperature']);
    // The first message is sampled once (by the back-fill), not twice.
    const b = sampler.get('plant/b/temperature', 'celsius')!;
    expect(Array.from(b.ring.copyRange(0, 10).ys)).toEqual([2, 3]);
    expect(sampler.get('plant/c/humidity', 'celsius')).toBeUndefined();
  });

  it('stops finding topics once unwatched, and caps the series per spec', async () => {
    const ingest = new Ingest();
    const sampler = new ChartSampler(ingest);
    sampler.watch('x/#', 'value');
    for (let i = 0; i < MAX_WILDCARD_SERIES + 3; i++) ingest.ingestOne(`x/${i}`, bytes('1'), 0, i);
    await Promise.resolve();
    const spec = sampler.wildcard('x/#', 'value')!;
    expect(spec.topics.size).toBe(MAX_WILDCARD_SERIES);
    expect(spec.overflow).toBe(3);
    sampler.unwatch('x/#', 'value');
    ingest.ingestOne('x/new', bytes('1'), 0, 99);
    expect(sampler.get('x/new', 'value')).toBeUndefined();
  });
});

describe('ChartSampler: values no axis can show', () => {
  it('counts NaN, Infinity and values beyond 1e300 as not drawn', () => {
    const ingest = new Ingest();
    const sampler = new ChartSampler(ingest);
    const series = sampler.track('x', 'v');
    for (const v of ['1e308', '-1e301', '"NaN"', '5', '1e300']) {
      ingest.ingestOne('x', new TextEncoder().encode(`{"v": ${v}}`), 0, 1);
    }
    expect(series.ring.size).toBe(2);
    expect(series.skipped).toBe(3);
  });
});
