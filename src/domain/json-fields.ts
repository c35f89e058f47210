/**
 * Numeric fields inside JSON payloads: list them (to offer chart series) and read one by path
 * (once per message of a charted topic). Paths look like `sensors[0].value` or `a["b c"]`.
 */
import { decodeUtf8, MAX_JSON_PARSE_BYTES } from './payload';

/** Path of a payload that is itself a number. */
export const BARE_VALUE_PATH = 'value';

export interface FindNumericFieldsOptions {
  maxFields?: number;
  maxDepth?: number;
  /** Report true/false as 1/0. */
  includeBooleans?: boolean;
}

export interface NumericField {
  path: string;
  value: number;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function keySegment(parentPath: string, key: string): string {
  if (IDENTIFIER.test(key)) return parentPath === '' ? key : `${parentPath}.${key}`;
  return `${parentPath}[${JSON.stringify(key)}]`;
}

function asNumber(value: unknown, includeBooleans: boolean): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (includeBooleans && typeof value === 'boolean') return value ? 1 : 0;
  return undefined;
}

interface Frame {
  value: object;
  path: string;
  keys: string[] | undefined;
  index: number;
  depth: number;
}

/** Numeric leaves in document order. Iterative, so deep input cannot overflow the stack. */
export function findNumericFields(
  value: unknown,
  opts: FindNumericFieldsOptions = {},
): NumericField[] {
  const maxFields = opts.maxFields ?? 200;
  const maxDepth = opts.maxDepth ?? 32;
  const includeBooleans = opts.includeBooleans ?? false;
  const found: NumericField[] = [];

  const rootNumber = asNumber(value, includeBooleans);
  if (rootNumber !== undefined)
    return maxFields > 0 ? [{ path: BARE_VALUE_PATH, value: rootNumber }] : [];
  if (typeof value !== 'object' || value === null) return found;

  const stack: Frame[] = [];
  const pushContainer = (v: object, path: string, depth: number): void => {
    if (depth > maxDepth) return;
    stack.push({
      value: v,
      path,
      keys: Array.isArray(v) ? undefined : Object.keys(v),
      index: 0,
      depth,
    });
  };
  pushContainer(value, '', 0);

  while (stack.length > 0 && found.length < maxFields) {
    const frame = stack[stack.length - 1] as Frame;
    let child: unknown;
    let childPath: string;
    if (frame.keys === undefined) {
      const arr = frame.value as unknown[];
      if (frame.index >= arr.length) {
        stack.pop();
        continue;
      }
      const i = frame.index++;
      child = arr[i];
      childPath = `${frame.path}[${i}]`;
    } else {
      if (frame.index >= frame.keys.length) {
        stack.pop();
        continue;
      }
      const key = frame.keys[frame.index++] as string;
      child = (frame.value as Record<string, unknown>)[key];
      childPath = keySegment(frame.path, key);
    }
    const n = asNumber(child, includeBooleans);
    if (n !== undefined) found.push({ path: childPath, value: n });
    else if (typeof child === 'object' && child !== null)
      pushContainer(child, childPath, frame.depth + 1);
  }
  return found;
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

/** The number at `path`, or undefined. Numeric strings such as "21.5" are not numbers. */
export function readFieldByPath(
  value: unknown,
  path: string,
  opts: ReadFieldOptions = {},
): number | undefined {
  const includeBooleans = opts.includeBooleans ?? false;
  if (path === BARE_VALUE_PATH) {
    const bare = asNumber(value, includeBooleans);
    if (bare !== undefined) return bare;
  }
  let segments: Array<string | number>;
  try {
    segments = parsePath(path);
  } catch {
    return undefined;
  }
  let current: unknown = value;
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
}

const BARE_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Decode, parse and read in one step, for the charted fields of incoming messages. */
export function readNumericField(
  bytes: Uint8Array,
  path: string,
  opts: ReadFieldOptions = {},
): number | undefined {
  if (bytes.length > MAX_JSON_PARSE_BYTES) return undefined;
  const text = decodeUtf8(bytes).trim();
  if (text === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Plain-text devices send "21.5" or "+21.5" or ".5", which JSON does not always accept.
    if (path !== BARE_VALUE_PATH || !BARE_NUMBER.test(text)) return undefined;
    const n = Number(text);
    return Number.isFinite(n) ? n : undefined;
  }
  return readFieldByPath(parsed, path, opts);
}
