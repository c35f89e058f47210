/**
 * Rows for showing a long text in a windowed view: one row per line, and a line longer than
 * `maxRowChars` split into several rows, so no row (and no DOM node) grows with the payload.
 * Offsets are UTF-16 indexes into the text; work is one pass over it.
 */
export interface TextRows {
  readonly count: number;
  /** The text of row i (without its line break). */
  row(i: number): string;
  /** True when row i continues the line of row i - 1 (a long line split in rows). */
  continues(i: number): boolean;
}

export function textRows(text: string, maxRowChars: number): TextRows {
  const width = Math.max(1, Math.floor(maxRowChars));
  const starts: number[] = [];
  const ends: number[] = [];
  const continued: boolean[] = [];
  let lineStart = 0;
  for (;;) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    let start = lineStart;
    do {
      let end = Math.min(lineEnd, start + width);
      // Never cut a surrogate pair in two.
      if (end < lineEnd && isHighSurrogate(text.charCodeAt(end - 1))) end--;
      continued.push(start !== lineStart);
      starts.push(start);
      ends.push(end);
      start = end;
    } while (start < lineEnd);
    if (newline === -1) break;
    lineStart = newline + 1;
  }
  return {
    count: starts.length,
    row: (i) => (i >= 0 && i < starts.length ? text.slice(starts[i], ends[i]) : ''),
    continues: (i) => continued[i] ?? false,
  };
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
