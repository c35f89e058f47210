/**
 * Reading a broker's `$SYS` topics: Mosquitto's `$SYS/broker/...` figures (their topics are in
 * sys-topics.ts), counters turned into per-second rates, and a word on other layouts (aedes
 * publishes `$SYS/<broker id>/...`).
 */

/** "1234 seconds" (Mosquitto) or a bare number -> seconds; undefined when unreadable. */
export function parseUptimeSeconds(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)(?:\s*(?:s|sec|secs|seconds?))?\s*$/i.exec(text);
  return match ? Number(match[1]) : undefined;
}

/** 93784 -> "1 d 2 h 3 min 4 s"; leading zero units are left out. */
export function formatDuration(totalSeconds: number): string {
  let s = Math.max(0, Math.floor(totalSeconds));
  const parts: string[] = [];
  const units: Array<[number, string]> = [
    [86_400, 'd'],
    [3_600, 'h'],
    [60, 'min'],
  ];
  for (const [size, name] of units) {
    const n = Math.floor(s / size);
    s -= n * size;
    if (n > 0 || parts.length > 0) parts.push(`${n} ${name}`);
  }
  parts.push(`${s} s`);
  return parts.join(' ');
}

/**
 * Per-second rates between successive samples of a growing counter, stamped at the later
 * sample. A counter that goes down (a broker restart) starts over: that step is left out.
 */
export function counterRates(
  timesMs: ArrayLike<number>,
  counts: ArrayLike<number>,
): { xs: Float64Array; ys: Float64Array } {
  const n = Math.min(timesMs.length, counts.length);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 1; i < n; i++) {
    const dtSec = ((timesMs[i] as number) - (timesMs[i - 1] as number)) / 1000;
    const dc = (counts[i] as number) - (counts[i - 1] as number);
    if (!(dtSec > 0) || dc < 0) continue;
    xs.push(timesMs[i] as number);
    ys.push(dc / dtSec);
  }
  return { xs: Float64Array.from(xs), ys: Float64Array.from(ys) };
}

export type SysLayout =
  | { kind: 'none' }
  | { kind: 'mosquitto' }
  /** `$SYS/<id>/heartbeat`, `/new/clients`, ... as aedes publishes: no load or version figures. */
  | { kind: 'per-broker-id'; brokerIds: string[] };

/** Tells the layout from the names of the levels right under `$SYS`. */
export function detectSysLayout(childLevels: Iterable<string>): SysLayout {
  const levels = [...childLevels];
  if (levels.length === 0) return { kind: 'none' };
  if (levels.includes('broker')) return { kind: 'mosquitto' };
  return { kind: 'per-broker-id', brokerIds: levels };
}
