import { lttb } from '../../domain/downsample';
import { csvNumberCell, csvTextCell } from '../../domain/csv';
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

/** CSV with a header; times as ISO text and milliseconds. */
export function toCsv(rows: Array<{ series: string; points: Array<[number, number]> }>): string {
  const lines = ['series,time_iso,time_ms,value'];
  for (const { series, points } of rows) {
    const name = csvTextCell(series);
    for (const [t, v] of points) {
      lines.push(`${name},${new Date(t).toISOString()},${t},${csvNumberCell(v)}`);
    }
  }
  return lines.join('\n') + '\n';
}

/** Index of the point whose time is closest to `t` (sorted by time); -1 when empty. */
export function nearestIndex(points: ReadonlyArray<{ t: number }>, t: number): number {
  if (points.length === 0) return -1;
  let lo = 0;
  let hi = points.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (points[mid]!.t < t) lo = mid + 1;
    else hi = mid;
  }
  const before = points[lo - 1];
  return before && t - before.t <= points[lo]!.t - t ? lo - 1 : lo;
}

/** The point whose time is closest to `t`, or undefined when there is none. */
export function nearestPoint(points: readonly Point[], t: number): Point | undefined {
  return points[nearestIndex(points, t)];
}

export interface Anchor {
  t: number;
  /** Index of the series and of the point in it. */
  series: number;
  index: number;
}

/** Every point of every series in time order (ties by series), for stepping through samples. */
export function anchorsOf(series: ReadonlyArray<readonly Point[]>): Anchor[] {
  const anchors: Anchor[] = [];
  series.forEach((points, s) =>
    points.forEach((p, index) => anchors.push({ t: p.t, series: s, index })),
  );
  // A stable sort keeps each series' own order among equal times.
  return anchors.sort((a, b) => a.t - b.t || a.series - b.series);
}
