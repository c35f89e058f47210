/** Splits pretty-printed JSON into tokens for colouring; the text itself is never changed. */

export type JsonTokenKind = 'key' | 'string' | 'number' | 'literal' | 'punct';

export interface JsonToken {
  kind: JsonTokenKind;
  text: string;
}

const TOKEN =
  /("(?:[^"\\]|\\.)*")(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|\b(true|false|null)\b|([^"\d\-tfn]+|[\s\S])/g;

/** Beyond this size the payload is shown without colours: tokens would cost more than they help. */
export const MAX_HIGHLIGHT_CHARS = 100_000;

export function tokenizeJson(text: string): JsonToken[] {
  if (text.length > MAX_HIGHLIGHT_CHARS) return [{ kind: 'punct', text }];
  const tokens: JsonToken[] = [];
  const push = (kind: JsonTokenKind, value: string) => {
    const last = tokens[tokens.length - 1];
    if (last && last.kind === kind && kind === 'punct') last.text += value;
    else tokens.push({ kind, text: value });
  };
  for (const match of text.matchAll(TOKEN)) {
    const [, str, colon, num, literal, other] = match;
    if (str !== undefined) {
      push(colon ? 'key' : 'string', str);
      if (colon) push('punct', colon);
    } else if (num !== undefined) push('number', num);
    else if (literal !== undefined) push('literal', literal);
    else push('punct', other ?? match[0]);
  }
  return tokens;
}
