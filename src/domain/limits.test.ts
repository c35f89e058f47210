import { describe, expect, it } from 'vitest';
import { clampLimits, DEFAULT_LIMITS, LIMIT_RANGES } from './limits';

describe('clampLimits', () => {
  it('keeps the defaults and rounds to whole numbers', () => {
    expect(clampLimits(DEFAULT_LIMITS)).toEqual(DEFAULT_LIMITS);
    expect(clampLimits({ ...DEFAULT_LIMITS, historyPerTopic: 10.4 }).historyPerTopic).toBe(10);
  });

  it('holds every limit inside its range and replaces what is not a number', () => {
    const low = clampLimits({ historyPerTopic: 0, logCapacity: -5, payloadBudgetBytes: 1 });
    expect(low).toEqual({
      historyPerTopic: LIMIT_RANGES.historyPerTopic.min,
      logCapacity: LIMIT_RANGES.logCapacity.min,
      payloadBudgetBytes: LIMIT_RANGES.payloadBudgetBytes.min,
    });
    const odd = clampLimits({
      historyPerTopic: Number.NaN,
      logCapacity: 1e12,
      payloadBudgetBytes: 0,
    });
    expect(odd.historyPerTopic).toBe(DEFAULT_LIMITS.historyPerTopic);
    expect(odd.logCapacity).toBe(LIMIT_RANGES.logCapacity.max);
  });
});
