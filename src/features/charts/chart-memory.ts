/**
 * What the series' sample rings take in memory, in words: the bytes their typed arrays hold
 * allocated (each ring's whole capacity, full or not), per point of that capacity, and how many
 * points are held now.
 */
import { formatBytes } from '../../domain/payload';

export interface RingMemory {
  series: number;
  allocatedPoints: number;
  heldPoints: number;
  allocatedBytes: number;
}

export interface ChartMemoryText {
  /** Only the number and its unit: the output's text. */
  bytes: string;
  /** The rest of the line, after the number. */
  detail: string;
  /** Bytes per point of capacity; undefined with no series. */
  bytesPerPoint: number | undefined;
}

const count = new Intl.NumberFormat('en-US');

export function chartMemoryText(memory: RingMemory): ChartMemoryText {
  const { series, allocatedPoints, heldPoints, allocatedBytes } = memory;
  if (series === 0 || allocatedPoints === 0) {
    return { bytes: formatBytes(0), detail: 'no series sampled', bytesPerPoint: undefined };
  }
  const bytesPerPoint = allocatedBytes / allocatedPoints;
  const perPoint = Number.isInteger(bytesPerPoint)
    ? String(bytesPerPoint)
    : bytesPerPoint.toFixed(1);
  const seriesText = series === 1 ? '1 series' : `${count.format(series)} series`;
  return {
    bytes: formatBytes(allocatedBytes),
    detail:
      `allocated for ${count.format(allocatedPoints)} points (${seriesText}), ` +
      `${perPoint} B per point; ${count.format(heldPoints)} points held`,
    bytesPerPoint,
  };
}
