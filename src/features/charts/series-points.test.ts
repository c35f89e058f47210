import { describe, expect, it } from 'vitest';
import { NumberRing } from '../../domain/ring-buffer';
import { pointsInWindow, toCsv } from './series-points';

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
