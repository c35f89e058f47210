import { useMemo, useRef } from 'react';
import { useFixedRowWindow } from '../../components/use-fixed-row-window';
import { tokenizeJson } from '../../domain/json-tokens';
import { reindentJson, safeJsonParse } from '../../domain/json-text';
import { decodeUtf8 } from '../../domain/payload';
import { hexDumpLine, hexLineCount } from '../../domain/hex-dump';
import { textRows } from '../../domain/text-rows';
import { hasInvisible, visibleText } from '../../domain/visible-text';

const MULTILINE = { multiline: true };

const ROW_HEIGHT_PX = 18;
/** A row holds at most this many characters: a 10 MB line becomes 5,000 short rows. */
const MAX_ROW_CHARS = 2_000;
/** Indenting JSON means parsing it all: above this size the payload is shown as its text. */
export const MAX_INDENT_BYTES = 1024 * 1024;

export interface Rows {
  count: number;
  row(i: number): string;
  /** Row i may be coloured as JSON (it is a whole line of indented JSON). */
  json(i: number): boolean;
  note?: string;
  /** Some row holds an invisible character, shown as a mark (⟨ZWSP⟩…). */
  invisible: boolean;
}

/** Payloads above this size are not shown whole at all: "Download payload" saves them. */
export const MAX_SHOW_ALL_BYTES = 16 * 1024 * 1024;

/**
 * The rows of a whole payload, built once per payload and view (linear, no DOM). `binary`
 * says the start of the payload is not text; automatic mode then shows hex, else JSON when it
 * parses (up to MAX_INDENT_BYTES), else text.
 */
export function payloadRows(
  bytes: Uint8Array,
  mode: 'auto' | 'hex' | 'text' | 'json',
  binary: boolean,
): Rows {
  const as = mode === 'auto' ? (binary ? 'hex' : 'json') : mode;
  if (as === 'hex') {
    return {
      count: hexLineCount(bytes.length),
      row: (i) => hexDumpLine(bytes, i),
      json: () => false,
      invisible: false,
    };
  }
  const text = decodeUtf8(bytes);
  const invisible = hasInvisible(text, MULTILINE);
  if (as === 'json' && bytes.length <= MAX_INDENT_BYTES && safeJsonParse(text).ok) {
    const rows = textRows(reindentJson(text), MAX_ROW_CHARS);
    return {
      count: rows.count,
      row: rows.row,
      json: (i) => !rows.continues(i + 1) && !rows.continues(i),
      invisible,
    };
  }
  const rows = textRows(text, MAX_ROW_CHARS);
  return {
    count: rows.count,
    row: rows.row,
    json: () => false,
    invisible,
    note:
      mode === 'json' && bytes.length > MAX_INDENT_BYTES
        ? 'Shown as its text: JSON is indented up to 1 MB.'
        : mode === 'json'
          ? 'Not valid JSON: shown as its text.'
          : undefined,
  };
}

/**
 * A whole payload in a scroll box that draws only the rows in view: the DOM and the work per
 * frame stay the same for 10 KB and for 10 MB.
 */
export function WindowedPayload({ rows, kind }: { rows: Rows; kind: string }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const window = useFixedRowWindow(scrollRef, rows.count, ROW_HEIGHT_PX, 10);
  const shown = useMemo(() => {
    const out: Array<{ i: number; text: string; json: boolean }> = [];
    for (let i = window.start; i < window.end; i++) {
      out.push({ i, text: rows.row(i), json: rows.json(i) });
    }
    return out;
  }, [rows, window.start, window.end]);
  // Invisible characters as marks (⟨ZWSP⟩…), only when the payload has any.
  const visible = (part: string) => (rows.invisible ? visibleText(part, MULTILINE) : part);
  return (
    <div
      ref={scrollRef}
      className={`payload payload-windowed payload-${kind}`}
      role="region"
      aria-label="Payload"
      tabIndex={0}
    >
      <div style={{ height: window.totalHeightPx, position: 'relative' }}>
        {shown.map(({ i, text, json }) => (
          <div
            key={i}
            className="payload-row"
            style={{ top: i * ROW_HEIGHT_PX, height: ROW_HEIGHT_PX }}
          >
            {json
              ? tokenizeJson(text).map((token, t) =>
                  token.kind === 'punct' ? (
                    visible(token.text)
                  ) : (
                    <span key={t} className={`json-${token.kind}`}>
                      {visible(token.text)}
                    </span>
                  ),
                )
              : visible(text)}
          </div>
        ))}
      </div>
    </div>
  );
}
