import { lttb } from '../../domain/downsample';
import type { NumberRing } from '../../domain/ring-buffer';

export interface Point {
  t: number;
  v: number;
}

export interface SeriesSummary {
  min: number;
  max: number;
  avg: number;
  last: number;
  count: number;
}

/** The window's samples reduced to about one point per pixel, plus its summary figures. */
export function pointsInWindow(
  ring: NumberRing,
  fromMs: number,
  toMs: number,
  maxPoints: number,
): { points: Point[]; summary: SeriesSummary | undefined } {
  const range = ring.copyRange(fromMs, toMs);
  const count = range.xs.length;
  if (count === 0) return { points: [], summary: undefined };
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  // A running mean: a sum of values near ±1e300 would overflow to Infinity.
  let mean = 0;
  for (let i = 0; i < count; i++) {
    const v = range.ys[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
    mean += (v - mean) / (i + 1);
  }
  const reduced = lttb(range.xs, range.ys, maxPoints);
  const points: Point[] = new Array(reduced.xs.length);
  for (let i = 0; i < reduced.xs.length; i++) points[i] = { t: reduced.xs[i]!, v: reduced.ys[i]! };
  return { points, summary: { min, max, avg: mean, last: range.ys[count - 1]!, count } };
}
