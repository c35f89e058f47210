/**
 * Recordings as files other tools can read: NDJSON, one message per line,
 *
 *   {"time":"2025-05-01T10:00:00.123Z","topic":"plant/a","payload":"MjEuNQ==","qos":1,
 *    "retain":false,"properties":{"contentType":"text/plain","userProperties":[{"key":"k","value":"v"}]}}
 *
 * `payload` is base64 of the exact bytes; `properties` (MQTT 5) is left out when there are none,
 * `correlationData` in it is base64 too. Reading is lenient where other tools differ and strict
 * where a value would be guessed: `time` may also be a number (ms since the epoch, or seconds
 * when below 1e11), `qos` and `retain` default to 0 and false, `payloadEncoding: "text"` says the
 * payload is UTF-8 text (as the log selection export writes it), user properties may also be
 * `[key, value]` pairs or an object. A line that cannot be read is reported with its reason.
 */
import type { RecordedMessage } from './recording-chunk';
import { flagsOf, qosOfFlags, retainOfFlags } from './recording-chunk';
import type { MessageProperties, QoS, UserProperty } from './mqtt-types';
import { decodeStrict } from './payload';
import { toBase64 } from './payload-copy';
import { validateTopicName } from './topic-filter';

/** Times below this are read as seconds since the epoch (1e11 ms is in 1973). */
const SECONDS_BELOW = 1e11;

/** Standard base64 to bytes; undefined when the text is not base64 (padding may be left out). */
export function fromBase64(text: string): Uint8Array | undefined {
  if (text.length % 4 === 1 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined;
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    return undefined;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** A time in ms since the epoch as ISO 8601 with milliseconds. */
export function isoTime(ms: number): string {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? new Date(0).toISOString() : d.toISOString();
}

interface PropertiesJson {
  contentType?: string;
  payloadFormatIndicator?: boolean;
  messageExpirySec?: number;
  responseTopic?: string;
  correlationData?: string;
  userProperties?: UserProperty[];
  subscriptionIdentifiers?: number[];
}

function propertiesToJson(p: MessageProperties): PropertiesJson | undefined {
  const out: PropertiesJson = {};
  if (p.contentType !== undefined) out.contentType = p.contentType;
  if (p.payloadFormatIndicator !== undefined) out.payloadFormatIndicator = p.payloadFormatIndicator;
  if (p.messageExpirySec !== undefined) out.messageExpirySec = p.messageExpirySec;
  if (p.responseTopic !== undefined) out.responseTopic = p.responseTopic;
  if (p.correlationData !== undefined) out.correlationData = toBase64(p.correlationData);
  if (p.userProperties !== undefined && p.userProperties.length > 0)
    out.userProperties = p.userProperties.map(({ key, value }) => ({ key, value }));
  if (p.subscriptionIdentifiers !== undefined && p.subscriptionIdentifiers.length > 0)
    out.subscriptionIdentifiers = [...p.subscriptionIdentifiers];
  return Object.keys(out).length > 0 ? out : undefined;
}

export type PayloadEncoding = 'base64' | 'text';

/**
 * One message as one NDJSON line (no newline). `payloadAs: 'text-when-utf8'` writes the payload
 * as text with `"payloadEncoding":"text"` when its bytes are valid UTF-8 (the log selection);
 * the default is base64 always (recordings).
 */
export function encodeNdjsonLine(
  m: RecordedMessage,
  payloadAs: 'base64' | 'text-when-utf8' = 'base64',
): string {
  const text = payloadAs === 'text-when-utf8' ? decodeStrict(m.payload) : undefined;
  const line: Record<string, unknown> = {
    time: isoTime(m.timeMs),
    topic: m.topic,
  };
  if (text !== undefined) {
    line.payloadEncoding = 'text';
    line.payload = text;
  } else {
    if (payloadAs === 'text-when-utf8') line.payloadEncoding = 'base64';
    line.payload = toBase64(m.payload);
  }
  line.qos = qosOfFlags(m.flags);
  line.retain = retainOfFlags(m.flags);
  const properties = m.properties ? propertiesToJson(m.properties) : undefined;
  if (properties) line.properties = properties;
  return JSON.stringify(line);
}

export type DecodedLine =
  | { kind: 'message'; message: RecordedMessage }
  | { kind: 'blank' }
  | { kind: 'malformed'; error: string };

const malformed = (error: string): DecodedLine => ({ kind: 'malformed', error });

function readTime(value: unknown): number | undefined {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) return undefined;
    return value < SECONDS_BELOW ? value * 1000 : value;
  }
  if (typeof value === 'string' && value.trim() !== '') {
    const ms = Date.parse(value);
    return Number.isFinite(ms) ? ms : undefined;
  }
  return undefined;
}

function readUserProperties(value: unknown): UserProperty[] | string {
  const list: UserProperty[] = [];
  if (Array.isArray(value)) {
    for (const item of value) {
      if (Array.isArray(item) && item.length === 2) {
        const [key, v] = item as unknown[];
        if (typeof key === 'string' && typeof v === 'string') {
          list.push({ key, value: v });
          continue;
        }
      } else if (typeof item === 'object' && item !== null) {
        const { key, value: v } = item as Record<string, unknown>;
        if (typeof key === 'string' && typeof v === 'string') {
          list.push({ key, value: v });
          continue;
        }
      }
      return 'a user property is not a key and a text value';
    }
    return list;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      const values = Array.isArray(v) ? v : [v];
      for (const one of values) {
        if (typeof one !== 'string') return `user property "${key}" is not text`;
        list.push({ key, value: one });
      }
    }
    return list;
  }
  return 'userProperties is not a list';
}

