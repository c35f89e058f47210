/**
 * What a decoder gives back: a JSON-like tree (objects, arrays, strings, numbers, booleans,
 * null) plus two leaves JSON lacks: `bigint` for 64-bit integers beyond 2^53 (read exactly) and
 * DecodedBytes for binary values (shown as hex). Field paths, chart buttons and the worker's
 * chart reading walk it like parsed JSON; `decodedJsonText` writes it as JSON text.
 */

import { DecodedBytes, isDecodedBytes } from './decoded-bytes';

export { DecodedBytes, isDecodedBytes };

/**
 * A float32 as the shortest decimal that reads back as the same float32: 68.94, not
 * 68.94000244140625 (the float32 nearest 68.94, widened to a double).
 */
export function shortFloat32(value: number): number {
  if (!Number.isFinite(value)) return value;
  for (let digits = 6; digits < 9; digits++) {
    const short = Number(value.toPrecision(digits));
    if (Math.fround(short) === value) return short;
  }
  return value;
}

/** A JS integer read from 64 bits: a number when it is exact, else a bigint. */
export function exactInteger(value: bigint): number | bigint {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(value)
    : value;
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One scalar as JSON text: bigints exactly, bytes as a hex string, NaN and ±Infinity as text. */
export function scalarJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : `"${value}"`;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (isDecodedBytes(value)) return `"${value.hex()}"`;
  return JSON.stringify(String(value));
}

export interface JsonTextOptions {
  /** Spaces per level; 0 writes one line. */
  indent?: number;
  /** Stop after about this many characters (the text then ends with "…"). */
  maxChars?: number;
}

/**
 * The tree as JSON text, iteratively (no depth overflows the stack); keys in insertion order.
 * A text cut at `maxChars` ends with "…" and is no longer valid JSON.
 */
export function decodedJsonText(value: unknown, opts: JsonTextOptions = {}): string {
  const indent = opts.indent ?? 2;
  const maxChars = opts.maxChars ?? Infinity;
  const parts: string[] = [];
  let length = 0;
  const push = (s: string) => {
    parts.push(s);
    length += s.length;
  };
  const newline = (depth: number) => (indent > 0 ? `\n${' '.repeat(indent * depth)}` : '');
  const colon = indent > 0 ? ': ' : ':';
  const comma = indent > 0 ? ',' : ',';

  type Frame = { entries: Array<[string | undefined, unknown]>; index: number; close: string };
  const stack: Frame[] = [];
  const open = (node: unknown): void => {
    if (Array.isArray(node)) {
      if (node.length === 0) return push('[]');
      push('[');
      stack.push({ entries: node.map((v) => [undefined, v]), index: 0, close: ']' });
    } else if (isPlainRecord(node) && !isDecodedBytes(node)) {
      const entries = Object.entries(node);
      if (entries.length === 0) return push('{}');
      push('{');
      stack.push({ entries, index: 0, close: '}' });
    } else {
      push(scalarJson(node));
    }
  };
  open(value);
  while (stack.length > 0) {
    if (length > maxChars) return `${parts.join('').slice(0, maxChars)}…`;
    const frame = stack[stack.length - 1]!;
    if (frame.index >= frame.entries.length) {
      stack.pop();
      push(`${newline(stack.length)}${frame.close}`);
      continue;
    }
    const [key, child] = frame.entries[frame.index++]!;
    push(`${frame.index > 1 ? comma : ''}${newline(stack.length)}`);
    if (key !== undefined) push(`${JSON.stringify(key)}${colon}`);
    open(child);
  }
  const text = parts.join('');
  return text.length > maxChars ? `${text.slice(0, maxChars)}…` : text;
}

/** Bounds for turning a library's output into a decoded tree. */
export interface TreeBudget {
  /** Values left to visit; the walk stops with an error at 0. */
  nodes: number;
  maxDepth: number;
  /** performance.now() past which the walk stops with an error. */
  deadlineMs: number;
}

export const DEFAULT_MAX_NODES = 200_000;
export const DEFAULT_MAX_DEPTH = 64;
/** The longest a decode may take on the page or in the worker before it gives up. */
export const DECODE_TIME_LIMIT_MS = 250;

export function newBudget(
  timeLimitMs = DECODE_TIME_LIMIT_MS,
  nodes = DEFAULT_MAX_NODES,
  maxDepth = DEFAULT_MAX_DEPTH,
): TreeBudget {
  return { nodes, maxDepth, deadlineMs: performance.now() + timeLimitMs };
}

export class DecodeLimitError extends Error {}

/** Counts one value against the budget; throws DecodeLimitError past a bound. */
export function spend(budget: TreeBudget, depth: number): void {
  if (depth > budget.maxDepth) {
    throw new DecodeLimitError(`nested deeper than ${budget.maxDepth} levels`);
  }
  budget.nodes--;
  if (budget.nodes < 0) throw new DecodeLimitError('too many values to show');
  if ((budget.nodes & 0x3ff) === 0 && performance.now() > budget.deadlineMs) {
    throw new DecodeLimitError('decoding took too long');
  }
}

/** A map key as an object key: strings as they are, anything else as its JSON text. */
function keyText(key: unknown): string {
  if (typeof key === 'string') return key;
  if (isDecodedBytes(key)) return key.hex();
  return scalarJson(key);
}

/** How a library's own objects become part of the tree. */
export interface ForeignRules {
  /** A value this codec knows (a tag, an extension), as a tree value; undefined to go on. */
  special?: (value: object, convert: (inner: unknown) => unknown) => unknown;
}

/**
 * A library's decoded output (Maps, Dates, typed arrays, class instances) as a decoded tree:
 * Maps become objects (keys as text), Dates ISO strings, byte arrays DecodedBytes, other typed
 * arrays lists of numbers; 64-bit integers are exact. Throws DecodeLimitError past the budget.
 */
export function toDecodedTree(
  value: unknown,
  budget: TreeBudget,
  rules: ForeignRules = {},
): unknown {
  const convert = (node: unknown, depth: number): unknown => {
    spend(budget, depth);
    if (node === null || node === undefined) return null;
    switch (typeof node) {
      case 'number':
      case 'string':
      case 'boolean':
        return node;
      case 'bigint':
        return exactInteger(node);
      case 'object':
        break;
      default:
        return String(node);
    }
    const inner = (child: unknown) => convert(child, depth + 1);
    if (rules.special) {
      const special = rules.special(node, inner);
      if (special !== undefined) return special;
    }
    if (isDecodedBytes(node)) return node;
    if (node instanceof Uint8Array) return new DecodedBytes(node);
    if (ArrayBuffer.isView(node)) {
      const list = Array.from(node as unknown as ArrayLike<number | bigint>);
      return list.map(inner);
    }
    if (node instanceof ArrayBuffer) return new DecodedBytes(new Uint8Array(node));
    if (node instanceof Date) {
      return Number.isNaN(node.getTime()) ? 'Invalid Date' : node.toISOString();
    }
    if (Array.isArray(node)) return node.map(inner);
    if (node instanceof Map) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of node) defineKey(out, keyText(k), inner(v));
      return out;
    }
    if (node instanceof Set) return [...node].map(inner);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) defineKey(out, k, inner(v));
    return out;
  };
  return convert(value, 0);
}

/** Sets a key as an own data property, even "__proto__": nothing from a payload reaches a prototype. */
export function defineKey(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** One line of the tree for a list row: compact JSON, cut at `maxChars`. */
export function decodedPreview(value: unknown, maxChars: number): string {
  return decodedJsonText(value, { indent: 0, maxChars });
}
