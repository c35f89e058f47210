import { describe, expect, it } from 'vitest';
import { DecodedBytes, isDecodedBytes } from './decoded-bytes';

describe('DecodedBytes', () => {
  it('shows its bytes as hex, cut at a limit, and hides them from key walks', () => {
    const bytes = new DecodedBytes(new Uint8Array([0, 0xab, 0xff]));
    expect(bytes.hex()).toBe('0x00abff');
    expect(bytes.hex(2)).toBe('0x00ab…');
    expect(bytes.length).toBe(3);
    expect(Object.keys(bytes)).toEqual([]);
    expect(isDecodedBytes(bytes)).toBe(true);
    expect(isDecodedBytes(new Uint8Array())).toBe(false);
  });
});
