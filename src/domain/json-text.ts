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
 * Two-space indentation; undefined when the text is not JSON. The one pretty-printer of the
 * app (details view and publish editor).
 */
export function prettyPrintJson(text: string): string | undefined {
  return checkJson(text).ok ? reindentJson(text) : undefined;
}

/** Levels of indentation shown; deeper levels line up with the last one. */
export const MAX_INDENT_LEVELS = 64;

/**
 * Re-indents text that is valid JSON, character by character, instead of
 * JSON.stringify(JSON.parse()): every number, escape and key reads exactly as written
 * (12345678901234567890, 1.10 and 1e400 stay so), and no depth can overflow the stack.
 */
export function reindentJson(text: string): string {
  let out = '';
  let depth = 0;
  let inString = false;
  const indents: string[] = [];
  // Indentation stops growing at MAX_INDENT_LEVELS, so deep nesting costs linear, not
  // quadratic, text.
  const newline = () => (indents[depth] ??= '\n' + '  '.repeat(Math.min(depth, MAX_INDENT_LEVELS)));
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

export type SafeJsonParseResult = { ok: true; value: unknown } | { ok: false; error: string };

/** JSON.parse that reports failure as a value; also catches RangeError on too-deep input. */
export function safeJsonParse(text: string): SafeJsonParseResult {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    if (e instanceof RangeError) return { ok: false, error: 'The JSON is nested too deeply.' };
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}
