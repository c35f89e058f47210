/** Turns a payload into the text the details view shows, decoding only what is shown. */
import { decodeUtf8, detectPayloadKind, type PayloadKind } from './payload';
import { hexDump } from './hex-dump';
import { reindentJson, safeJsonParse } from './json-text';

export type PayloadMode = 'auto' | 'json' | 'text' | 'hex';

export interface PayloadView {
  /** The decoder actually used. */
  shownAs: 'json' | 'text' | 'hex';
  text: string;
  /** Bytes of the payload the text covers. */
  shownBytes: number;
  totalBytes: number;
  detected: PayloadKind;
  /** A note such as "not valid JSON". */
  note?: string;
  /** The parsed JSON value, when shown as JSON. */
  json?: unknown;
}

export function viewPayload(bytes: Uint8Array, mode: PayloadMode, limitBytes: number): PayloadView {
  const totalBytes = bytes.byteLength;
  const part = totalBytes > limitBytes ? bytes.subarray(0, limitBytes) : bytes;
  const complete = part.byteLength === totalBytes;
  const detected = detectPayloadKind(part);
  const wanted = mode === 'auto' ? (detected === 'binary' ? 'hex' : detected) : mode;
  const base = { shownBytes: part.byteLength, totalBytes, detected };
  if (wanted === 'hex') return { ...base, shownAs: 'hex', text: hexDump(part, limitBytes) };
  const text = decodeUtf8(part);
  if (wanted === 'json') {
    if (!complete) {
      return { ...base, shownAs: 'text', text, note: 'Showing part of the payload as text.' };
    }
    const parsed = safeJsonParse(text);
    if (!parsed.ok)
      return { ...base, shownAs: 'text', text, note: `Not valid JSON: ${parsed.error}` };
    // Indented from the payload's own text: numbers read exactly as sent.
    return { ...base, shownAs: 'json', text: reindentJson(text), json: parsed.value };
  }
  return { ...base, shownAs: 'text', text };
}