function readProperties(value: unknown): MessageProperties | undefined | string {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) return 'properties is not an object';
  const p = value as Record<string, unknown>;
  const out: MessageProperties = {};
  if (p.contentType !== undefined) {
    if (typeof p.contentType !== 'string') return 'contentType is not text';
    out.contentType = p.contentType;
  }
  if (p.payloadFormatIndicator !== undefined) {
    if (typeof p.payloadFormatIndicator !== 'boolean')
      return 'payloadFormatIndicator is not true or false';
    out.payloadFormatIndicator = p.payloadFormatIndicator;
  }
  if (p.messageExpirySec !== undefined) {
    const n = p.messageExpirySec;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0)
      return 'messageExpirySec is not a whole number of seconds';
    out.messageExpirySec = n;
  }
  if (p.responseTopic !== undefined) {
    if (typeof p.responseTopic !== 'string') return 'responseTopic is not text';
    out.responseTopic = p.responseTopic;
  }
  if (p.correlationData !== undefined) {
    const bytes = typeof p.correlationData === 'string' ? fromBase64(p.correlationData) : undefined;
    if (!bytes) return 'correlationData is not base64';
    out.correlationData = bytes;
  }
  if (p.userProperties !== undefined) {
    const list = readUserProperties(p.userProperties);
    if (typeof list === 'string') return list;
    if (list.length > 0) out.userProperties = list;
  }
  if (p.subscriptionIdentifiers !== undefined) {
    const ids = p.subscriptionIdentifiers;
    if (!Array.isArray(ids) || !ids.every((n) => typeof n === 'number' && Number.isInteger(n)))
      return 'subscriptionIdentifiers is not a list of whole numbers';
    if (ids.length > 0) out.subscriptionIdentifiers = ids as number[];
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

const encoder = new TextEncoder();

/** Reads one line of a file; a blank line is no message and no error. */
export function decodeNdjsonLine(line: string): DecodedLine {
  const trimmed = line.trim();
  if (trimmed === '') return { kind: 'blank' };
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    return malformed('not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return malformed('not a JSON object');
  const o = value as Record<string, unknown>;
  if (typeof o.topic !== 'string') return malformed('no topic');
  const topicProblem = validateTopicName(o.topic);
  if (topicProblem) return malformed(`topic: ${topicProblem}`);
  const timeMs = readTime(o.time);
  if (timeMs === undefined) return malformed('no time (an ISO 8601 date or ms since 1970)');
  let payload: Uint8Array | undefined;
  const encoding = o.payloadEncoding ?? 'base64';
  if (typeof o.payload !== 'string') return malformed('no payload');
  if (encoding === 'text') payload = encoder.encode(o.payload);
  else if (encoding === 'base64') {
    payload = fromBase64(o.payload);
    if (!payload) return malformed('payload is not base64');
  } else return malformed('payloadEncoding is neither "base64" nor "text"');
  const qos = o.qos ?? 0;
  if (qos !== 0 && qos !== 1 && qos !== 2) return malformed('qos is not 0, 1 or 2');
  const retain = o.retain ?? false;
  if (typeof retain !== 'boolean') return malformed('retain is not true or false');
  const properties = readProperties(o.properties);
  if (typeof properties === 'string') return malformed(properties);
  const message: RecordedMessage = {
    topic: o.topic,
    payload,
    flags: flagsOf(qos as QoS, retain),
    timeMs,
  };
  if (properties) message.properties = properties;
  return { kind: 'message', message };
}

/**
 * Splits text arriving in pieces into lines (LF or CRLF), holding the unfinished last line
 * until more text or the end comes.
 */
export class LineSplitter {
  private rest = '';

  push(text: string): string[] {
    const all = this.rest + text;
    const lines = all.split('\n');
    this.rest = lines.pop() ?? '';
    return lines.map(stripCr);
  }

  /** The last line, when the text did not end with a newline. */
  end(): string[] {
    const rest = this.rest;
    this.rest = '';
    return rest === '' ? [] : [stripCr(rest)];
  }

  /** Characters held for the unfinished line. */
  get pending(): number {
    return this.rest.length;
  }
}

const stripCr = (line: string) => (line.endsWith('\r') ? line.slice(0, -1) : line);

/** How many reasons an import report spells out; the rest are counted. */
export const REPORTED_LINES = 5;

/** Counts what an import read, and keeps the first few malformed lines with their reasons. */
export class ImportTally {
  lines = 0;
  imported = 0;
  malformed = 0;
  readonly examples: Array<{ line: number; error: string }> = [];

  /** Reads one line; returns the message when it is one. */
  read(line: string): RecordedMessage | undefined {
    this.lines++;
    const decoded = decodeNdjsonLine(line);
    if (decoded.kind === 'message') {
      this.imported++;
      return decoded.message;
    }
    if (decoded.kind === 'malformed') {
      this.malformed++;
      if (this.examples.length < REPORTED_LINES)
        this.examples.push({ line: this.lines, error: decoded.error });
    }
    return undefined;
  }

  /** "2 malformed lines skipped: line 3 (not JSON), line 9 (payload is not base64)." */
  malformedText(): string {
    if (this.malformed === 0) return 'No malformed lines.';
    const noun = this.malformed === 1 ? 'line' : 'lines';
    const listed = this.examples.map((e) => `line ${e.line} (${e.error})`).join(', ');
    const more =
      this.malformed > this.examples.length
        ? ` and ${(this.malformed - this.examples.length).toLocaleString('en-US')} more`
        : '';
    return `${this.malformed.toLocaleString('en-US')} malformed ${noun} skipped: ${listed}${more}.`;
  }
}
