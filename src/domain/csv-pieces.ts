/**
 * A chart's CSV written in pieces of a few hundred KB, for a Blob built piece by piece: a
 * million samples never become a million strings at once. Every text cell goes through
 * csvTextCell (a topic such as "=HYPERLINK(…)" stays text) and every number through
 * csvNumberCell.
 */
import { csvNumberCell, csvTextCell } from './csv';

export const CSV_HEADER = 'series,time_iso,time_ms,value\n';

/** About this many characters per piece. */
export const CSV_PIECE_CHARS = 256 * 1024;

export interface CsvSeries {
  name: string;
  xs: ArrayLike<number>;
  ys: ArrayLike<number>;
}

/** The largest time a Date can hold, in ms either side of 1970. */
const MAX_DATE_MS = 8.64e15;

/**
 * A formatter of times in ms as Date#toISOString writes them ("" for a time no Date holds),
 * which formats the date and clock part once per second.
 */
export function isoTimeFormatter(): (timeMs: number) => string {
  let second = Number.NaN;
  let prefix = '';
  return (timeMs) => {
    if (!(Math.abs(timeMs) <= MAX_DATE_MS)) return '';
    // A Date drops the fraction of a millisecond (towards zero).
    const ms = Math.trunc(timeMs);
    const s = Math.floor(ms / 1000);
    if (s !== second) {
      second = s;
      // "…T12:34:56.000Z" without its "000Z".
      prefix = new Date(s * 1000).toISOString().slice(0, -4);
    }
    const milli = ms - s * 1000;
    return `${prefix}${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
  };
}

/** The header, then one line per sample (series after series), in pieces of about pieceChars. */
export function* csvPieces(
  series: Iterable<CsvSeries>,
  pieceChars = CSV_PIECE_CHARS,
): Generator<string, void, undefined> {
  const iso = isoTimeFormatter();
  let piece = CSV_HEADER;
  for (const { name, xs, ys } of series) {
    const cell = csvTextCell(name);
    const n = Math.min(xs.length, ys.length);
    for (let i = 0; i < n; i++) {
      const t = xs[i]!;
      piece += `${cell},${iso(t)},${t},${csvNumberCell(ys[i]!)}\n`;
      if (piece.length >= pieceChars) {
        yield piece;
        piece = '';
      }
    }
  }
  if (piece.length > 0) yield piece;
}
