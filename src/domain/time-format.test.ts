import { describe, expect, it } from 'vitest';
import { clockTime, tickTime, timeTicks, windowLabel } from './time-format';

describe('time formatting', () => {
  it('formats clock times with and without milliseconds', () => {
    const ms = new Date(2026, 0, 2, 3, 4, 5, 67).getTime();
    expect(clockTime(ms)).toBe('03:04:05.067');
    expect(tickTime(ms)).toBe('03:04:05');
  });

  it('spreads a few ticks evenly over a range, none for an empty one', () => {
    expect(timeTicks(0, 1000)).toEqual([0, 250, 500, 750, 1000]);
    expect(timeTicks(5, 5)).toEqual([]);
    expect(timeTicks(0, Number.NaN)).toEqual([]);
  });

  it('names time windows', () => {
    expect(windowLabel(0)).toBe('All kept');
    expect(windowLabel(30_000)).toBe('30 s');
    expect(windowLabel(300_000)).toBe('5 min');
    expect(windowLabel(3_600_000)).toBe('1 h');
  });
});
