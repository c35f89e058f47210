import { describe, expect, it } from 'vitest';
import { readFieldByPath } from '../json-fields';
import { findNumericFields } from '../numeric-fields';
import {
  DecodedBytes,
  DecodeLimitError,
  decodedJsonText,
  decodedPreview,
  defineKey,
  exactInteger,
  newBudget,
  shortFloat32,
  toDecodedTree,
} from './decoded-value';

describe('decodedJsonText', () => {
  it('writes bigints exactly, bytes as hex and non-finite numbers as text', () => {
    const value = {
      big: 18446744073709551615n,
      bytes: new DecodedBytes(new Uint8Array([0x0a, 0xff])),
      nan: NaN,
      list: [1, 'two', null, true],
      empty: {},
      none: [],
    };
    expect(decodedJsonText(value, { indent: 0 })).toBe(
      '{"big":18446744073709551615,"bytes":"0x0aff","nan":"NaN","list":[1,"two",null,true],"empty":{},"none":[]}',
    );
    expect(decodedJsonText({ a: [1] })).toBe('{\n  "a": [\n    1\n  ]\n}');
  });

  it('cuts a long text and handles deep nesting without recursion', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 20_000; i++) deep = [deep];
    expect(decodedJsonText(deep, { indent: 0 })).toHaveLength(40_001);
    expect(decodedPreview({ text: 'x'.repeat(500) }, 20)).toBe('{"text":"xxxxxxxxxxx…');
  });
});

describe('toDecodedTree', () => {
  it('turns maps, dates, byte and number arrays into a JSON-like tree', () => {
    const tree = toDecodedTree(
      new Map<unknown, unknown>([
        ['when', new Date(0)],
        [1, new Uint8Array([1, 2])],
        ['floats', new Float32Array([0.5])],
        ['n', 5n],
      ]),
      newBudget(),
    ) as Record<string, unknown>;
    expect(tree.when).toBe('1970-01-01T00:00:00.000Z');
    expect(tree['1']).toBeInstanceOf(DecodedBytes);
    expect(tree.floats).toEqual([0.5]);
    expect(tree.n).toBe(5);
  });

  it('keeps "__proto__" as a plain key and never reaches a prototype', () => {
    const tree = toDecodedTree(new Map([['__proto__', { polluted: true }]]), newBudget()) as Record<
      string,
      unknown
    >;
    expect(Object.keys(tree)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const target: Record<string, unknown> = {};
    defineKey(target, '__proto__', 1);
    expect(Object.getPrototypeOf(target)).toBe(Object.prototype);
  });

  it('stops past the depth and value budget', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(() => toDecodedTree(deep, newBudget(250, 1000, 64))).toThrow(DecodeLimitError);
    expect(() => toDecodedTree(new Array(50).fill(1), newBudget(250, 10))).toThrow(/too many/);
  });
});

describe('shortFloat32', () => {
  it('writes a float32 as its shortest decimal', () => {
    expect(shortFloat32(Math.fround(68.94))).toBe(68.94);
    expect(shortFloat32(Math.fround(0.1))).toBe(0.1);
    expect(shortFloat32(1.5)).toBe(1.5);
    expect(shortFloat32(NaN)).toBeNaN();
  });
});

describe('decoded values and field paths', () => {
  it('reads bytes as no numbers, and 64-bit integers exactly', () => {
    const value = { bytes: new DecodedBytes(new Uint8Array([1, 2, 3])), n: 3, big: 2n ** 60n };
    expect(findNumericFields(value).map((f) => f.path)).toEqual(['n']);
    expect(readFieldByPath(value, 'bytes[0]')).toBeUndefined();
    expect(exactInteger(5n)).toBe(5);
    expect(exactInteger(2n ** 60n)).toBe(2n ** 60n);
  });
});
