/** Clock time with milliseconds, 24 h: "14:03:07.250". */
export function clockTime(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/**
 * Clock time for an axis tick: to the second, with milliseconds when the tick is not on a whole
 * second and the date at midnight, so ticks less than a second or a day apart never read the
 * same. By hand: it runs for every tick of every redraw.
 */
export const tickTime = (ms: number) => {
  const d = new Date(ms);
  const seconds = `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
  const milli = d.getMilliseconds();
  if (milli !== 0) return `${seconds}.${String(milli).padStart(3, '0')}`;
  // Midnight names its day: ticks a day apart would otherwise all read 00:00:00.
  if (d.getHours() === 0 && d.getMinutes() === 0 && d.getSeconds() === 0) {
    return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
  }
  return seconds;
};

/** Steps between time ticks (ms): round numbers of ms, seconds, minutes, hours and days. */
const TICK_STEPS_MS = [
  1, 2, 5, 10, 20, 50, 100, 200, 250, 500, 1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000,
  120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 10_800_000, 21_600_000,
  43_200_000, 86_400_000,
];

/**
 * At most `count` tick times across a range, on round clock times (whole seconds, minutes,
 * hours of local time): they move with a sliding window instead of relabelling in place. Given
 * to the axis explicitly so the chart library does not derive candidates from every point.
 */
export function timeTicks(fromMs: number, toMs: number, count = 5): number[] {
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs) || toMs <= fromMs || count < 1) return [];
  const spanMs = toMs - fromMs;
  const stepMs =
    TICK_STEPS_MS.find((step) => spanMs / step <= count) ??
    Math.ceil(spanMs / count / 86_400_000) * 86_400_000;
  // Round in local time: a zone's offset (which may be 30 or 45 min) is added back.
  const offsetMs = new Date(fromMs).getTimezoneOffset() * 60_000;
  const first = Math.ceil((fromMs - offsetMs) / stepMs) * stepMs + offsetMs;
  const ticks: number[] = [];
  for (let t = first; t <= toMs && ticks.length < count; t += stepMs) ticks.push(t);
  return ticks;
}

export const windowLabel = (ms: number) =>
  ms === 0
    ? 'All kept'
    : ms < 60_000
      ? `${ms / 1000} s`
      : ms < 3_600_000
        ? `${ms / 60_000} min`
        : `${ms / 3_600_000} h`;
