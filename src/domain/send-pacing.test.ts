import { describe, expect, it } from 'vitest';
import { achievedRatePerSec, dueCount, msUntilNextDue, topicCounter } from './send-pacing';

const base = {
  intervalMs: 10,
  startedAtMs: 1000,
  nowMs: 1000,
  sent: 0,
  total: 100,
  maxPerTick: 50,
};

describe('dueCount', () => {
  it('sends the first message at once, then one per interval', () => {
    expect(dueCount(base)).toBe(1);
    expect(dueCount({ ...base, sent: 1, nowMs: 1009 })).toBe(0);
    expect(dueCount({ ...base, sent: 1, nowMs: 1010 })).toBe(1);
  });
  it('catches up after a coarse tick (1 ms interval, 4 ms timer)', () => {
    expect(dueCount({ ...base, intervalMs: 1, sent: 1, nowMs: 1004 })).toBe(4);
  });
  it('never exceeds the total or the per-tick cap', () => {
    expect(dueCount({ ...base, intervalMs: 0 })).toBe(50);
    expect(dueCount({ ...base, intervalMs: 0, sent: 90 })).toBe(10);
    expect(dueCount({ ...base, sent: 100, nowMs: 99999 })).toBe(0);
    expect(dueCount({ ...base, total: Infinity, intervalMs: 1, nowMs: 1000 + 10_000 })).toBe(50);
  });
});

describe('msUntilNextDue and achievedRatePerSec', () => {
  it('waits for the next slot', () => {
    expect(msUntilNextDue({ intervalMs: 100, startedAtMs: 0, nowMs: 30, sent: 1 })).toBe(70);
    expect(msUntilNextDue({ intervalMs: 100, startedAtMs: 0, nowMs: 130, sent: 1 })).toBe(0);
    expect(msUntilNextDue({ intervalMs: 0, startedAtMs: 0, nowMs: 0, sent: 5 })).toBe(0);
  });
  it('reports messages per second', () => {
    expect(achievedRatePerSec(500, 250)).toBe(2000);
    expect(achievedRatePerSec(5, 0)).toBe(0);
  });
});

describe('topicCounter', () => {
  it('cycles through N topics from the start value', () => {
    expect([1, 2, 3, 4, 5].map((c) => topicCounter(c, 1, 3))).toEqual([1, 2, 3, 1, 2]);
    expect(topicCounter(42, 1, 0)).toBe(42);
    expect([0, 1, 2].map((c) => topicCounter(c, 0, 2))).toEqual([0, 1, 0]);
  });
});
