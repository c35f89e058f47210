import { describe, expect, it } from 'vitest';
import { decodeStrict } from './payload';
import { payloadAs, payloadFileName, toBase64, toHex } from './payload-copy';

describe('payload copy', () => {
  it('gives the whole text of a large UTF-8 payload, byte for byte', () => {
    const text = 'é'.repeat(300_000) + '{"n": 1.10}';
    const bytes = new TextEncoder().encode(text);
    expect(bytes.length).toBeGreaterThan(600_000);
    expect(payloadAs(bytes, 'text')).toBe(text);
  });

  it('refuses text for bytes that are not UTF-8, and offers hex and base64', () => {
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0xff, 0x00]);
    expect(payloadAs(bytes, 'text')).toBeUndefined();
    expect(toHex(bytes)).toBe('89504e47ff00');
    expect(toBase64(bytes)).toBe('iVBOR/8A');
    expect(Buffer.from(toBase64(bytes), 'base64')).toEqual(Buffer.from(bytes));
  });

  it('encodes more than one chunk of base64 exactly', () => {
    const bytes = Uint8Array.from({ length: 100_001 }, (_, i) => (i * 7) % 256);
    expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
  });

  it('keeps a byte order mark as part of the text', () => {
    expect(decodeStrict(new Uint8Array([0xef, 0xbb, 0xbf, 0x41]))).toBe('\ufeffA');
  });

  it('names the file after the last topic level', () => {
    expect(payloadFileName('plant/line 1/temp', true, true)).toBe('temp.json');
    expect(payloadFileName('cam/thumb', false, false)).toBe('thumb.bin');
    expect(payloadFileName('a/', true, false)).toBe('payload.txt');
    expect(payloadFileName('../..', true, false)).toBe('payload.txt');
  });
});
