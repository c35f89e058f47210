import { describe, expect, it } from 'vitest';
import { anyInvisible, hasInvisible, INVISIBLE_NOTE, markOf, visibleText } from './visible-text';

describe('visibleText', () => {
  it('shows a right-to-left override, so "txt.exe" does not read "exe.txt"', () => {
    expect(visibleText('\u202Etxt.exe')).toBe('⟨RLO⟩txt.exe');
  });

  it('names the bidi controls', () => {
    expect(
      visibleText('\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F\u061C'),
    ).toBe('⟨LRE⟩⟨RLE⟩⟨PDF⟩⟨LRO⟩⟨RLO⟩⟨LRI⟩⟨RLI⟩⟨FSI⟩⟨PDI⟩⟨LRM⟩⟨RLM⟩⟨ALM⟩');
  });

  it('names the zero-width characters', () => {
    expect(visibleText('a\u200Bb\u200Cc\u200Dd\u2060e\uFEFFf')).toBe(
      'a⟨ZWSP⟩b⟨ZWNJ⟩c⟨ZWJ⟩d⟨WJ⟩e⟨BOM⟩f',
    );
  });

  it('shows control characters by code point: C0, DEL and C1', () => {
    expect(visibleText('bell\u0007')).toBe('bell⟨U+0007⟩');
    expect(visibleText('\u0000\u001B[31m')).toBe('⟨U+0000⟩⟨U+001B⟩[31m');
    expect(visibleText('\u007F\u0080\u0085\u009F')).toBe('⟨U+007F⟩⟨U+0080⟩⟨U+0085⟩⟨U+009F⟩');
  });

  it('marks tab, line feed and carriage return on a single line', () => {
    expect(visibleText('a\tb\nc\rd')).toBe('a⟨U+0009⟩b⟨U+000A⟩c⟨U+000D⟩d');
  });

  it('keeps tab, line feed and line-ending carriage returns in a multi-line view', () => {
    const options = { multiline: true };
    expect(visibleText('a\tb\r\nc\nd\r', options)).toBe('a\tb\r\nc\nd\r');
    expect(hasInvisible('a\tb\r\nc\nd\r', options)).toBe(false);
    expect(visibleText('over\rwrite\u0007\u202E', options)).toBe('over⟨U+000D⟩write⟨U+0007⟩⟨RLO⟩');
  });

  it('marks tag characters, a hidden text in one code point each', () => {
    expect(visibleText('ok\u{E0041}\u{E007F}')).toBe('ok⟨U+E0041⟩⟨U+E007F⟩');
  });

  it('marks other invisible characters by code point', () => {
    expect(visibleText('a\u00ADb\u034Fc\u180Ed\u3164e\u2064f')).toBe(
      'a⟨U+00AD⟩b⟨U+034F⟩c⟨U+180E⟩d⟨U+3164⟩e⟨U+2064⟩f',
    );
    expect(visibleText('x\u2028y')).toBe('x⟨LSEP⟩y');
  });

  it('leaves visible text alone, and returns the very same string', () => {
    const texts = [
      '',
      'demo/plant/kiln',
      'Grüße, 温度, שלום, مرحبا',
      'emoji 👍🏽 and € ✓',
      '{"celsius": 21.5}',
      'e\u0301', // a combining accent is visible
      '\uFE0F', // a variation selector belongs to its emoji
    ];
    for (const text of texts) {
      expect(visibleText(text)).toBe(text);
      expect(hasInvisible(text)).toBe(false);
    }
  });

  it('handles long text in linear time', () => {
    const text = 'x'.repeat(1_000_000) + '\u200B';
    const started = performance.now();
    expect(visibleText(text).endsWith('x⟨ZWSP⟩')).toBe(true);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe('hasInvisible and anyInvisible', () => {
  it('say whether a mark would be shown', () => {
    expect(hasInvisible('a\u200Bb')).toBe(true);
    expect(hasInvisible('ab')).toBe(false);
    expect(anyInvisible(['a', undefined, 'b'])).toBe(false);
    expect(anyInvisible(['a', undefined, 'b\u202E'])).toBe(true);
    expect(anyInvisible([])).toBe(false);
  });

  it('are stable when called many times (no regular-expression state)', () => {
    for (let i = 0; i < 3; i++) {
      expect(hasInvisible('\u202E')).toBe(true);
      expect(visibleText('\u202E\u202E')).toBe('⟨RLO⟩⟨RLO⟩');
    }
  });
});

describe('markOf and the note', () => {
  it('pads short code points to four hex digits', () => {
    expect(markOf('\u0001')).toBe('⟨U+0001⟩');
    expect(markOf('\u202E')).toBe('⟨RLO⟩');
  });

  it('explains the marks', () => {
    expect(INVISIBLE_NOTE).toContain('⟨…⟩');
    expect(hasInvisible(INVISIBLE_NOTE)).toBe(false);
  });
});
