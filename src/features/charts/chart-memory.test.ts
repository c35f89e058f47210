import { describe, expect, it } from 'vitest';
import { NumberRing } from '../../domain/ring-buffer';
import { chartMemoryText } from './chart-memory';

describe('chartMemoryText', () => {
  it('says the allocated bytes, per point of capacity, and the points held', () => {
    const rings = [new NumberRing(100_000), new NumberRing(100_000)];
    for (let i = 0; i < 1234; i++) rings[0]!.push(i, i);
    const text = chartMemoryText({
      series: rings.length,
      allocatedPoints: rings.reduce((s, r) => s + r.capacity, 0),
      heldPoints: rings.reduce((s, r) => s + r.size, 0),
      allocatedBytes: rings.reduce((s, r) => s + r.allocatedBytes, 0),
    });
    expect(text.bytes).toBe('3.1 MB');
    expect(text.bytesPerPoint).toBe(16);
    expect(text.detail).toBe(
      'allocated for 200,000 points (2 series), 16 B per point; 1,234 points held',
    );
  });

  it('one series of a million points', () => {
    const text = chartMemoryText({
      series: 1,
      allocatedPoints: 1_000_000,
      heldPoints: 1_000_000,
      allocatedBytes: 16_000_000,
    });
    expect(text.bytes).toBe('15.3 MB');
    expect(text.detail).toMatch(/^allocated for 1,000,000 points \(1 series\), 16 B per point;/);
  });

  it('says so when nothing is sampled', () => {
    expect(
      chartMemoryText({ series: 0, allocatedPoints: 0, heldPoints: 0, allocatedBytes: 0 }),
    ).toEqual({ bytes: '0 B', detail: 'no series sampled', bytesPerPoint: undefined });
  });
});
