/**
 * Numeric fields inside JSON payloads, read by path (a path compiled once, a payload parsed once
 * for all its fields); numeric-fields.ts lists them. Paths look like `sensors[0].value` or
 * `a["b c"]`.
 */
import { decodeUtf8, MAX_JSON_PARSE_BYTES } from './payload';

/** Path of a payload that is itself a number. */
export const BARE_VALUE_PATH = 'value';

/** A number, or with `includeBooleans` true/false as 1/0; undefined for anything else. */
export function asNumber(value: unknown, includeBooleans: boolean): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (includeBooleans && typeof value === 'boolean') return value ? 1 : 0;
  return undefined;
}

/**
 * `a.b[0]["c d"]` -> ['a', 'b', 0, 'c d']. Throws on a malformed path, since a path that does
 * not parse can never name a field.
 */
export function parsePath(path: string): Array<string | number> {
  const segments: Array<string | number> = [];
  let i = 0;
  const fail = (): never => {
    throw new Error(`Malformed field path: ${path}`);
  };
  while (i < path.length) {
    const c = path[i];
    if (c === '[') {
      if (path[i + 1] === '"') {
        // A JSON string literal: find its closing quote, skipping escapes.
        let j = i + 2;
        while (j < path.length && path[j] !== '"') j += path[j] === '\\' ? 2 : 1;
        if (j >= path.length || path[j + 1] !== ']') fail();
        segments.push(JSON.parse(path.slice(i + 1, j + 1)) as string);
        i = j + 2;
      } else {
        const close = path.indexOf(']', i);
        const digits = close === -1 ? '' : path.slice(i + 1, close);
        if (!/^\d+$/.test(digits)) fail();
        segments.push(Number(digits));
        i = close + 1;
      }
    } else {
      if (c === '.') {
        if (segments.length === 0) fail();
        i++;
      }
      const start = i;
      while (i < path.length && path[i] !== '.' && path[i] !== '[') i++;
      const key = path.slice(start, i);
      if (key === '') fail();
      segments.push(key);
    }
  }
  return segments;
}

export interface ReadFieldOptions {
  /** Read true/false as 1/0. */
  includeBooleans?: boolean;
}

/** Reads one field of a parsed document: the number there, or undefined. */
export type FieldReader = (document: unknown) => number | undefined;

const readsNothing: FieldReader = () => undefined;

/**
 * Compiles `path` once for reading it from many documents (each charted field of each
 * message). A malformed path reads nothing. Numeric strings such as "21.5" are not numbers;
 * at path "value" a document that is itself a number (or boolean, with the flag) is read.
 */
export function compileFieldReader(path: string, opts: ReadFieldOptions = {}): FieldReader {
  const includeBooleans = opts.includeBooleans ?? false;
  let segments: Array<string | number>;
  try {
    segments = parsePath(path);
  } catch {
    return readsNothing;
  }
  const bare = path === BARE_VALUE_PATH;
  return (document) => {
    if (bare) {
      const n = asNumber(document, includeBooleans);
      if (n !== undefined) return n;
    }
    let current: unknown = document;
    for (const segment of segments) {
      if (typeof current !== 'object' || current === null) return undefined;
      if (Array.isArray(current)) {
        if (typeof segment !== 'number') return undefined;
        current = current[segment];
      } else {
        const key = String(segment);
        if (!Object.prototype.hasOwnProperty.call(current, key)) return undefined;
        current = (current as Record<string, unknown>)[key];
      }
    }
    return asNumber(current, includeBooleans);
  };
}

/** The number at `path`, or undefined. Numeric strings such as "21.5" are not numbers. */
export function readFieldByPath(
  value: unknown,
  path: string,
  opts: ReadFieldOptions = {},
): number | undefined {
  return compileFieldReader(path, opts)(value);
}

const BARE_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** What parseFieldDocument returns for a payload no field can be read from. */
export const NO_DOCUMENT: unique symbol = Symbol('no document');

export interface ParseDocumentOptions {
  /** Larger payloads are not parsed (NO_DOCUMENT); MAX_JSON_PARSE_BYTES unless given. */
  maxBytes?: number;
}

/**
 * A payload as a document to read fields from, parsed once for every field read from it: its
 * JSON value, or the number of a plain-text number ("21.5", "+21.5", ".5", which JSON does not
 * always accept), or NO_DOCUMENT (empty, not JSON, too large).
 */
export function parseFieldDocument(bytes: Uint8Array, opts: ParseDocumentOptions = {}): unknown {
  if (bytes.length > (opts.maxBytes ?? MAX_JSON_PARSE_BYTES)) return NO_DOCUMENT;
  const text = decodeUtf8(bytes).trim();
  if (text === '') return NO_DOCUMENT;
  try {
    return JSON.parse(text);
  } catch {
    if (!BARE_NUMBER.test(text)) return NO_DOCUMENT;
    const n = Number(text);
    return Number.isFinite(n) ? n : NO_DOCUMENT;
  }
}

/** Decode, parse and read in one step. */
export function readNumericField(
  bytes: Uint8Array,
  path: string,
  opts: ReadFieldOptions = {},
): number | undefined {
  const document = parseFieldDocument(bytes);
  return document === NO_DOCUMENT ? undefined : readFieldByPath(document, path, opts);
}
