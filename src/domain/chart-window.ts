/**
 * Which time range a chart shows. Live charts follow the clock; a paused chart freezes at the
 * moment it was paused and can be scrubbed back through the kept history. Times in ms.
 */

export interface ChartWindowInput {
  nowMs: number;
  /** Span shown; 0 means everything kept. */
  windowMs: number;
  /** Time of the oldest kept sample over all series, undefined when there is none. */
  oldestMs: number | undefined;
  /** Set while paused: the clock time the chart froze at. */
  pausedAtMs?: number;
  /** While paused: the right edge chosen with the scrubber (clamped to the scrub bounds). */
  scrubEndMs?: number;
}

export interface TimeRange {
  fromMs: number;
  toMs: number;
}

/** Where the right edge of a paused chart may go: from one window after the oldest sample to the pause. */
export function scrubBounds(
  oldestMs: number | undefined,
  pausedAtMs: number,
  windowMs: number,
): TimeRange {
  if (oldestMs === undefined || windowMs === 0) return { fromMs: pausedAtMs, toMs: pausedAtMs };
  return { fromMs: Math.min(pausedAtMs, oldestMs + windowMs), toMs: pausedAtMs };
}

export function visibleRange(input: ChartWindowInput): TimeRange {
  const { nowMs, windowMs, oldestMs, pausedAtMs, scrubEndMs } = input;
  let toMs = nowMs;
  if (pausedAtMs !== undefined) {
    const bounds = scrubBounds(oldestMs, pausedAtMs, windowMs);
    const wanted = scrubEndMs ?? pausedAtMs;
    toMs = Math.min(bounds.toMs, Math.max(bounds.fromMs, wanted));
  }
  if (windowMs === 0) return { fromMs: Math.min(oldestMs ?? toMs, toMs), toMs };
  return { fromMs: toMs - windowMs, toMs };
}

/**
 * A small live plot's range: the last `windowMs`, but starting at the first sample when that is
 * later, so a plot opened a moment ago is not mostly empty. At least `minSpanMs` wide.
 */
export function liveSpan(
  nowMs: number,
  windowMs: number,
  oldestMs: number | undefined,
  minSpanMs = 10_000,
): TimeRange {
  const windowStart = nowMs - windowMs;
  if (oldestMs === undefined) return { fromMs: windowStart, toMs: nowMs };
  return { fromMs: Math.max(windowStart, Math.min(oldestMs, nowMs - minSpanMs)), toMs: nowMs };
}
