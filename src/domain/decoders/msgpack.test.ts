import { encode as libraryEncode } from '@msgpack/msgpack';
import { describe, expect, it } from 'vitest';
import { DecodedBytes, newBudget } from './decoded-value';
import { decodeMsgpackTree, encodeMsgpack } from './msgpack';

const hex = (s: string) => Uint8Array.from(s.match(/../g)!.map((b) => parseInt(b, 16)));

describe('MessagePack', () => {
  it('reads a map written by hand', () => {
    // {"a": 1, "b": [2, 3]}
    expect(decodeMsgpackTree(hex('82a16101a162920203'), newBudget())).toEqual({ a: 1, b: [2, 3] });
  });

  it('reads what @msgpack/msgpack writes: 64-bit integers exactly, bin as bytes, timestamps', () => {
    const bytes = libraryEncode(
      {
        rpm: 1500,
        big: 2n ** 63n - 1n,
        raw: new Uint8Array([1, 2]),
        when: new Date(Date.UTC(2024, 0, 2)),
        ratio: 0.25,
      },
      { useBigInt64: true },
    );
    const tree = decodeMsgpackTree(bytes, newBudget()) as Record<string, unknown>;
    expect(tree.rpm).toBe(1500);
    expect(tree.big).toBe(2n ** 63n - 1n);
    expect((tree.raw as DecodedBytes).hex()).toBe('0x0102');
    expect(tree.when).toBe('2024-01-02T00:00:00.000Z');
    expect(tree.ratio).toBe(0.25);
  });

  it('shows other extensions by type and integer map keys as text', () => {
    // {1: ext(5, 0xab)}
    expect(decodeMsgpackTree(hex('8101d405ab'), newBudget())).toEqual({
      '1': { extension: 5, data: expect.any(DecodedBytes) },
    });
  });

  it('refuses malformed bytes and forged lengths', () => {
    expect(() => decodeMsgpackTree(hex('82a161'), newBudget())).toThrow();
    expect(() => decodeMsgpackTree(hex('0102'), newBudget())).toThrow(/Extra/);
    // A string claiming 4 GB.
    expect(() => decodeMsgpackTree(hex('dbffffffff'), newBudget())).toThrow();
  });

  it('writes JSON values that read back the same', () => {
    const value = { celsius: 21.5, ok: true, list: [1, -2, 'x'], none: null };
    expect(decodeMsgpackTree(encodeMsgpack(value), newBudget())).toEqual(value);
    expect(encodeMsgpack({ a: 1 })).toEqual(hex('81a16101'));
  });
});
