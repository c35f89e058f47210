import { describe, expect, it } from 'vitest';
import { counterRates, detectSysLayout, formatDuration, parseUptimeSeconds } from './broker-sys';

describe('parseUptimeSeconds', () => {
  it('reads Mosquitto uptime text and bare numbers', () => {
    expect(parseUptimeSeconds('1234 seconds')).toBe(1234);
    expect(parseUptimeSeconds('1 second')).toBe(1);
    expect(parseUptimeSeconds(' 42 ')).toBe(42);
    expect(parseUptimeSeconds('forever')).toBeUndefined();
    expect(parseUptimeSeconds('')).toBeUndefined();
  });
});

describe('formatDuration', () => {
  it('writes days, hours, minutes and seconds from the first non-zero unit', () => {
    expect(formatDuration(4)).toBe('4 s');
    expect(formatDuration(65)).toBe('1 min 5 s');
    expect(formatDuration(3600)).toBe('1 h 0 min 0 s');
    expect(formatDuration(93_784)).toBe('1 d 2 h 3 min 4 s');
  });
});

describe('counterRates', () => {
  it('turns a counter into per-second rates', () => {
    const out = counterRates([0, 1000, 3000], [10, 20, 60]);
    expect(Array.from(out.xs)).toEqual([1000, 3000]);
    expect(Array.from(out.ys)).toEqual([10, 20]);
  });

  it('skips a restart (counter going down) and equal times', () => {
    const out = counterRates([0, 1000, 1000, 2000, 3000], [100, 110, 111, 5, 15]);
    expect(Array.from(out.ys)).toEqual([10, 10]);
    expect(Array.from(out.xs)).toEqual([1000, 3000]);
  });

  it('needs two samples', () => {
    expect(counterRates([1], [1]).xs.length).toBe(0);
  });
});

describe('detectSysLayout', () => {
  it('tells Mosquitto, per-broker-id (aedes) and nothing apart', () => {
    expect(detectSysLayout([])).toEqual({ kind: 'none' });
    expect(detectSysLayout(['broker'])).toEqual({ kind: 'mosquitto' });
    expect(detectSysLayout(['a1b2c3'])).toEqual({ kind: 'per-broker-id', brokerIds: ['a1b2c3'] });
  });
});
