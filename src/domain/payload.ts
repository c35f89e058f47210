/**
 * Raw payload bytes -> kind, text, preview (the hex dump is in hex-dump.ts). Everything here is
 * called lazily, for the rows on screen and the selected message, never once per received
 * message.
 */

export type PayloadKind = 'json' | 'text' | 'binary';

/** Larger payloads are shown as text: parsing them would stall the page. */
export const MAX_JSON_PARSE_BYTES = 8 * 1024 * 1024;

// ignoreBOM keeps a leading byte order mark as U+FEFF: the text is made from every byte.
const fatalDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenientDecoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** C0 controls other than tab, LF, CR, plus DEL, mark a payload as binary. */
function hasControlBytes(bytes: Uint8Array, end: number): boolean {
  for (let i = 0; i < end; i++) {
    const b = bytes[i] as number;
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) || b === 0x7f) return true;
  }
  return false;
}

/** Strict UTF-8 text, or undefined when the bytes are not valid UTF-8. */
/** The payload's own text, or undefined when its bytes are not valid UTF-8. */
export function decodeStrict(bytes: Uint8Array): string | undefined {
  try {
    return fatalDecoder.decode(bytes);
  } catch {
    return undefined;
  }
}

/** Cheap first-character test before trying JSON.parse. */
function looksLikeJson(trimmed: string): boolean {
  const c = trimmed.charCodeAt(0);
  return (
    c === 0x7b /* { */ ||
    c === 0x5b /* [ */ ||
    c === 0x22 /* " */ ||
    c === 0x2d /* - */ ||
    (c >= 0x30 && c <= 0x39) ||
    trimmed === 'true' ||
    trimmed === 'false' ||
    trimmed === 'null'
  );
}

function isJsonText(text: string): boolean {
  const trimmed = text.trim();
  if (trimmed === '' || !looksLikeJson(trimmed)) return false;
  try {
    JSON.parse(trimmed);
    return true;
  } catch {
    // SyntaxError, or RangeError on engines that recurse while parsing.
    return false;
  }
}

export function detectPayloadKind(bytes: Uint8Array): PayloadKind {
  if (hasControlBytes(bytes, bytes.length)) return 'binary';
  const text = decodeStrict(bytes);
  if (text === undefined) return 'binary';
  if (bytes.length > MAX_JSON_PARSE_BYTES) return 'text';
  return isJsonText(text) ? 'json' : 'text';
}

/** Lenient decode: invalid sequences become U+FFFD rather than failing. */
export function decodeUtf8(bytes: Uint8Array): string {
  return lenientDecoder.decode(bytes);
}

/** Largest end <= maxBytes that does not cut a UTF-8 sequence in two. */
function utf8CutIndex(bytes: Uint8Array, maxBytes: number): number {
  if (maxBytes >= bytes.length) return bytes.length;
  let end = maxBytes;
  // Step back over at most 3 continuation bytes (10xxxxxx) to the start of the cut character.
  for (let steps = 0; steps < 3 && end > 0 && ((bytes[end] as number) & 0xc0) === 0x80; steps++) {
    end--;
  }
  return end;
}

/** Two lowercase hex digits. */
export function hexByte(b: number): string {
  return b.toString(16).padStart(2, '0');
}

/**
 * One line for a list row. Only the first maxChars*4 bytes are looked at (a character is at
 * most 4 bytes in UTF-8), so a large payload costs no more than a small one; the kind shown is
 * therefore that of the prefix.
 */
export function previewPayload(bytes: Uint8Array, maxChars = 120): string {
  const end = utf8CutIndex(bytes, maxChars * 4);
  const head = bytes.subarray(0, end);
  const text = hasControlBytes(head, end) ? undefined : decodeStrict(head);
  if (text === undefined) {
    // Each byte takes 3 characters ("ff ").
    const shownBytes = Math.min(bytes.length, Math.max(1, Math.floor(maxChars / 3)));
    const hex: string[] = [];
    for (let i = 0; i < shownBytes; i++) hex.push(hexByte(bytes[i] as number));
    const more = bytes.length > shownBytes ? ' …' : '';
    return `binary ${formatBytes(bytes.length)}: ${hex.join(' ')}${more}`;
  }
  const oneLine = text.replace(/[\r\n\t]+/g, ' ');
  if (oneLine.length > maxChars) {
    let cut = maxChars;
    // Do not split a surrogate pair.
    const last = oneLine.charCodeAt(cut - 1);
    if (last >= 0xd800 && last <= 0xdbff) cut--;
    return `${oneLine.slice(0, cut)}…`;
  }
  return end < bytes.length ? `${oneLine}…` : oneLine;
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/** Binary units (1 KB = 1024 B), one decimal, no trailing ".0". */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return `${n} B`;
  if (n < 0) return `-${formatBytes(-n)}`;
  let value = n;
  let unit = 0;
  // Compare the rounded value so 1023.96 KB shows as 1 MB, not 1024 KB.
  while (unit < UNITS.length - 1 && Math.round(value * 10) / 10 >= 1024) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return `${Math.round(value)} B`;
  const text = value.toFixed(1).replace(/\.0$/, '');
  return `${text} ${UNITS[unit] as string}`;
}
