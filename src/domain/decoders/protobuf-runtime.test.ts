import { describe, expect, it } from 'vitest';
import protobuf from './protobuf-runtime';

describe('protobuf runtime', () => {
  it('is protobufjs, reading 64-bit values through a Long class', () => {
    const reader = protobuf.Reader.create(
      new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]),
    );
    const value = reader.uint64() as unknown as { low: number; high: number };
    expect([value.low >>> 0, value.high >>> 0]).toEqual([0xffffffff, 0xffffffff]);
  });
});
