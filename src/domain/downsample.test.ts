import { describe, it, expect } from 'vitest';
import { lttb } from './downsample';

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
