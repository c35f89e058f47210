/**
 * The numeric fields of a JSON document with their paths, to offer chart series (the selected
 * message's details); json-fields.ts reads a field by such a path.
 */
import { asNumber, BARE_VALUE_PATH } from './json-fields';

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
