import { describe, expect, it } from 'vitest';
import { NumberRing } from '../../domain/ring-buffer';
import { pointsInWindow } from './series-points';

describe('pointsInWindow', () => {
  it('keeps only the window and summarises it', () => {
    const ring = new NumberRing(100);
    for (let i = 0; i < 10; i++) ring.push(i * 1000, i);
    const { points, summary } = pointsInWindow(ring, 5000, 9000, 100);
    expect(points.map((p) => p.v)).toEqual([5, 6, 7, 8, 9]);
    expect(summary).toEqual({ min: 5, max: 9, avg: 7, last: 9, count: 5 });
  });

  it('reduces long windows to the point budget', () => {
    const ring = new NumberRing(10_000);
    for (let i = 0; i < 10_000; i++) ring.push(i, Math.sin(i / 100));
    const { points, summary } = pointsInWindow(ring, 0, 10_000, 500);
    expect(points.length).toBe(500);
    expect(summary!.count).toBe(10_000);
  });

  it('gives nothing for an empty window', () => {
    expect(pointsInWindow(new NumberRing(4), 0, 1, 10)).toEqual({ points: [], summary: undefined });
  });
});

describe('pointsInWindow: extreme values', () => {
  it('averages values near the largest doubles without overflowing', () => {
    const ring = new NumberRing(10);
    ring.push(1, 1.7e308);
    ring.push(2, 1.7e308);
    ring.push(3, 1.1e308);
    const { summary } = pointsInWindow(ring, 0, 10, 100);
    expect(Number.isFinite(summary!.avg)).toBe(true);
    expect(summary!.avg / 1.5e308).toBeCloseTo(1, 9);
  });
});
