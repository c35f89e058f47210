import { describe, expect, it } from 'vitest';
import { clockTime, tickTime, timeTicks, windowLabel } from './time-format';

describe('time formatting', () => {
  it('formats clock times with and without milliseconds', () => {
    const ms = new Date(2026, 0, 2, 3, 4, 5, 67).getTime();
    expect(clockTime(ms)).toBe('03:04:05.067');
    expect(tickTime(new Date(2026, 0, 2, 3, 4, 5).getTime())).toBe('03:04:05');
    // Off a whole second, a tick says its milliseconds: ticks 250 ms apart never read the same.
    expect(tickTime(ms)).toBe('03:04:05.067');
    expect(tickTime(new Date(2026, 0, 2).getTime())).toBe('2026-01-02');
  });

  it('puts at most a few ticks on round local clock times, none for an empty range', () => {
    const at = (h: number, m: number, s: number, milli = 0) =>
      new Date(2026, 0, 2, h, m, s, milli).getTime();
    expect(timeTicks(at(3, 4, 5, 100), at(3, 4, 6, 100))).toEqual([
      at(3, 4, 5, 200),
      at(3, 4, 5, 400),
      at(3, 4, 5, 600),
      at(3, 4, 5, 800),
      at(3, 4, 6),
    ]);
    expect(timeTicks(at(3, 4, 5, 1), at(3, 5, 4, 999))).toEqual([
      at(3, 4, 15),
      at(3, 4, 30),
      at(3, 4, 45),
      at(3, 5, 0),
    ]);
    expect(timeTicks(at(1, 10, 0), at(5, 50, 0))).toEqual([
      at(2, 0, 0),
      at(3, 0, 0),
      at(4, 0, 0),
      at(5, 0, 0),
    ]);
    expect(timeTicks(5, 5)).toEqual([]);
    expect(timeTicks(0, Number.NaN)).toEqual([]);
  });

  it('never gives more ticks than asked for, and every tick is in the range', () => {
    for (const spanMs of [1, 7, 999, 3_000, 61_000, 3_600_000, 86_400_000 * 40]) {
      const from = new Date(2026, 5, 1, 12, 0, 0, 123).getTime();
      const ticks = timeTicks(from, from + spanMs, 5);
      expect(ticks.length).toBeGreaterThan(0);
      expect(ticks.length).toBeLessThanOrEqual(5);
      for (const t of ticks) {
        expect(t).toBeGreaterThanOrEqual(from);
        expect(t).toBeLessThanOrEqual(from + spanMs);
      }
    }
  });

  it('labels the ticks of any span so that no two read the same', () => {
    const from = new Date(2026, 5, 1, 23, 59, 58, 123).getTime();
    for (const spanMs of [3, 40, 900, 3_200, 9_000, 61_000, 7_200_000, 86_400_000 * 6]) {
      const labels = timeTicks(from, from + spanMs, 5).map(tickTime);
      expect(labels.length).toBeGreaterThan(1);
      expect(new Set(labels).size).toBe(labels.length);
    }
  });

  it('names time windows', () => {
    expect(windowLabel(0)).toBe('All kept');
    expect(windowLabel(30_000)).toBe('30 s');
    expect(windowLabel(300_000)).toBe('5 min');
    expect(windowLabel(3_600_000)).toBe('1 h');
  });
});
