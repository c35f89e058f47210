/**
 * Text from a broker made safe to read: characters that are invisible or that reorder what
 * follows (bidi controls, zero-width characters, control characters) are shown as marks such
 * as ⟨RLO⟩, ⟨ZWSP⟩ or ⟨U+0007⟩, so "\u202Etxt.exe" reads "⟨RLO⟩txt.exe", not "exe.txt".
 * For display only: payload bytes, copies and downloads keep the exact text. Pure.
 *
 * Cheap on hot paths: a text without such characters costs one regular-expression test and is
 * returned as it is (the same string).
 */

export interface VisibleTextOptions {
  /**
   * A multi-line view (a payload): tab and line feed are kept, and so is a carriage return
   * that ends a line ("\r\n", or the end of the text); a carriage return elsewhere is marked.
   */
  multiline?: boolean;
}

/** Short names for the characters people meet most; any other is shown as ⟨U+XXXX⟩. */
const NAMES: Readonly<Record<number, string>> = {
  0x061c: 'ALM',
  0x200b: 'ZWSP',
  0x200c: 'ZWNJ',
  0x200d: 'ZWJ',
  0x200e: 'LRM',
  0x200f: 'RLM',
  0x2028: 'LSEP',
  0x2029: 'PSEP',
  0x202a: 'LRE',
  0x202b: 'RLE',
  0x202c: 'PDF',
  0x202d: 'LRO',
  0x202e: 'RLO',
  0x2060: 'WJ',
  0x2066: 'LRI',
  0x2067: 'RLI',
  0x2068: 'FSI',
  0x2069: 'PDI',
  0xfeff: 'BOM',
};

/*
 * What is marked, besides C0 controls (U+0000–U+001F):
 *   U+007F–U+009F  DEL and the C1 controls
 *   U+00AD         soft hyphen                    U+034F  combining grapheme joiner
 *   U+061C         Arabic letter mark             U+115F, U+1160, U+3164, U+FFA0  Hangul fillers
 *   U+17B4, U+17B5 Khmer inherent vowels          U+180E  Mongolian vowel separator
 *   U+200B–U+200F  zero-width space, non-joiner, joiner; LRM, RLM
 *   U+2028–U+202E  line and paragraph separators; LRE, RLE, PDF, LRO, RLO
 *   U+2060–U+206F  word joiner, invisible operators, LRI, RLI, FSI, PDI, deprecated formats
 *   U+FEFF         byte order mark (zero-width no-break space)
 *   U+FFF9–U+FFFB  interlinear annotation controls
 *   U+E0000–U+E007F tag characters (surrogates \uDB40\uDC00–\uDB40\uDC7F), which can hide text
 */
/* eslint-disable no-control-regex, no-misleading-character-class -- these classes list control
   and combining characters one by one, on purpose: finding them is the point. */
const SINGLE_LINE =
  /[\u0000-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb]|\udb40[\udc00-\udc7f]/;
const MULTI_LINE =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb]|\r(?!\n|$)|\udb40[\udc00-\udc7f]/;
const SINGLE_LINE_ALL = new RegExp(SINGLE_LINE.source, 'g');
const MULTI_LINE_ALL = new RegExp(MULTI_LINE.source, 'g');
/* eslint-enable no-control-regex, no-misleading-character-class */

/** The mark shown for one invisible character (a code point, possibly a surrogate pair). */
export function markOf(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  const name = NAMES[code] ?? `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return `⟨${name}⟩`;
}

/** True when `text` holds a character visibleText would mark. */
export function hasInvisible(text: string, options?: VisibleTextOptions): boolean {
  return (options?.multiline ? MULTI_LINE : SINGLE_LINE).test(text);
}

/** `text` with each invisible character replaced by its mark; `text` itself when it has none. */
export function visibleText(text: string, options?: VisibleTextOptions): string {
  if (!hasInvisible(text, options)) return text;
  return text.replace(options?.multiline ? MULTI_LINE_ALL : SINGLE_LINE_ALL, markOf);
}

/** True when any of the texts holds an invisible character (undefined ones are skipped). */
export function anyInvisible(texts: Iterable<string | undefined>): boolean {
  for (const text of texts) if (text !== undefined && SINGLE_LINE.test(text)) return true;
  return false;
}

/** What a view says under text that holds marks. */
export const INVISIBLE_NOTE =
  "This message contains invisible characters, shown as ⟨…⟩; the payload's bytes are not changed.";
