import { describe, expect, it } from 'vitest';
import { encodePayload } from './payload-encode';

describe('encodePayload', () => {
  it('encodes text as UTF-8', () => {
    expect(encodePayload('hé', 'text')).toEqual({
      ok: true,
      bytes: new Uint8Array([0x68, 0xc3, 0xa9]),
    });
  });
  it('refuses invalid JSON with a message and accepts valid JSON as is', () => {
    const bad = encodePayload('{"a":', 'json');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error).toMatch(/not valid JSON/);
    const good = encodePayload('{"a":1}', 'json');
    expect(good.ok && new TextDecoder().decode(good.bytes)).toBe('{"a":1}');
  });
  it('decodes hex with spaces and a 0x prefix, and refuses odd or foreign digits', () => {
    expect(encodePayload('0x48 69', 'hex')).toEqual({
      ok: true,
      bytes: new Uint8Array([0x48, 0x69]),
    });
    expect(encodePayload('486', 'hex').ok).toBe(false);
    expect(encodePayload('zz', 'hex').ok).toBe(false);
  });
  it('decodes base64 and refuses garbage', () => {
    expect(encodePayload('SGk=', 'base64')).toEqual({
      ok: true,
      bytes: new Uint8Array([0x48, 0x69]),
    });
    expect(encodePayload('***', 'base64').ok).toBe(false);
  });
});
