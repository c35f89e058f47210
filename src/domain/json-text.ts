/** Live JSON checking for the payload editor: where the error is, in lines and columns. */

export type JsonCheck = { ok: true } | { ok: false; error: string };

/** Line and column (1-based) of a character offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

export function checkJson(text: string): JsonCheck {
  if (text.trim() === '') return { ok: false, error: 'Invalid JSON: the payload is empty.' };
  try {
    JSON.parse(text);
    return { ok: true };
  } catch (error) {
    const message = (error as Error).message;
    // V8 says "... at position N" and, in newer versions, "(line L column C)" too.
    if (/line \d+ column \d+/.test(message))
      return { ok: false, error: `Invalid JSON: ${message}` };
    const position = /position (\d+)/.exec(message);
    if (!position) return { ok: false, error: `Invalid JSON: ${message}` };
    const { line, column } = lineAndColumn(text, Number(position[1]));
    return { ok: false, error: `Invalid JSON: ${message} (line ${line} column ${column})` };
  }
}

/**
 * Two-space indentation; undefined when the text is not JSON. Re-indents the text itself
 * instead of JSON.stringify(JSON.parse()), so numbers beyond 2^53 and key order stay exact.
 */
export function prettyPrintJson(text: string): string | undefined {
  if (!checkJson(text).ok) return undefined;
  let out = '';
  let depth = 0;
  let inString = false;
  const newline = () => '\n' + '  '.repeat(depth);
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inString) {
      out += ch;
      if (ch === '\\') out += text[++i] ?? '';
      else if (ch === '"') inString = false;
      continue;
    }
    switch (ch) {
      case '"':
        inString = true;
        out += ch;
        break;
      case '{':
      case '[': {
        const closer = ch === '{' ? '}' : ']';
        const next = text.slice(i + 1).search(/\S/);
        if (next !== -1 && text[i + 1 + next] === closer) {
          out += ch + closer;
          i += next + 1;
        } else {
          depth++;
          out += ch + newline();
        }
        break;
      }
      case '}':
      case ']':
        depth--;
        out += newline() + ch;
        break;
      case ',':
        out += ',' + newline();
        break;
      case ':':
        out += ': ';
        break;
      default:
        if (!/\s/.test(ch)) out += ch;
    }
  }
  return out;
}
