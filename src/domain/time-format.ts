/** Clock time with milliseconds, 24 h: "14:03:07.250". */
export function clockTime(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** Clock time to the second, for axis ticks (by hand: it runs for every tick of every redraw). */
export const tickTime = (ms: number) => {
  const d = new Date(ms);
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
};

/**
 * A handful of evenly spaced tick times across a range, given to the axis explicitly so the
 * chart library does not derive (and format) candidates from every data point.
 */
export function timeTicks(fromMs: number, toMs: number, count = 5): number[] {
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs) || toMs <= fromMs) return [];
  const stepMs = (toMs - fromMs) / (count - 1);
  return Array.from({ length: count }, (_, i) => Math.round(fromMs + i * stepMs));
}

export const windowLabel = (ms: number) =>
  ms === 0
    ? 'All kept'
    : ms < 60_000
      ? `${ms / 1000} s`
      : ms < 3_600_000
        ? `${ms / 60_000} min`
        : `${ms / 3_600_000} h`;
