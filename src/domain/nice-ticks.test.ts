import { describe, expect, it } from 'vitest';
import { niceTicks } from './nice-ticks';

describe('niceTicks', () => {
  it('covers the range with round steps, ending on ticks at or beyond it', () => {
    expect(niceTicks(1, 9)).toEqual([0, 2.5, 5, 7.5, 10]);
    expect(niceTicks(0, 100)).toEqual([0, 25, 50, 75, 100]);
    expect(niceTicks(13, 87)).toEqual([0, 25, 50, 75, 100]);
    expect(niceTicks(-3.2, 4.1)).toEqual([-5, -2.5, 0, 2.5, 5]);
    expect(niceTicks(1, 11)).toEqual([0, 5, 10, 15]);
  });

  it('reads decimals exactly (no 0.30000000000000004)', () => {
    expect(niceTicks(0.1, 0.5)).toEqual([0.1, 0.2, 0.3, 0.4, 0.5]);
    expect(niceTicks(0.0012, 0.0049)).toEqual([0.001, 0.002, 0.003, 0.004, 0.005]);
  });

  it('widens a flat range around its value', () => {
    expect(niceTicks(0, 0)).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(niceTicks(50, 50)).toEqual([45, 47.5, 50, 52.5, 55]);
  });

  it('always reaches both ends, with at most count ticks, for any range', () => {
    const ranges: Array<[number, number]> = [
      [0, 1],
      [-1e9, 3e9],
      [1e-9, 3e-9],
      [1_700_000_000_000, 1_700_000_000_007],
      [-0.001, 1e6],
      [99.5, 100.4],
    ];
    for (const [min, max] of ranges) {
      const ticks = niceTicks(min, max);
      expect(ticks.length).toBeGreaterThanOrEqual(2);
      expect(ticks.length).toBeLessThanOrEqual(5);
      expect(ticks[0]).toBeLessThanOrEqual(min);
      expect(ticks[ticks.length - 1]).toBeGreaterThanOrEqual(max);
      for (let i = 1; i < ticks.length; i++) expect(ticks[i]!).toBeGreaterThan(ticks[i - 1]!);
    }
  });

  it('gives nothing for a range that is not one', () => {
    expect(niceTicks(Number.NaN, 1)).toEqual([]);
    expect(niceTicks(2, 1)).toEqual([]);
    expect(niceTicks(0, Number.POSITIVE_INFINITY)).toEqual([]);
  });
});
