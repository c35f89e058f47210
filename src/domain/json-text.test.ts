import { describe, expect, it } from 'vitest';
import { checkJson, lineAndColumn, prettyPrintJson, safeJsonParse } from './json-text';

describe('checkJson', () => {
  it('accepts JSON and refuses the rest with where it went wrong', () => {
    expect(checkJson('{"a": [1, 2]}')).toEqual({ ok: true });
    const bad = checkJson('{\n  "a": 1,\n}');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error).toMatch(/^Invalid JSON: .*line 3 column 1/);
    expect(checkJson('  ')).toEqual({ ok: false, error: 'Invalid JSON: the payload is empty.' });
  });
  it('turns offsets into 1-based lines and columns', () => {
    expect(lineAndColumn('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineAndColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});

describe('prettyPrintJson', () => {
  it('indents by two spaces and keeps strings, empty containers and big numbers exact', () => {
    expect(
      prettyPrintJson('{"a":[1,2],"b":{},"c":[ ],"s":"x, {y}: \\"z\\"","n":12345678901234567890}'),
    ).toBe(`{
  "a": [
    1,
    2
  ],
  "b": {},
  "c": [],
  "s": "x, {y}: \\"z\\"",
  "n": 12345678901234567890
}`);
  });
  it('gives undefined for text that is not JSON', () => {
    expect(prettyPrintJson('{"a":')).toBeUndefined();
  });
  it('keeps the value: parsing the output gives the same data', () => {
    const source = '{"deep":{"list":[{"k":"v"},null,true,-1.5e3]}}';
    expect(JSON.parse(prettyPrintJson(source)!)).toEqual(JSON.parse(source));
  });
});

describe('safeJsonParse', () => {
  it('returns the value or the error', () => {
    expect(safeJsonParse('{"a":[1]}')).toEqual({ ok: true, value: { a: [1] } });
    const bad = safeJsonParse('{oops');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.length).toBeGreaterThan(0);
  });

  it('parses deep input', () => {
    const r = safeJsonParse('['.repeat(50_000) + ']'.repeat(50_000));
    expect(r.ok).toBe(true);
  });
});
