import { describe, expect, it } from 'vitest';
import {
  CLICK_P95_LIMIT_MS,
  HEAP_HEADROOM_BYTES,
  clickLatencies,
  evaluateSoakTargets,
  heapWindowMs,
  minuteRates,
  soakMinuteTable,
  wholeHeapBytes,
} from './soak-report.mjs';

const MB = 2 ** 20;
const MIN = 60_000;

describe('heapWindowMs', () => {
  it('is the last 10 minutes of a 30-minute soak', () => {
    expect(heapWindowMs(30)).toBe(10 * MIN);
  });

  it('leaves out the first minute of a short soak, and is never under a minute', () => {
    expect(heapWindowMs(3)).toBe(2 * MIN);
    expect(heapWindowMs(1)).toBe(MIN);
  });
});

describe('wholeHeapBytes', () => {
  it('adds the ArrayBuffer contents to the used heap when they are known', () => {
    expect(wholeHeapBytes({ heapUsedBytes: 100, heapBackingStoreBytes: 20 })).toBe(120);
    expect(wholeHeapBytes({ heapUsedBytes: 100, heapBackingStoreBytes: null })).toBe(100);
  });
});

describe('clickLatencies', () => {
  it('keeps measured clicks, counts a timed-out one as the timeout, skips clicks not made', () => {
    const clicks = [
      { timedOut: false, clickToFrameMs: 20 },
      null,
      { timedOut: true, clickToFrameMs: null },
      { timedOut: false, clickToFrameMs: 140 },
    ];
    expect(clickLatencies(clicks, 10_000)).toEqual([20, 10_000, 140]);
  });
});

describe('minuteRates', () => {
  it('gives sent and received per second over the minute, and how far the page is behind', () => {
    const previous = { atMs: 60_000, sent: 300_000, received: 297_000 };
    const current = { atMs: 120_000, sent: 600_000, received: 599_400 };
    expect(minuteRates(previous, current)).toEqual({
      sentPerSec: 5000,
      receivedPerSec: 5040,
      behind: 600,
    });
  });

  it('has no rates for the first sample', () => {
    expect(minuteRates(null, { atMs: 5000, sent: 25_000, received: 12_000 })).toEqual({
      sentPerSec: null,
      receivedPerSec: null,
      behind: 13_000,
    });
  });
});

/** Heap samples, one a minute, from MB values. @param {number[]} mbs */
const heapSeries = (mbs) =>
  mbs.map((mb, minute) => ({
    atMs: minute * MIN,
    heapUsedBytes: mb * MB,
    heapBackingStoreBytes: 0,
  }));

describe('evaluateSoakTargets', () => {
  const clicksMs = Array.from({ length: 100 }, (_, i) => i + 1); // p95 = 95.05 ms

  it('passes a heap that is flat over the window and under budget + 64 MB', () => {
    const targets = evaluateSoakTargets({
      heapSamples: heapSeries([10, 80, 130, 135, 136, 136]),
      windowMs: 3 * MIN,
      budgetBytes: 128 * MB,
      clicksMs,
    });
    expect(targets.map((t) => t.verdict)).toEqual(['PASS', 'PASS', 'PASS']);
    // 136 / 130 - 1 over the last three minutes (from minute 2 to minute 5).
    expect(targets[0]?.value).toBeCloseTo(136 / 130 - 1, 10);
    expect(targets[1]?.value).toBe(136 * MB);
    expect(targets[1]?.limit).toBe(128 * MB + HEAP_HEADROOM_BYTES);
    expect(targets[2]?.value).toBeCloseTo(95.05, 10);
  });

  it('misses growth of 5 % or more, and judges the largest sample, not the last', () => {
    const targets = evaluateSoakTargets({
      heapSamples: heapSeries([10, 100, 200, 190, 210]),
      windowMs: 2 * MIN,
      budgetBytes: 128 * MB,
      clicksMs,
    });
    expect(targets[0]?.value).toBeCloseTo(0.05, 10);
    expect(targets[0]?.verdict).toBe('MISS');
    expect(targets[1]?.value).toBe(210 * MB);
    expect(targets[1]?.verdict).toBe('MISS');
  });

  it('counts the buffers outside the V8 heap in the whole heap', () => {
    const samples = [
      { atMs: 0, heapUsedBytes: 150 * MB, heapBackingStoreBytes: 50 * MB },
      { atMs: MIN, heapUsedBytes: 150 * MB, heapBackingStoreBytes: 50 * MB },
    ];
    const [, bound] = evaluateSoakTargets({
      heapSamples: samples,
      windowMs: MIN,
      budgetBytes: 128 * MB,
      clicksMs,
    });
    expect(bound?.value).toBe(200 * MB);
    expect(bound?.verdict).toBe('MISS');
  });

  it('misses a click p95 at the limit, and says N/A without clicks or samples', () => {
    const slow = evaluateSoakTargets({
      heapSamples: heapSeries([100, 100]),
      windowMs: MIN,
      budgetBytes: 128 * MB,
      clicksMs: Array(20).fill(CLICK_P95_LIMIT_MS),
    });
    expect(slow[2]?.verdict).toBe('MISS');
    const empty = evaluateSoakTargets({
      heapSamples: [],
      windowMs: MIN,
      budgetBytes: 128 * MB,
      clicksMs: [],
    });
    expect(empty.map((t) => t.verdict)).toEqual(['N/A', 'N/A', 'N/A']);
  });
});

describe('soakMinuteTable', () => {
  it('prints one row per minute under a header', () => {
    const text = soakMinuteTable([
      { minute: 0, heapUsedBytes: 10 * MB, heapBackingStoreBytes: MB, sent: 100, received: 90 },
      {
        minute: 1,
        heapUsedBytes: 80 * MB,
        heapBackingStoreBytes: 4 * MB,
        sent: 300_000,
        received: 299_500,
        behind: 500,
        clicksMs: [10, 20, 30],
      },
    ]);
    const lines = text.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^min\s+heap MB/);
    expect(lines[3]).toMatch(/^1\s+80\.0\s+84\.0/);
  });
});
