/**
 * A payload as a hex dump, like `hexdump -C`: for the selected message's details and for bytes
 * a decoder could not read (apart from payload.ts, which the message list needs at start).
 */
import { hexByte } from './payload';

function asciiChar(b: number): string {
  return b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
}

/** Bytes per line of a hex dump. */
export const HEX_BYTES_PER_LINE = 16;

/** Lines of the hex dump of `byteCount` bytes. */
export function hexLineCount(byteCount: number): number {
  return Math.ceil(byteCount / HEX_BYTES_PER_LINE);
}

/**
 * Line `line` of a dump like `hexdump -C`: 8-hex-digit offset, 16 bytes (extra gap after 8),
 * ASCII column. Computed from the bytes alone, so a view can draw any line of a huge payload.
 */
export function hexDumpLine(bytes: Uint8Array, line: number): string {
  const offset = line * HEX_BYTES_PER_LINE;
  const lineEnd = Math.min(offset + HEX_BYTES_PER_LINE, bytes.length);
  let hex = '';
  let ascii = '';
  for (let i = offset; i < offset + HEX_BYTES_PER_LINE; i++) {
    if (i === offset + 8) hex += ' ';
    if (i < lineEnd) {
      const b = bytes[i] as number;
      hex += `${hexByte(b)} `;
      ascii += asciiChar(b);
    } else {
      hex += '   ';
    }
  }
  return `${offset.toString(16).padStart(8, '0')}  ${hex} |${ascii}|`;
}

/**
 * The dump of at most maxBytes bytes, a line per 16; a last line says how many were left out.
 */
export function hexDump(bytes: Uint8Array, maxBytes = 65536): string {
  const shown = Math.min(bytes.length, Math.max(0, maxBytes));
  const lines: string[] = [];
  const part = bytes.subarray(0, shown);
  for (let line = 0; line < hexLineCount(shown); line++) lines.push(hexDumpLine(part, line));
  if (shown < bytes.length) {
    lines.push(`… ${(bytes.length - shown).toLocaleString('en-US')} more bytes not shown`);
  }
  return lines.join('\n');
}
