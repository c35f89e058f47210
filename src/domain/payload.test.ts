import { describe, it, expect } from 'vitest';
import {
  decodeUtf8,
  detectPayloadKind,
  formatBytes,
  MAX_JSON_PARSE_BYTES,
  previewPayload,
} from './payload';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('detectPayloadKind', () => {
  it.each([
    ['{"a":1}', 'json'],
    [' [1, 2] \n', 'json'],
    ['21.5', 'json'],
    ['-3', 'json'],
    ['true', 'json'],
    ['null', 'json'],
    ['"hi"', 'json'],
    ['hello world', 'text'],
    ['{not json', 'text'],
    ['', 'text'],
    ['line1\r\n\tline2', 'text'],
    ['1.2.3', 'text'],
    ['温度 21°C', 'text'],
  ])('%j is %s', (s, kind) => {
    expect(detectPayloadKind(enc(s))).toBe(kind);
  });

  it('calls invalid UTF-8 and control characters binary', () => {
    expect(detectPayloadKind(new Uint8Array([0xff, 0xfe, 0x41]))).toBe('binary');
    expect(detectPayloadKind(new Uint8Array([0xc3]))).toBe('binary');
    expect(detectPayloadKind(enc('abc\u0000'))).toBe('binary');
    expect(detectPayloadKind(enc('a\u0007b'))).toBe('binary');
    expect(detectPayloadKind(enc('a\u007fb'))).toBe('binary');
  });

  it('treats JSON above the parse cap as text', () => {
    const big = new Uint8Array(MAX_JSON_PARSE_BYTES + 2).fill(0x20);
    big[0] = 0x5b;
    big[big.length - 1] = 0x5d;
    expect(detectPayloadKind(big)).toBe('text');
  });
});

describe('decodeUtf8', () => {
  it('replaces invalid sequences instead of throwing', () => {
    expect(decodeUtf8(new Uint8Array([0x61, 0xff, 0x62]))).toBe('a\ufffdb');
    expect(decodeUtf8(enc('温度'))).toBe('温度');
  });
});

describe('previewPayload', () => {
  it('shows short text as is and collapses newlines', () => {
    expect(previewPayload(enc('hello'))).toBe('hello');
    expect(previewPayload(enc('a\n\nb\r\nc'))).toBe('a b c');
  });

  it('cuts long text with an ellipsis', () => {
    expect(previewPayload(enc('x'.repeat(200)), 10)).toBe(`${'x'.repeat(10)}…`);
    expect(previewPayload(enc('x'.repeat(10)), 10)).toBe('x'.repeat(10));
  });

  it('does not report binary when the byte cap cuts a multi-byte character', () => {
    // 2 chars * 4 bytes = 8 bytes; '温' is 3 bytes so the cut lands inside the third one.
    const p = previewPayload(enc('温'.repeat(10)), 2);
    expect(p).toBe('温温…');
  });

  it('shows binary as hex with its size', () => {
    expect(previewPayload(new Uint8Array([0x0a, 0xff, 0x3c]))).toBe('binary 3 B: 0a ff 3c');
    const long = new Uint8Array(24).fill(0xab);
    expect(previewPayload(long, 12)).toBe('binary 24 B: ab ab ab ab …');
  });
});

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [512, '512 B'],
    [1023, '1023 B'],
    [1024, '1 KB'],
    [1536, '1.5 KB'],
    [12.3 * 1024 * 1024, '12.3 MB'],
    [1024 * 1024 - 1, '1 MB'],
    [5 * 1024 ** 3, '5 GB'],
  ])('%d -> %s', (n, text) => {
    expect(formatBytes(n)).toBe(text);
  });
});
