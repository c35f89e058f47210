// The soak's arithmetic, pure and tested: the heap window, click latencies, per-minute rates, the
// targets' verdicts and the printed tables.
import { formatValue, table } from './report.mjs';
import { growthOverLast, judge, percentile } from './stats.mjs';

const MINUTE_MS = 60_000;
/** What the whole JS heap may hold beyond the message memory budget: the page itself. */
export const HEAP_HEADROOM_BYTES = 64 * 2 ** 20;
export const HEAP_GROWTH_LIMIT = 0.05;
export const CLICK_P95_LIMIT_MS = 150;

/**
 * The window the heap growth is judged over: the last `preferredMinutes` of the soak, or all of
 * it but the first minute (when the budget is still filling) in a shorter one; never under a
 * minute.
 * @param {number} minutes length of the soak
 * @param {number} [preferredMinutes]
 */
export function heapWindowMs(minutes, preferredMinutes = 10) {
  return Math.max(1, Math.min(preferredMinutes, minutes - 1)) * MINUTE_MS;
}

/**
 * The whole JS heap of a sample: V8's used heap plus the ArrayBuffer contents kept outside it
 * (the kept payloads).
 * @param {{ heapUsedBytes: number, heapBackingStoreBytes?: number | null }} sample
 */
export function wholeHeapBytes(sample) {
  return sample.heapUsedBytes + (sample.heapBackingStoreBytes ?? 0);
}

/**
 * Click-to-frame times in ms; a click whose change never showed counts as the whole timeout (it
 * must push the percentile up, not drop out of it); a click that could not be made (nothing to
 * click) is left out.
 * @param {ReadonlyArray<{ timedOut: boolean, clickToFrameMs: number | null } | null>} clicks
 * @param {number} timeoutMs
 * @returns {number[]}
 */
export function clickLatencies(clicks, timeoutMs) {
  /** @type {number[]} */
  const out = [];
  for (const click of clicks) {
    if (!click) continue;
    if (click.timedOut || typeof click.clickToFrameMs !== 'number') out.push(timeoutMs);
    else out.push(click.clickToFrameMs);
  }
  return out;
}

/**
 * Rates and backlog between two samples of the producer's and the page's counters.
 * @param {{ atMs: number, sent: number, received: number } | null} previous
 * @param {{ atMs: number, sent: number, received: number }} current
 * @returns {{ sentPerSec: number | null, receivedPerSec: number | null, behind: number }}
 *   behind: messages sent and not yet counted by the page (in flight, or lost)
 */
export function minuteRates(previous, current) {
  const behind = current.sent - current.received;
  if (!previous || current.atMs <= previous.atMs) {
    return { sentPerSec: null, receivedPerSec: null, behind };
  }
  const seconds = (current.atMs - previous.atMs) / 1000;
  return {
    sentPerSec: (current.sent - previous.sent) / seconds,
    receivedPerSec: (current.received - previous.received) / seconds,
    behind,
  };
}

/**
 * @param {{ heapSamples: ReadonlyArray<{ atMs: number, heapUsedBytes: number,
 *   heapBackingStoreBytes?: number | null }>, windowMs: number, budgetBytes: number,
 *   clicksMs: readonly number[] }} input heapSamples: after a full collection, from the start
 *   (atMs since the soak began)
 * @returns {import('./report.mjs').Target[]}
 */
export function evaluateSoakTargets({ heapSamples, windowMs, budgetBytes, clicksMs }) {
  const series = heapSamples.map(
    (s) => /** @type {[number, number]} */ ([s.atMs, wholeHeapBytes(s)]),
  );
  const peak = series.length ? Math.max(...series.map(([, bytes]) => bytes)) : null;
  /** @type {Array<Omit<import('./report.mjs').Target, 'verdict'>>} */
  const targets = [
    {
      name: `Heap growth over the last ${Math.round(windowMs / MINUTE_MS)} min`,
      value: growthOverLast(series, windowMs),
      op: '<',
      limit: HEAP_GROWTH_LIMIT,
      unit: 'share',
    },
    {
      name: `Largest heap / budget ${formatValue(budgetBytes, 'MB')} MB + 64 MB`,
      value: peak,
      op: '<=',
      limit: budgetBytes + HEAP_HEADROOM_BYTES,
      unit: 'MB',
    },
    {
      name: `Click to next frame p95 (${clicksMs.length} clicks)`,
      value: percentile(clicksMs, 95),
      op: '<',
      limit: CLICK_P95_LIMIT_MS,
      unit: 'ms',
    },
  ];
  return targets.map((t) => ({ ...t, verdict: judge(t.value, t.op, t.limit) }));
}

/**
 * @param {ReadonlyArray<any>} minutes the soak's per-minute rows
 */
export function soakMinuteTable(minutes) {
  const rows = [
    [
      'min',
      'heap MB',
      '+buffers',
      'msg memory',
      'sent',
      'received',
      'behind',
      'dropped',
      'in worker',
      'in msg/s',
      'fps',
      '>33ms',
      'lag p95',
      'clicks',
      'click p50',
      'click p95',
      'click max',
      'load',
    ],
  ];
  for (const m of minutes) {
    rows.push([
      String(m.minute),
      formatValue(m.heapUsedBytes, 'MB'),
      formatValue(wholeHeapBytes(m), 'MB'),
      String(m.messageMemory ?? '-'),
      formatValue(m.sent, 'count'),
      formatValue(m.received, 'count'),
      formatValue(m.behind, 'count'),
      formatValue(m.dropped, 'count'),
      formatValue(m.discardedInWorker, 'count'),
      formatValue(m.receivedPerSec, 'rate'),
      formatValue(m.fps, 'fps'),
      formatValue(m.longFrameShare, 'share'),
      formatValue(m.timerLagP95Ms, 'ms'),
      String(m.clicksMs?.length ?? 0),
      formatValue(percentile(m.clicksMs ?? [], 50), 'ms'),
      formatValue(percentile(m.clicksMs ?? [], 95), 'ms'),
      formatValue(m.clicksMs?.length ? Math.max(...m.clicksMs) : null, 'ms'),
      formatValue(m.load1, 'ratio'),
    ]);
  }
  return table(rows);
}
