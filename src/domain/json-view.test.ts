import { describe, it, expect } from 'vitest';
import { prettyJson, safeJsonParse } from './json-view';

describe('prettyJson', () => {
  it.each([
    [{ a: 1, b: [true, null, 'x'], c: {}, d: [], e: { f: { g: -1.5 } } }],
    [[1, [2, [3, [4]]]]],
    ['just a "string"'],
    [42],
    [null],
    [{ 'key with space': 'é\n', emoji: '😀' }],
  ])('matches JSON.stringify(v, null, 2) for %j', (value) => {
    expect(prettyJson(value)).toEqual({ text: JSON.stringify(value, null, 2), truncated: false });
  });

  it('follows JSON.stringify for undefined, functions, NaN and toJSON', () => {
    const value = {
      u: undefined,
      f: () => 1,
      n: NaN,
      arr: [undefined, Infinity],
      when: new Date(0),
      onlyUndefined: { x: undefined },
    };
    expect(prettyJson(value).text).toBe(JSON.stringify(value, null, 2));
  });

  it('writes a placeholder past maxDepth', () => {
    expect(prettyJson({ a: { b: [1] } }, { maxDepth: 1 })).toEqual({
      text: '{\n  "a": {…}\n}',
      truncated: true,
    });
    expect(prettyJson([[1]], { maxDepth: 0 })).toEqual({ text: '[…]', truncated: true });
  });

  it('handles 100,000 nested arrays without a stack overflow', () => {
    const n = 100_000;
    const deep: unknown = JSON.parse('['.repeat(n) + ']'.repeat(n));
    expect(() => JSON.stringify(deep)).toThrow(RangeError);
    const out = prettyJson(deep);
    expect(out.truncated).toBe(true);
    expect(out.text.startsWith('[\n  [\n    [')).toBe(true);
    expect(out.text).toContain('[…]');
    // Unlimited depth is still bounded by maxChars.
    const capped = prettyJson(deep, { maxDepth: Infinity, maxChars: 10_000 });
    expect(capped.truncated).toBe(true);
    expect(capped.text.length).toBeLessThanOrEqual(10_001);
  });

  it('cuts output at maxChars', () => {
    const value = Array.from({ length: 1000 }, (_, i) => i);
    const out = prettyJson(value, { maxChars: 50 });
    expect(out.truncated).toBe(true);
    expect(out.text).toBe(`${JSON.stringify(value, null, 2).slice(0, 50)}…`);
  });

  it('prints cycles instead of looping', () => {
    const a: Record<string, unknown> = { x: 1 };
    a.self = a;
    const out = prettyJson(a);
    expect(out.text).toBe('{\n  "x": 1,\n  "self": "[Circular]"\n}');
    expect(out.truncated).toBe(true);
  });

  it('prints a shared, non-cyclic object twice', () => {
    const shared = { v: 1 };
    expect(prettyJson([shared, shared]).text).toBe(JSON.stringify([shared, shared], null, 2));
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
