import { describe, expect, it } from 'vitest';
import { MAX_HIGHLIGHT_CHARS, tokenizeJson } from './json-tokens';

describe('tokenizeJson', () => {
  it('labels keys, strings, numbers and literals and keeps the text intact', () => {
    const text = '{\n  "a": "x\\"y",\n  "n": -1.5e3,\n  "ok": true,\n  "z": null\n}';
    const tokens = tokenizeJson(text);
    expect(tokens.map((t) => t.text).join('')).toBe(text);
    expect(tokens.filter((t) => t.kind === 'key').map((t) => t.text)).toEqual([
      '"a"',
      '"n"',
      '"ok"',
      '"z"',
    ]);
    expect(tokens.find((t) => t.kind === 'string')?.text).toBe('"x\\"y"');
    expect(tokens.find((t) => t.kind === 'number')?.text).toBe('-1.5e3');
    expect(tokens.filter((t) => t.kind === 'literal').map((t) => t.text)).toEqual(['true', 'null']);
  });

  it('leaves very long text as one plain token', () => {
    const text = `"${'x'.repeat(MAX_HIGHLIGHT_CHARS)}"`;
    expect(tokenizeJson(text)).toEqual([{ kind: 'punct', text }]);
  });
});
