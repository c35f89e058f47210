import { describe, expect, it } from 'vitest';
import { NumberRing } from '../../domain/ring-buffer';
import { anchorsOf, nearestPoint, pointsInWindow, toCsv } from './series-points';

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

describe('toCsv', () => {
  it('writes one line per sample with a quoted series name', () => {
    const csv = toCsv([{ series: 'a/b "x"', points: [[0, 1.5]] }]);
    expect(csv).toBe('series,time_iso,time_ms,value\n"a/b ""x""",1970-01-01T00:00:00.000Z,0,1.5\n');
  });
});

describe('nearestPoint and anchorsOf', () => {
  const points = [
    { t: 0, v: 1 },
    { t: 10, v: 2 },
    { t: 20, v: 3 },
  ];

  it('finds the closest point in time', () => {
    expect(nearestPoint(points, -5)).toEqual({ t: 0, v: 1 });
    expect(nearestPoint(points, 4)).toEqual({ t: 0, v: 1 });
    expect(nearestPoint(points, 6)).toEqual({ t: 10, v: 2 });
    expect(nearestPoint(points, 99)).toEqual({ t: 20, v: 3 });
    expect(nearestPoint([], 1)).toBeUndefined();
  });

  it('orders every point of several series by time', () => {
    const other = [
      { t: 5, v: 0 },
      { t: 10, v: 0 },
      { t: 10, v: 1 },
    ];
    expect(anchorsOf([points, other]).map((a) => `${a.t}:${a.series}:${a.index}`)).toEqual([
      '0:0:0',
      '5:1:0',
      '10:0:1',
      '10:1:1',
      '10:1:2',
      '20:0:2',
    ]);
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
