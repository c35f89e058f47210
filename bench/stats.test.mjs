import { describe, expect, it } from 'vitest';
import {
  countAt,
  frameStats,
  growthOverLast,
  judge,
  keptUp,
  lagStats,
  median,
  nextProbeRate,
  percentile,
  rateBetween,
  ratio,
  summarize,
} from './stats.mjs';

describe('percentile', () => {
  it('interpolates between closest ranks', () => {
    const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(values, 0)).toBe(1);
    expect(percentile(values, 100)).toBe(10);
    expect(percentile(values, 50)).toBe(5.5);
    expect(percentile(values, 95)).toBeCloseTo(9.55, 10);
    expect(percentile(values, 99)).toBeCloseTo(9.91, 10);
  });

  it('does not depend on input order and leaves the input alone', () => {
    const values = [10, 1, 7, 3];
    expect(percentile(values, 50)).toBe(5);
    expect(values).toEqual([10, 1, 7, 3]);
  });

  it('gives null when there is nothing to rank and ignores non-finite values', () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([Number.NaN], 50)).toBeNull();
    expect(percentile([4, Number.NaN], 50)).toBe(4);
  });
});

describe('median and summarize', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('reports median and range over repeats, leaving out missing figures', () => {
    expect(summarize([52, 48, null, 60])).toEqual({ median: 52, min: 48, max: 60, n: 3 });
    expect(summarize([null, undefined])).toEqual({ median: null, min: null, max: null, n: 0 });
  });
});

describe('ratio', () => {
  it('divides, or says it cannot', () => {
    expect(ratio(9000, 10_000)).toBe(0.9);
    expect(ratio(1, 0)).toBeNull();
    expect(ratio(null, 5)).toBeNull();
    expect(ratio(5, undefined)).toBeNull();
  });
});

describe('frameStats', () => {
  it('counts frames per second and the share over 33 ms', () => {
    // 58 frames of 16 ms and 2 of 50 ms: 1,028 ms in all.
    const intervals = [...Array(58).fill(16), 50, 50];
    const stats = frameStats(intervals);
    expect(stats.frames).toBe(60);
    expect(stats.fps).toBeCloseTo(60 / 1.028, 6);
    expect(stats.longFrameShare).toBeCloseTo(2 / 60, 10);
    expect(stats.maxFrameMs).toBe(50);
  });

  it('does not count a frame of exactly 33 ms as long', () => {
    expect(frameStats([33, 34]).longFrameShare).toBe(0.5);
  });

  it('gives nulls without frames', () => {
    expect(frameStats([])).toEqual({
      frames: 0,
      fps: null,
      longFrameShare: null,
      p95FrameMs: null,
      maxFrameMs: null,
    });
  });
});

describe('lagStats', () => {
  it('gives p50, p95 and max of timer lags', () => {
    const lags = Array.from({ length: 101 }, (_, i) => i);
    expect(lagStats(lags)).toEqual({ p50: 50, p95: 95, max: 100 });
    expect(lagStats([])).toEqual({ p50: null, p95: null, max: null });
  });
});

describe('countAt and rateBetween', () => {
  /** @type {Array<[number, number]>} */
  const samples = [
    [1000, 0],
    [1100, 100],
    [1300, 500],
  ];

  it('interpolates a counter between samples and clamps outside them', () => {
    expect(countAt(samples, 1050)).toBe(50);
    expect(countAt(samples, 1200)).toBe(300);
    expect(countAt(samples, 500)).toBe(0);
    expect(countAt(samples, 9999)).toBe(500);
    expect(countAt([], 1)).toBeNull();
  });

  it('gives a per-second rate between two times', () => {
    expect(rateBetween(samples, 1100, 1300)).toBe(2000);
    expect(rateBetween(samples, 1300, 1100)).toBeNull();
  });
});

describe('keptUp', () => {
  const stage = { ratePerSec: 10_000, sent: 50_000, maxBacklogSec: 0.25 };

  it('passes when everything arrived and the page was barely behind at the end', () => {
    expect(keptUp({ ...stage, receivedAtEnd: 48_000, receivedFinal: 50_000 })).toBe(true);
  });

  it('fails when messages were lost', () => {
    expect(keptUp({ ...stage, receivedAtEnd: 50_000, receivedFinal: 49_999 })).toBe(false);
  });

  it('fails when a backlog built up, even if it drained later', () => {
    expect(keptUp({ ...stage, receivedAtEnd: 45_000, receivedFinal: 50_000 })).toBe(false);
    expect(keptUp({ ...stage, receivedAtEnd: null, receivedFinal: 50_000 })).toBe(false);
  });
});

describe('nextProbeRate', () => {
  it('grows while every probe passes', () => {
    expect(nextProbeRate({ bestPass: 10_000, lowestMiss: null })).toBe(12_000);
  });

  it('shrinks while nothing has passed', () => {
    expect(nextProbeRate({ bestPass: null, lowestMiss: 10_000 })).toBe(7000);
  });

  it('bisects between the best pass and the lowest miss, rounded to the step', () => {
    expect(nextProbeRate({ bestPass: 10_000, lowestMiss: 12_050 })).toBe(11_000);
  });

  it('needs a probe first', () => {
    expect(() => nextProbeRate({ bestPass: null, lowestMiss: null })).toThrow();
  });
});

describe('growthOverLast', () => {
  it('compares the end with the value one window earlier', () => {
    /** @type {Array<[number, number]>} */
    const heap = [
      [0, 50],
      [60_000, 100],
      [120_000, 100],
      [180_000, 104],
    ];
    expect(growthOverLast(heap, 60_000)).toBeCloseTo(0.04, 10);
    expect(growthOverLast(heap, 90_000)).toBeCloseTo(0.04, 10);
    expect(growthOverLast(heap, 150_000)).toBeCloseTo(104 / 75 - 1, 10);
    expect(growthOverLast([[0, 1]], 1000)).toBeNull();
  });
});

describe('judge', () => {
  it('says PASS, MISS or N/A', () => {
    expect(judge(55, '>=', 50)).toBe('PASS');
    expect(judge(49.9, '>=', 50)).toBe('MISS');
    expect(judge(0.05, '<', 0.05)).toBe('MISS');
    expect(judge(0.049, '<', 0.05)).toBe('PASS');
    expect(judge(null, '<', 1)).toBe('N/A');
  });
});
