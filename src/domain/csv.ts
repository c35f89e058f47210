/**
 * CSV cells for text that came from a broker (topic names, field paths). A cell that begins
 * with =, +, -, @, a tab or a carriage return would run as a formula in a spreadsheet, so it is
 * prefixed with ' and kept as text; every text cell is quoted.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvTextCell(text: string): string {
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** A number as a CSV cell: plain digits (never a formula), or empty when not finite. */
export function csvNumberCell(value: number): string {
  return Number.isFinite(value) ? String(value) : '';
}
