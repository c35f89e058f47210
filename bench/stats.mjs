// The bench's own arithmetic, pure and tested: percentiles, median and range over repeats,
// frame and timer statistics, rates from counter samples, and the keep-up rule of a stage.

/** Frames longer than this (ms) count as janky: two missed 60 Hz vsyncs. */
export const LONG_FRAME_MS = 33;

/**
 * Percentile by linear interpolation between closest ranks (numpy's default).
 * @param {readonly number[]} values
 * @param {number} p 0..100
 * @returns {number | null} null when there is no value
 */
export function percentile(values, p) {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return null;
  const sorted = [...finite].sort((a, b) => a - b);
  const clamped = Math.min(100, Math.max(0, p));
  const rank = (clamped / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const lowValue = /** @type {number} */ (sorted[low]);
  const highValue = /** @type {number} */ (sorted[high]);
  return lowValue + (highValue - lowValue) * (rank - low);
}

/** @param {readonly number[]} values */
export function median(values) {
  return percentile(values, 50);
}

/**
 * Median and range of repeated measurements; nulls (a figure a run could not give) are left out.
 * @param {ReadonlyArray<number | null | undefined>} values
 * @returns {{ median: number | null, min: number | null, max: number | null, n: number }}
 */
export function summarize(values) {
  const present = /** @type {number[]} */ (
    values.filter((v) => typeof v === 'number' && Number.isFinite(v))
  );
  if (present.length === 0) return { median: null, min: null, max: null, n: 0 };
  return {
    median: median(present),
    min: Math.min(...present),
    max: Math.max(...present),
    n: present.length,
  };
}

/**
 * @param {number | null | undefined} numerator
 * @param {number | null | undefined} denominator
 * @returns {number | null} null when either is missing or the denominator is not positive
 */
export function ratio(numerator, denominator) {
  if (typeof numerator !== 'number' || typeof denominator !== 'number') return null;
  if (!Number.isFinite(numerator) || !Number.isFinite(denominator) || denominator <= 0) {
    return null;
  }
  return numerator / denominator;
}

/**
 * Frame statistics from requestAnimationFrame intervals.
 * @param {readonly number[]} frameIntervalsMs time between consecutive frames
 * @returns {{ frames: number, fps: number | null, longFrameShare: number | null,
 *   p95FrameMs: number | null, maxFrameMs: number | null }}
 */
export function frameStats(frameIntervalsMs) {
  const intervals = frameIntervalsMs.filter((v) => Number.isFinite(v) && v >= 0);
  const totalMs = intervals.reduce((sum, v) => sum + v, 0);
  if (intervals.length === 0 || totalMs <= 0) {
    return { frames: 0, fps: null, longFrameShare: null, p95FrameMs: null, maxFrameMs: null };
  }
  const long = intervals.filter((v) => v > LONG_FRAME_MS).length;
  return {
    frames: intervals.length,
    fps: intervals.length / (totalMs / 1000),
    longFrameShare: long / intervals.length,
    p95FrameMs: percentile(intervals, 95),
    maxFrameMs: Math.max(...intervals),
  };
}

/**
 * @param {readonly number[]} lagsMs how late each timer callback ran, in ms
 * @returns {{ p50: number | null, p95: number | null, max: number | null }}
 */
export function lagStats(lagsMs) {
  return {
    p50: percentile(lagsMs, 50),
    p95: percentile(lagsMs, 95),
    max: lagsMs.length ? Math.max(...lagsMs) : null,
  };
}

/**
 * A counter's value at time t, interpolated linearly between samples; clamped at both ends.
 * @param {ReadonlyArray<readonly [number, number]>} samples [timeMs, count], ascending time
 * @param {number} tMs
 * @returns {number | null}
 */
export function countAt(samples, tMs) {
  if (samples.length === 0) return null;
  const first = /** @type {readonly [number, number]} */ (samples[0]);
  const last = /** @type {readonly [number, number]} */ (samples[samples.length - 1]);
  if (tMs <= first[0]) return first[1];
  if (tMs >= last[0]) return last[1];
  for (let i = 1; i < samples.length; i++) {
    const [t1, c1] = /** @type {readonly [number, number]} */ (samples[i]);
    if (t1 < tMs) continue;
    const [t0, c0] = /** @type {readonly [number, number]} */ (samples[i - 1]);
    return t1 === t0 ? c1 : c0 + ((c1 - c0) * (tMs - t0)) / (t1 - t0);
  }
  return last[1];
}

/**
 * Average rate (per second) of a counter between two times.
 * @param {ReadonlyArray<readonly [number, number]>} samples [timeMs, count]
 * @param {number} fromMs
 * @param {number} toMs
 * @returns {number | null}
 */
export function rateBetween(samples, fromMs, toMs) {
  if (toMs <= fromMs) return null;
  const from = countAt(samples, fromMs);
  const to = countAt(samples, toMs);
  if (from === null || to === null) return null;
  return ((to - from) * 1000) / (toMs - fromMs);
}

/**
 * Did the page keep up with a paced stage? It must have received every message once the
 * stage drained, and must not have been more than `maxBacklogSec` of traffic behind when the
 * producer stopped: a page slower than the rate builds a backlog that the broker's queue and
 * the socket buffers would otherwise hide until it drains.
 * @param {{ ratePerSec: number, sent: number, receivedAtEnd: number | null,
 *   receivedFinal: number, maxBacklogSec: number }} stage
 */
export function keptUp({ ratePerSec, sent, receivedAtEnd, receivedFinal, maxBacklogSec }) {
  if (receivedFinal < sent) return false;
  if (receivedAtEnd === null) return false;
  return (sent - receivedAtEnd) / ratePerSec <= maxBacklogSec;
}

/**
 * Next rate to try when searching for the highest rate a page keeps up with: grow by
 * `growFactor` until a miss, then bisect between the best pass and the lowest miss; shrink by
 * `shrinkFactor` while nothing has passed yet. Rates are rounded to `stepPerSec`.
 * @param {{ bestPass: number | null, lowestMiss: number | null, growFactor?: number,
 *   shrinkFactor?: number, stepPerSec?: number }} state
 * @returns {number}
 */
export function nextProbeRate({
  bestPass,
  lowestMiss,
  growFactor = 1.2,
  shrinkFactor = 0.7,
  stepPerSec = 100,
}) {
  const round = (/** @type {number} */ r) =>
    Math.max(stepPerSec, Math.round(r / stepPerSec) * stepPerSec);
  if (bestPass === null && lowestMiss === null) throw new Error('nothing probed yet');
  if (bestPass === null) return round(/** @type {number} */ (lowestMiss) * shrinkFactor);
  if (lowestMiss === null) return round(bestPass * growFactor);
  return round((bestPass + lowestMiss) / 2);
}

/**
 * Growth of the last `windowMs` of a series of samples, as a fraction of its value at the
 * window's start (0.05 = 5 %).
 * @param {ReadonlyArray<readonly [number, number]>} samples [timeMs, value], ascending time
 * @param {number} windowMs
 * @returns {number | null}
 */
export function growthOverLast(samples, windowMs) {
  if (samples.length < 2) return null;
  const last = /** @type {readonly [number, number]} */ (samples[samples.length - 1]);
  const start = countAt(samples, last[0] - windowMs);
  if (start === null || start <= 0) return null;
  return (last[1] - start) / start;
}

/**
 * @param {number | null | undefined} value
 * @param {'<' | '<=' | '>' | '>='} op
 * @param {number} limit
 * @returns {'PASS' | 'MISS' | 'N/A'}
 */
export function judge(value, op, limit) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'N/A';
  const ok =
    op === '<'
      ? value < limit
      : op === '<='
        ? value <= limit
        : op === '>'
          ? value > limit
          : value >= limit;
  return ok ? 'PASS' : 'MISS';
}
