/**
 * Pretty printing that cannot overflow the JS stack: JSON.parse accepts 100,000 nested arrays,
 * but JSON.stringify (and any recursive walk) then throws "Maximum call stack size exceeded".
 */

export interface PrettyJsonOptions {
  /** Containers deeper than this are written as a placeholder. */
  maxDepth?: number;
  /** Output is cut at this many characters (UTF-16 units). */
  maxChars?: number;
}

export const DEFAULT_MAX_DEPTH = 64;
export const DEFAULT_MAX_CHARS = 1_000_000;

type Frame =
  | { kind: 'array'; value: readonly unknown[]; index: number; depth: number }
  | {
      kind: 'object';
      value: Record<string, unknown>;
      keys: string[];
      index: number;
      emitted: number;
      depth: number;
    };

/** Applies toJSON like JSON.stringify does (Date -> ISO string). */
function normalize(value: unknown, key: string): unknown {
  if (typeof value === 'object' && value !== null) {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return (toJSON as (k: string) => unknown).call(value, key);
  }
  return value;
}

/** Values JSON.stringify leaves out of objects (and turns into null in arrays). */
function isOmitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

function primitiveText(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      // JSON.stringify throws on bigint; a viewer should still show it.
      return value.toString();
    default:
      return 'null';
  }
}

export function prettyJson(
  value: unknown,
  opts: PrettyJsonOptions = {},
): { text: string; truncated: boolean } {
  const maxDepth = opts.maxDepth ?? DEFAULT_MAX_DEPTH;
  const maxChars = opts.maxChars ?? DEFAULT_MAX_CHARS;
  const parts: string[] = [];
  let length = 0;
  let truncated = false;
  const stack: Frame[] = [];
  // Containers currently open, to print cycles instead of looping until maxDepth.
  const open = new Set<object>();
  const indents: string[] = [''];
  const indent = (depth: number): string => {
    while (indents.length <= depth) indents.push(' '.repeat(2 * indents.length));
    return indents[depth] as string;
  };
  const emit = (s: string): void => {
    parts.push(s);
    length += s.length;
  };

  const writeValue = (raw: unknown, depth: number): void => {
    if (typeof raw !== 'object' || raw === null) {
      emit(primitiveText(raw));
      return;
    }
    const isArray = Array.isArray(raw);
    if (open.has(raw)) {
      emit('"[Circular]"');
      truncated = true;
      return;
    }
    if (isArray) {
      if (raw.length === 0) return emit('[]');
      if (depth >= maxDepth) {
        truncated = true;
        return emit('[…]');
      }
      emit('[');
      stack.push({ kind: 'array', value: raw, index: 0, depth });
    } else {
      const obj = raw as Record<string, unknown>;
      const keys = Object.keys(obj);
      if (keys.length === 0) return emit('{}');
      if (depth >= maxDepth) {
        truncated = true;
        return emit('{…}');
      }
      emit('{');
      stack.push({ kind: 'object', value: obj, keys, index: 0, emitted: 0, depth });
    }
    open.add(raw);
  };

  const root = normalize(value, '');
  if (isOmitted(root)) return { text: '', truncated: false };
  writeValue(root, 0);

  while (stack.length > 0 && length <= maxChars) {
    const frame = stack[stack.length - 1] as Frame;
    if (frame.kind === 'array') {
      if (frame.index < frame.value.length) {
        const i = frame.index++;
        const item = normalize(frame.value[i], String(i));
        emit(`${i > 0 ? ',' : ''}\n${indent(frame.depth + 1)}`);
        writeValue(isOmitted(item) ? null : item, frame.depth + 1);
        continue;
      }
      emit(`\n${indent(frame.depth)}]`);
    } else {
      if (frame.index < frame.keys.length) {
        const key = frame.keys[frame.index++] as string;
        const item = normalize(frame.value[key], key);
        if (isOmitted(item)) continue;
        emit(
          `${frame.emitted++ > 0 ? ',' : ''}\n${indent(frame.depth + 1)}${JSON.stringify(key)}: `,
        );
        writeValue(item, frame.depth + 1);
        continue;
      }
      // Every key was omitted (e.g. all undefined): JSON.stringify writes {}.
      emit(frame.emitted === 0 ? '}' : `\n${indent(frame.depth)}}`);
    }
    stack.pop();
    open.delete(frame.value);
  }

  const text = parts.join('');
  if (text.length > maxChars) return { text: `${text.slice(0, maxChars)}…`, truncated: true };
  return { text, truncated };
}

export type SafeJsonParseResult = { ok: true; value: unknown } | { ok: false; error: string };

/** JSON.parse that reports failure as a value; also catches RangeError on too-deep input. */
export function safeJsonParse(text: string): SafeJsonParseResult {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    if (e instanceof RangeError) return { ok: false, error: 'The JSON is nested too deeply.' };
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}
