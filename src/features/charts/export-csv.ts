/**
 * A chart's CSV as a Blob built from the rings in pieces: the samples in range are copied once
 * (typed arrays, as of the export), then written a few hundred KB at a time, yielding to the page
 * between slices so a million-line export never freezes it.
 */
import { csvPieces, type CsvSeries } from '../../domain/csv-pieces';
import { FRAME_BUDGET_MS } from './chart-engine';

/** Pieces gathered into one Blob part (a few MB): the strings do not pile up on the heap. */
const PIECES_PER_PART = 16;

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export async function csvBlob(series: CsvSeries[]): Promise<Blob> {
  const parts: Blob[] = [];
  let pieces: string[] = [];
  let sliceStart = performance.now();
  for (const piece of csvPieces(series)) {
    pieces.push(piece);
    if (pieces.length >= PIECES_PER_PART) {
      parts.push(new Blob(pieces));
      pieces = [];
    }
    if (performance.now() - sliceStart > FRAME_BUDGET_MS) {
      await nextTask();
      sliceStart = performance.now();
    }
  }
  parts.push(new Blob(pieces));
  return new Blob(parts, { type: 'text/csv' });
}
