/**
 * Finding samples for a chart's tooltip straight in the series' rings, by binary search: the one
 * nearest a time (hover), the newest (focus) and the next or previous one over all series in
 * (time, series, index) order (arrow keys). Only samples with fromMs <= time <= toMs count.
 * A sample is named by its time and its rank among the samples of that same time, so it is
 * found again after older samples fell out of the ring (as well as it can be when some of the
 * samples of its own time fell out).
 */
import { firstIndexAfter, firstIndexFrom, type SampleRing } from './ring-columns';

export interface SampleAt {
  series: number;
  index: number;
  t: number;
  v: number;
  /** Position among the series' samples of the same time. */
  rank: number;
}

type Rings = ReadonlyArray<SampleRing | undefined>;

/** The index range of a ring inside [fromMs, toMs]. */
function bounds(ring: SampleRing, fromMs: number, toMs: number): [number, number] {
  return [firstIndexFrom(ring, fromMs), firstIndexAfter(ring, toMs)];
}

function at(rings: Rings, series: number, index: number): SampleAt {
  const ring = rings[series]!;
  const t = ring.timeAt(index)!;
  return { series, index, t, v: ring.valueAt(index)!, rank: index - firstIndexFrom(ring, t) };
}

/** Order of two samples: by time, then series, then index. */
const before = (a: SampleAt, b: SampleAt) =>
  a.t < b.t ||
  (a.t === b.t && (a.series < b.series || (a.series === b.series && a.index < b.index)));

/** The sample nearest `timeMs` in one series, or undefined when the range holds none. */
export function nearestInSeries(
  rings: Rings,
  series: number,
  timeMs: number,
  fromMs: number,
  toMs: number,
): SampleAt | undefined {
  const ring = rings[series];
  if (!ring) return undefined;
  const [lo, hi] = bounds(ring, fromMs, toMs);
  if (lo >= hi) return undefined;
  const j = Math.min(hi, Math.max(lo, firstIndexFrom(ring, timeMs)));
  if (j === hi) return at(rings, series, hi - 1);
  if (j === lo) return at(rings, series, lo);
  // Between two samples: the closer one; the earlier one on a tie.
  const earlier = ring.timeAt(j - 1)!;
  const later = ring.timeAt(j)!;
  return at(rings, series, timeMs - earlier <= later - timeMs ? j - 1 : j);
}

/** The sample nearest `timeMs` over all series; on a tie, the later in order. */
export function nearestSample(
  rings: Rings,
  timeMs: number,
  fromMs: number,
  toMs: number,
): SampleAt | undefined {
  let best: SampleAt | undefined;
  for (let s = 0; s < rings.length; s++) {
    const c = nearestInSeries(rings, s, timeMs, fromMs, toMs);
    if (!c) continue;
    const d = Math.abs(c.t - timeMs);
    const bestD = best ? Math.abs(best.t - timeMs) : Number.POSITIVE_INFINITY;
    if (d < bestD || (d === bestD && best && before(best, c))) best = c;
  }
  return best;
}

/** The last sample in order (the newest) within the range. */
export function lastSample(rings: Rings, fromMs: number, toMs: number): SampleAt | undefined {
  let best: SampleAt | undefined;
  for (let s = 0; s < rings.length; s++) {
    const ring = rings[s];
    if (!ring) continue;
    const [lo, hi] = bounds(ring, fromMs, toMs);
    if (lo >= hi) continue;
    const c = at(rings, s, hi - 1);
    if (!best || before(best, c)) best = c;
  }
  return best;
}

/** Where a sample is now: its index may have moved as older samples fell out. */
export function locate(rings: Rings, sample: SampleAt): SampleAt | undefined {
  const ring = rings[sample.series];
  if (!ring) return undefined;
  const first = firstIndexFrom(ring, sample.t);
  const end = firstIndexAfter(ring, sample.t);
  if (first >= end) return undefined;
  // Samples of that same time may have fallen out before it: then it is the oldest left.
  return at(rings, sample.series, Math.min(end - 1, first + sample.rank));
}

/** The next (step 1) or previous (step -1) sample over all series, within the range. */
export function stepSample(
  rings: Rings,
  from: SampleAt,
  step: 1 | -1,
  fromMs: number,
  toMs: number,
): SampleAt | undefined {
  const here = locate(rings, from) ?? from;
  let best: SampleAt | undefined;
  for (let s = 0; s < rings.length; s++) {
    const ring = rings[s];
    if (!ring) continue;
    const [lo, hi] = bounds(ring, fromMs, toMs);
    let j: number;
    if (step === 1) {
      // The first sample after `here` in order.
      if (s === here.series) j = here.index + 1;
      else j = s < here.series ? firstIndexAfter(ring, here.t) : firstIndexFrom(ring, here.t);
      j = Math.max(j, lo);
      if (j >= hi) continue;
    } else {
      // The last sample before `here` in order.
      if (s === here.series) j = here.index - 1;
      else j = (s < here.series ? firstIndexAfter(ring, here.t) : firstIndexFrom(ring, here.t)) - 1;
      j = Math.min(j, hi - 1);
      if (j < lo) continue;
    }
    const c = at(rings, s, j);
    if (!best || (step === 1 ? before(c, best) : before(best, c))) best = c;
  }
  return best;
}
