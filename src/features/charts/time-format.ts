/** Clock time with milliseconds, 24 h: "14:03:07.250". */
export function clockTime(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** Clock time to the second, for axis ticks. */
export const tickTime = (ms: number) => new Date(ms).toLocaleTimeString('en-GB', { hour12: false });

export const windowLabel = (ms: number) =>
  ms === 0
    ? 'All kept'
    : ms < 60_000
      ? `${ms / 1000} s`
      : ms < 3_600_000
        ? `${ms / 60_000} min`
        : `${ms / 3_600_000} h`;
