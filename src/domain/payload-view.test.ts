import { describe, expect, it } from 'vitest';
import { viewPayload } from './payload-view';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('viewPayload', () => {
  it('pretty-prints JSON in auto mode and keeps the parsed value', () => {
    const view = viewPayload(bytes('{"a":1,"b":[2]}'), 'auto', 1024);
    expect(view.shownAs).toBe('json');
    expect(view.text).toBe('{\n  "a": 1,\n  "b": [\n    2\n  ]\n}');
    expect(view.json).toEqual({ a: 1, b: [2] });
  });

  it('shows numbers exactly as written, never re-serialized', () => {
    const view = viewPayload(
      bytes('{"big": 12345678901234567890, "f": 1.10, "e": 1e400, "s": "\\u00e9"}'),
      'auto',
      1024,
    );
    expect(view.shownAs).toBe('json');
    expect(view.text).toBe(
      '{\n  "big": 12345678901234567890,\n  "f": 1.10,\n  "e": 1e400,\n  "s": "\\u00e9"\n}',
    );
  });

  it('indents 100,000 nested arrays without overflowing the stack', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const view = viewPayload(bytes(deep), 'json', deep.length);
    expect(view.shownAs).toBe('json');
    expect(view.text.startsWith('[\n  [\n    [')).toBe(true);
    // Indentation stops at 64 levels: the text grows linearly with the depth.
    expect(view.text.length).toBeLessThan(deep.length * 140);
  });

  it('shows binary as a hex dump', () => {
    const view = viewPayload(new Uint8Array([0x89, 0x50, 0xff, 0x00]), 'auto', 1024);
    expect(view.shownAs).toBe('hex');
    expect(view.text).toContain('89 50 ff 00');
  });

  it('keeps HTML-looking text as text', () => {
    const view = viewPayload(bytes('<img src=x onerror=alert(1)>'), 'auto', 1024);
    expect(view).toMatchObject({ shownAs: 'text', text: '<img src=x onerror=alert(1)>' });
  });

  it('shows only the first part of a large payload', () => {
    const view = viewPayload(bytes('x'.repeat(5000)), 'auto', 1000);
    expect(view.shownBytes).toBe(1000);
    expect(view.totalBytes).toBe(5000);
    expect(view.text).toHaveLength(1000);
  });

  it('explains when JSON was asked for but the payload is not JSON', () => {
    const view = viewPayload(bytes('hello'), 'json', 1024);
    expect(view.shownAs).toBe('text');
    expect(view.note).toMatch(/not valid json/i);
  });
});
