/**
 * A value axis' ticks: about `count` round values (steps of 1, 2, 2.5 or 5 times a power of
 * ten) from at or below `min` to at or above `max`, so the axis ends on a labelled value. A flat
 * range is widened around its value. Pure.
 */
const STEPS = [1, 2, 2.5, 5, 10];

export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max) || min > max) return [];
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) / 10;
    return niceTicks(min - pad, max + pad, count);
  }
  const intervals = Math.max(1, count - 1);
  const magnitude = 10 ** Math.floor(Math.log10((max - min) / intervals));
  for (let scale = magnitude; Number.isFinite(scale); scale *= 10) {
    for (const m of STEPS) {
      const step = m * scale;
      const first = Math.floor(min / step);
      const last = Math.ceil(max / step);
      if (last - first > intervals) continue;
      // Whole multiples of the step, rounded to its decimals so 0.1 * 3 reads 0.3.
      const decimals = Math.max(0, Math.ceil(-Math.log10(step)) + 1);
      return Array.from({ length: last - first + 1 }, (_, i) =>
        Number(((first + i) * step).toFixed(Math.min(decimals, 100))),
      );
    }
  }
  return [min, max];
}
