import { describe, it, expect } from 'vitest';
import { hexDump } from './hex-dump';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('hexDump', () => {
  it('writes offset, hex and ASCII columns', () => {
    const lines = hexDump(enc('Hello, world!\n0123456789')).split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(
      '00000000  48 65 6c 6c 6f 2c 20 77  6f 72 6c 64 21 0a 30 31  |Hello, world!.01|',
    );
    expect(lines[1]).toBe('00000010  32 33 34 35 36 37 38 39                           |23456789|');
  });

  it('stops at maxBytes and says how much was left out', () => {
    const lines = hexDump(new Uint8Array(100), 32).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('… 68 more bytes not shown');
  });

  it('is empty for no bytes', () => {
    expect(hexDump(new Uint8Array(0))).toBe('');
  });
});
