import type { ReactNode } from 'react';
import { visibleText } from '../../domain/visible-text';
import { isDecodedBytes } from '../../domain/decoders/decoded-bytes';

/** Bounds that keep a huge or deep payload from hanging the page. */
const MAX_NODES = 2_000;
const MAX_DEPTH = 32;

interface Budget {
  nodes: number;
}

function leaf(value: unknown): ReactNode {
  if (typeof value === 'string')
    return <span className="json-string">{visibleText(JSON.stringify(value))}</span>;
  if (typeof value === 'number' || typeof value === 'bigint')
    return <span className="json-number">{String(value)}</span>;
  // Binary values of decoded payloads, as hex.
  if (isDecodedBytes(value))
    return (
      <span className="json-string" title={`${value.length} bytes`}>
        {value.hex(256)}
      </span>
    );
  return <span className="json-literal">{String(value)}</span>;
}

function renderNode(
  label: string | undefined,
  value: unknown,
  depth: number,
  budget: Budget,
): ReactNode {
  budget.nodes++;
  const name =
    label !== undefined ? <span className="json-key">{visibleText(label)}: </span> : null;
  if (value === null || typeof value !== 'object' || isDecodedBytes(value)) {
    return (
      <li>
        {name}
        {leaf(value)}
      </li>
    );
  }
  const entries: Array<[string, unknown]> = Array.isArray(value)
    ? value.map((v, i) => [String(i), v])
    : Object.entries(value as Record<string, unknown>);
  const open = Array.isArray(value) ? '[' : '{';
  const close = Array.isArray(value) ? ']' : '}';
  if (depth >= MAX_DEPTH) {
    return (
      <li>
        {name}
        {open}…{close}
      </li>
    );
  }
  const shown: ReactNode[] = [];
  for (const [key, child] of entries) {
    if (budget.nodes >= MAX_NODES) {
      shown.push(
        <li key="more" className="muted">
          …
        </li>,
      );
      break;
    }
    shown.push(
      <JsonTreeItem key={key} label={key} value={child} depth={depth + 1} budget={budget} />,
    );
  }
  return (
    <li>
      <details open={depth < 3}>
        <summary>
          {name}
          {open}
          <span className="muted">
            {' '}
            {entries.length} {Array.isArray(value) ? 'items' : 'keys'}{' '}
          </span>
          {close}
        </summary>
        <ul>{shown}</ul>
      </details>
    </li>
  );
}

function JsonTreeItem(props: { label: string; value: unknown; depth: number; budget: Budget }) {
  return <>{renderNode(props.label, props.value, props.depth, props.budget)}</>;
}

/**
 * A collapsible view of a parsed JSON value or a decoded tree (64-bit integers exact, bytes as
 * hex); every value is rendered as text.
 */
export function JsonTree({ value }: { value: unknown }) {
  const budget: Budget = { nodes: 0 };
  return (
    <ul className="json-tree" aria-label="JSON tree">
      {renderNode(undefined, value, 0, budget)}
    </ul>
  );
}
