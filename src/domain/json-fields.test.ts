import { describe, it, expect } from 'vitest';
import {
  compileFieldReader,
  NO_DOCUMENT,
  parseFieldDocument,
  parsePath,
  readFieldByPath,
  readNumericField,
} from './json-fields';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('parsePath', () => {
  it('splits keys, indices and quoted keys', () => {
    expect(parsePath('a.b[0]["c d"].e')).toEqual(['a', 'b', 0, 'c d', 'e']);
    expect(parsePath('[3][1]')).toEqual([3, 1]);
    expect(parsePath('["a\\"]b"]')).toEqual(['a"]b']);
    expect(parsePath('')).toEqual([]);
  });

  it.each(['a..b', '.a', 'a[', 'a[x]', 'a["b"', 'a.'])('rejects %s', (p) => {
    expect(() => parsePath(p)).toThrow(/Malformed/);
  });
});

describe('readFieldByPath', () => {
  const doc = { t: 1.5, s: '2', b: true, list: [{ v: 9 }], nested: { value: 3 } };

  it('reads numbers only', () => {
    expect(readFieldByPath(doc, 't')).toBe(1.5);
    expect(readFieldByPath(doc, 'list[0].v')).toBe(9);
    expect(readFieldByPath(doc, 'nested.value')).toBe(3);
    expect(readFieldByPath(doc, 's')).toBeUndefined();
    expect(readFieldByPath(doc, 'missing.x')).toBeUndefined();
    expect(readFieldByPath(doc, 'list[1].v')).toBeUndefined();
    expect(readFieldByPath(doc, 'list.v')).toBeUndefined();
    expect(readFieldByPath(doc, 'a..b')).toBeUndefined();
    expect(readFieldByPath(doc, 'toString')).toBeUndefined();
  });

  it('reads booleans only with the flag', () => {
    expect(readFieldByPath(doc, 'b')).toBeUndefined();
    expect(readFieldByPath(doc, 'b', { includeBooleans: true })).toBe(1);
  });

  it('reads a bare number at path "value"', () => {
    expect(readFieldByPath(7, 'value')).toBe(7);
    expect(readFieldByPath({ value: 8 }, 'value')).toBe(8);
    expect(readFieldByPath('7', 'value')).toBeUndefined();
  });
});

describe('readNumericField', () => {
  it('decodes, parses and reads', () => {
    expect(readNumericField(enc('{"a":{"b":[1,2]}}'), 'a.b[1]')).toBe(2);
    expect(readNumericField(enc('{"a":"3"}'), 'a')).toBeUndefined();
    expect(readNumericField(enc('not json'), 'a')).toBeUndefined();
  });

  it('reads true/false as 1/0 only with the flag, also for a bare boolean payload', () => {
    expect(readNumericField(enc('{"door": {"open": true}}'), 'door.open')).toBeUndefined();
    expect(
      readNumericField(enc('{"door": {"open": true}}'), 'door.open', { includeBooleans: true }),
    ).toBe(1);
    expect(readNumericField(enc('false'), 'value', { includeBooleans: true })).toBe(0);
    expect(readNumericField(enc('"true"'), 'value', { includeBooleans: true })).toBeUndefined();
  });

  it('accepts bare numeric text for path "value"', () => {
    expect(readNumericField(enc('21.5'), 'value')).toBe(21.5);
    expect(readNumericField(enc(' +21.5\n'), 'value')).toBe(21.5);
    expect(readNumericField(enc('.5'), 'value')).toBe(0.5);
    expect(readNumericField(enc('21.5 C'), 'value')).toBeUndefined();
    expect(readNumericField(enc('"21.5"'), 'value')).toBeUndefined();
    expect(readNumericField(enc('+21.5'), 'other')).toBeUndefined();
  });
});

describe('compileFieldReader', () => {
  it('compiles a path once and reads it from many documents', () => {
    const read = compileFieldReader('sensors[1].value');
    expect(read({ sensors: [{ value: 1 }, { value: 2 }] })).toBe(2);
    expect(read({ sensors: [{ value: 1 }] })).toBeUndefined();
    expect(read(42)).toBeUndefined();
  });

  it('never reads inherited properties, and a malformed path reads nothing', () => {
    expect(compileFieldReader('constructor')({})).toBeUndefined();
    expect(compileFieldReader('a..b')({ a: { b: 1 } })).toBeUndefined();
  });

  it('reads booleans only with the flag, and a bare document at path "value"', () => {
    expect(compileFieldReader('on')({ on: true })).toBeUndefined();
    expect(compileFieldReader('on', { includeBooleans: true })({ on: false })).toBe(0);
    expect(compileFieldReader('value')(7)).toBe(7);
    expect(compileFieldReader('value')({ value: 8 })).toBe(8);
    expect(compileFieldReader('value', { includeBooleans: true })(true)).toBe(1);
  });
});

describe('parseFieldDocument', () => {
  it('parses JSON, plain-text numbers, and nothing else', () => {
    expect(parseFieldDocument(enc('{"a": [1]}'))).toEqual({ a: [1] });
    expect(parseFieldDocument(enc(' +21.5\n'))).toBe(21.5);
    expect(parseFieldDocument(enc('true'))).toBe(true);
    expect(parseFieldDocument(enc('21.5 C'))).toBe(NO_DOCUMENT);
    expect(parseFieldDocument(enc('  '))).toBe(NO_DOCUMENT);
  });

  it('does not parse payloads above its bound', () => {
    expect(parseFieldDocument(enc('[1, 2]'), { maxBytes: 5 })).toBe(NO_DOCUMENT);
    expect(parseFieldDocument(enc('[1,2]'), { maxBytes: 5 })).toEqual([1, 2]);
  });
});
