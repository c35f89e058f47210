import { describe, it, expect } from 'vitest';
import { lttb, minMaxBuckets, minMaxByTimeGrid } from './downsample';

/** Deterministic pseudo-random series (no Math.random so failures reproduce). */
function series(n: number, stepMs = 10): { xs: Float64Array; ys: Float64Array } {
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  let seed = 12345;
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    xs[i] = 1_000_000 + i * stepMs;
    ys[i] = Math.sin(i / 50) * 10 + (seed / 2147483648) * 2;
  }
  return { xs, ys };
}

function concat(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

describe('lttb', () => {
  it('returns a copy when the series fits the budget', () => {
    const xs = [1, 2, 3];
    const ys = [4, 5, 6];
    const out = lttb(xs, ys, 3);
    expect(Array.from(out.xs)).toEqual(xs);
    expect(Array.from(out.ys)).toEqual(ys);
    expect(out.xs).toBeInstanceOf(Float64Array);
  });

  it('keeps first and last and meets the budget', () => {
    const { xs, ys } = series(10_000);
    const out = lttb(xs, ys, 500);
    expect(out.xs.length).toBe(500);
    expect(out.xs[0]).toBe(xs[0]);
    expect(out.xs[499]).toBe(xs[9999]);
    for (let i = 1; i < out.xs.length; i++) {
      expect(out.xs[i]).toBeGreaterThan(out.xs[i - 1] as number);
    }
  });

  it('keeps an isolated spike', () => {
    const n = 1000;
    const xs = Array.from({ length: n }, (_, i) => i);
    const ys = xs.map((i) => (i === 437 ? 100 : 0));
    const out = lttb(xs, ys, 50);
    expect(Array.from(out.ys)).toContain(100);
  });

  it('treats a budget below 2 as 2', () => {
    const out = lttb([1, 2, 3, 4], [1, 2, 3, 4], 1);
    expect(Array.from(out.xs)).toEqual([1, 4]);
  });
});

describe('minMaxBuckets', () => {
  it('keeps the extremes of every bucket in time order', () => {
    const xs = [0, 1, 2, 3, 4, 5, 6, 7, 8];
    const ys = [5, 9, 1, 5, 5, 5, -3, 5, 7];
    const out = minMaxBuckets(xs, ys, 2);
    // Buckets of 4 ms: [0,4) and [4,8], the last point joining the last bucket.
    expect(Array.from(out.xs)).toEqual([1, 2, 6, 8]);
    expect(Array.from(out.ys)).toEqual([9, 1, -3, 7]);
  });

  it('never exceeds 2 points per bucket and keeps global extremes', () => {
    const { xs, ys } = series(20_000);
    ys[12_345] = 1000;
    ys[777] = -1000;
    const out = minMaxBuckets(xs, ys, 100);
    expect(out.xs.length).toBeLessThanOrEqual(200);
    expect(Math.max(...out.ys)).toBe(1000);
    expect(Math.min(...out.ys)).toBe(-1000);
  });

  it('returns a copy for small series', () => {
    expect(Array.from(minMaxBuckets([1, 2], [3, 4], 5).ys)).toEqual([3, 4]);
  });
});

describe('minMaxByTimeGrid', () => {
  it('downsampling in chunks equals downsampling at once', () => {
    const { xs, ys } = series(10_000, 7);
    const startMs = 1_000_000;
    const bucketMs = 250;
    const whole = minMaxByTimeGrid(xs, ys, startMs, bucketMs);
    // Split on a grid line: the first point at or after bucket 123's start.
    const splitMs = startMs + 123 * bucketMs;
    const split = xs.findIndex((x) => x >= splitMs);
    const first = minMaxByTimeGrid(xs.subarray(0, split), ys.subarray(0, split), startMs, bucketMs);
    const second = minMaxByTimeGrid(xs.subarray(split), ys.subarray(split), startMs, bucketMs);
    expect(concat(first.xs, second.xs)).toEqual(whole.xs);
    expect(concat(first.ys, second.ys)).toEqual(whole.ys);
    expect(whole.xs.length).toBeLessThan(xs.length);
  });

  it('puts points in buckets by time, not by index', () => {
    const out = minMaxByTimeGrid([0, 1, 2, 100, 101], [1, 3, 2, 8, 4], 0, 10);
    expect(Array.from(out.xs)).toEqual([0, 1, 100, 101]);
    expect(Array.from(out.ys)).toEqual([1, 3, 8, 4]);
  });

  it('skips NaN values and rejects a bad bucket size', () => {
    const out = minMaxByTimeGrid([0, 1, 2], [NaN, 2, NaN], 0, 10);
    expect(Array.from(out.ys)).toEqual([2]);
    expect(() => minMaxByTimeGrid([0], [0], 0, 0)).toThrow(RangeError);
  });
});
