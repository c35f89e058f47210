import { describe, expect, it } from 'vitest';
import { BitsLong } from './long-shim';

describe('BitsLong', () => {
  it('holds 64-bit values exactly, signed or not', () => {
    expect(BitsLong.fromString('-9007199254740993').toString()).toBe('-9007199254740993');
    expect(BitsLong.fromString('18446744073709551615', true).toString()).toBe(
      '18446744073709551615',
    );
    const long = BitsLong.fromNumber(-2);
    expect([long.low, long.high]).toEqual([-2, -1]);
    expect(BitsLong.fromBits(-1, -1, true).toBigInt()).toBe(2n ** 64n - 1n);
    expect(BitsLong.fromValue({ low: 5, high: 0 }).toNumber()).toBe(5);
    expect(BitsLong.isLong(long)).toBe(true);
  });

  it('is the Long protobufjs finds, unless one is there already', () => {
    const scope = globalThis as { dcodeIO?: { Long?: unknown } };
    expect(scope.dcodeIO?.Long).toBeDefined();
  });
});
