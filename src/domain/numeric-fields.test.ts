import { describe, it, expect } from 'vitest';
import { readFieldByPath } from './json-fields';
import { findNumericFields } from './numeric-fields';

describe('findNumericFields', () => {
  it('lists numeric leaves with their paths in document order', () => {
    const value = {
      temperature: 21.5,
      name: 'kitchen',
      sensors: [{ value: 1 }, { value: 2, ok: true }],
      a: { b: 3 },
      'key with space': 4,
      '0': 5,
      matrix: [
        [6, 7],
        [8, '9'],
      ],
    };
    expect(findNumericFields(value)).toEqual([
      { path: '["0"]', value: 5 },
      { path: 'temperature', value: 21.5 },
      { path: 'sensors[0].value', value: 1 },
      { path: 'sensors[1].value', value: 2 },
      { path: 'a.b', value: 3 },
      { path: '["key with space"]', value: 4 },
      { path: 'matrix[0][0]', value: 6 },
      { path: 'matrix[0][1]', value: 7 },
      { path: 'matrix[1][0]', value: 8 },
    ]);
  });

  it('reports a bare number as "value" and a root array by index', () => {
    expect(findNumericFields(42)).toEqual([{ path: 'value', value: 42 }]);
    expect(findNumericFields([1, 'x', 2])).toEqual([
      { path: '[0]', value: 1 },
      { path: '[2]', value: 2 },
    ]);
    expect(findNumericFields('42')).toEqual([]);
    expect(findNumericFields(null)).toEqual([]);
  });

  it('includes booleans only when asked', () => {
    expect(findNumericFields({ on: true, off: false })).toEqual([]);
    expect(findNumericFields({ on: true, off: false }, { includeBooleans: true })).toEqual([
      { path: 'on', value: 1 },
      { path: 'off', value: 0 },
    ]);
  });

  it('stops at maxFields and maxDepth', () => {
    const many = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, i]));
    expect(findNumericFields(many)).toHaveLength(200);
    expect(findNumericFields(many, { maxFields: 3 }).map((f) => f.path)).toEqual([
      'k0',
      'k1',
      'k2',
    ]);
    const nested = { a: { b: { c: 1 } }, top: 2 };
    expect(findNumericFields(nested, { maxDepth: 1 })).toEqual([{ path: 'top', value: 2 }]);
    expect(findNumericFields(nested, { maxDepth: 2 })).toHaveLength(2);
  });

  it('survives very deep input', () => {
    const n = 100_000;
    const deep: unknown = JSON.parse('['.repeat(n) + '1' + ']'.repeat(n));
    expect(findNumericFields(deep)).toEqual([]);
    expect(findNumericFields(deep, { maxDepth: Infinity })).toHaveLength(1);
  });

  it('round-trips every path through readFieldByPath', () => {
    const value = { 'a.b': { 'q"x': [0, { y: -2 }] }, $ok: 1e3, _: [[[7]]] };
    const fields = findNumericFields(value);
    expect(fields).toHaveLength(4);
    for (const f of fields) expect(readFieldByPath(value, f.path)).toBe(f.value);
  });
});
