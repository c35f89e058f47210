import { describe, expect, it } from 'vitest';
import { Ingest } from './ingest';
import { ChartSampler } from './chart-sampler';

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
