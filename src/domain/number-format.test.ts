import { describe, expect, it } from 'vitest';
import { formatChartNumber } from './number-format';

describe('formatChartNumber', () => {
  it('groups everyday numbers with up to three decimals', () => {
    expect(formatChartNumber(20.75)).toBe('20.75');
    expect(formatChartNumber(1234567.891234)).toBe('1,234,567.891');
    expect(formatChartNumber(0)).toBe('0');
    expect(formatChartNumber(-0.5)).toBe('-0.5');
  });

  it('writes huge and tiny numbers short', () => {
    expect(formatChartNumber(1e308)).toBe('1.0e308');
    expect(formatChartNumber(-1.5e300)).toBe('-1.5e300');
    expect(formatChartNumber(2.5e-7)).toBe('2.5e-7');
    expect(formatChartNumber(1e308).length).toBeLessThan(10);
  });
});
