import { encode as libraryEncode, Tag } from 'cbor-x';
import { describe, expect, it } from 'vitest';
import { decodeCborTree, encodeCbor } from './cbor';
import { DecodedBytes, decodedJsonText, newBudget } from './decoded-value';

const hex = (s: string) => Uint8Array.from(s.match(/../g)!.map((b) => parseInt(b, 16)));

describe('CBOR', () => {
  it('reads a map written by hand', () => {
    // {"a": 1, "b": [2, 3]}
    expect(decodeCborTree(hex('a26161016162820203'), newBudget())).toEqual({ a: 1, b: [2, 3] });
  });

  it('reads what cbor-x writes: floats, 64-bit integers, bytes, dates, tags, maps', () => {
    const bytes = libraryEncode({
      temp: 21.5,
      big: 2n ** 64n - 1n,
      neg: -(2n ** 63n),
      small: 7,
      raw: new Uint8Array([0xde, 0xad]),
      when: new Date(Date.UTC(2024, 0, 2)),
      tagged: new Tag('x', 4000),
      nested: new Map<unknown, unknown>([[1, 'one']]),
    });
    const tree = decodeCborTree(bytes, newBudget()) as Record<string, unknown>;
    expect(tree.temp).toBe(21.5);
    expect(tree.big).toBe(2n ** 64n - 1n);
    expect(tree.neg).toBe(-(2n ** 63n));
    expect(tree.small).toBe(7);
    expect((tree.raw as DecodedBytes).hex()).toBe('0xdead');
    expect(tree.when).toBe('2024-01-02T00:00:00.000Z');
    expect(tree.tagged).toEqual({ tag: 4000, value: 'x' });
    expect(tree.nested).toEqual({ '1': 'one' });
    expect(decodedJsonText(tree, { indent: 0 })).toContain('"big":18446744073709551615');
  });

  it('refuses malformed bytes with the library words', () => {
    expect(() => decodeCborTree(hex('a261'), newBudget())).toThrow(/end of CBOR data/);
    expect(() => decodeCborTree(hex('0102'), newBudget())).toThrow(/end of buffer not reached/);
    expect(() => decodeCborTree(new Uint8Array(), newBudget())).toThrow();
  });

  it('writes JSON values that read back the same, with plain byte strings', () => {
    const value = { celsius: 21.5, ok: true, list: [1, -2, 'x'], none: null };
    expect(decodeCborTree(encodeCbor(value), newBudget())).toEqual(value);
    expect(encodeCbor({ a: 1 })).toEqual(hex('a1616101'));
  });
});
