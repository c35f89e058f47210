import { useState } from 'react';
import type { Decoding } from '../../domain/decoders/decode-message';
import type { DecoderChoice } from '../../domain/decoders/decode-rules';
import { DECODER_LABELS, type DecodedTable } from '../../domain/decoders/decoder-types';
import { parseSparkplugTopic } from '../../domain/decoders/sparkplug-topic';
import type { StoredMessage } from '../../domain/stored-message';
import { visibleText } from '../../domain/visible-text';
import { useServices } from '../../hooks/services-context';
import { useDecodingStore } from '../../stores/decoding-store';
import { ChartButtons } from './chart-buttons';
import { HighlightedPayload } from './highlighted-payload';
import { JsonTree } from './json-tree';

const MAX_TABLE_ROWS = 500;

/** A decoder's table (Sparkplug metrics, a dataset, a template): every cell as text. */
function DecodedTableView({ table }: { table: DecodedTable }) {
  const rows = table.rows.slice(0, MAX_TABLE_ROWS);
  return (
    <div className="decoded-table-wrap">
      <table className="decoded-table">
        <caption>{visibleText(table.caption)}</caption>
        <thead>
          <tr>
            {table.columns.map((c, i) => (
              <th key={i} scope="col">
                {visibleText(c)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, r) => (
            <tr key={r}>
              {row.map((cell, c) => (
                <td key={c}>{visibleText(cell)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {table.rows.length > rows.length && (
        <p className="muted small-note">
          The first {MAX_TABLE_ROWS} of {table.rows.length} rows.
        </p>
      )}
    </div>
  );
}

/** Publishes the Sparkplug Rebirth command to the message's edge node. */
function RebirthButton({ topic }: { topic: string }) {
  const { decoding } = useServices();
  const [status, setStatus] = useState<string | undefined>(undefined);
  return (
    <p className="button-row">
      <button
        type="button"
        className="small"
        onClick={() => {
          setStatus('Asking for a rebirth…');
          void decoding
            .engine()
            .then((engine) => engine.requestRebirth(topic))
            .then(setStatus);
        }}
      >
        Request rebirth
      </button>
      <span role="status" className="muted small-note">
        {status}
      </span>
    </p>
  );
}

/**
 * A payload read by a decoder: what the message means, notes, tables, the tree (JSON text or
 * collapsible), Copy as JSON and chart buttons; or the decoder's error with the hex.
 */
export function DecodedPayload({
  message,
  choice,
  decoding,
  protoType,
  setProtoType,
}: {
  message: StoredMessage;
  choice: DecoderChoice;
  decoding: Decoding;
  /** Set when "Show as Protobuf" was chosen here: the message type picked ("" by number). */
  protoType: string | undefined;
  setProtoType: (type: string) => void;
}) {
  const [asTree, setAsTree] = useState(false);
  const schemaTypes = useDecodingStore((s) => s.schemaTypes);
  const typeSelect = protoType !== undefined && (
    <label className="inline">
      <span>Message type</span>
      <select
        aria-label="Message type"
        value={protoType}
        onChange={(e) => setProtoType(e.target.value)}
      >
        <option value="">
          {schemaTypes.length === 0 ? 'no schema loaded: fields by number' : 'fields by number'}
        </option>
        {schemaTypes.map((t) => (
          <option key={t} value={t}>
            {t}
          </option>
        ))}
      </select>
    </label>
  );
  const [copied, setCopied] = useState<string | undefined>(undefined);
  const label = choice.decoder === 'auto' ? 'JSON' : DECODER_LABELS[choice.decoder];
  if (decoding.status === 'pending') {
    return (
      <p role="status" className="muted">
        Loading the {label} decoder…
      </p>
    );
  }
  const result = decoding.result;
  if (result.error !== undefined) {
    return (
      <>
        {typeSelect}
        <p role="alert" className="error decode-error">
          {visibleText(result.error)}
        </p>
        <p className="muted small-note">The payload's bytes:</p>
        <HighlightedPayload text={result.text} json={false} kind="hex" />
      </>
    );
  }
  const copyJson = async () => {
    try {
      await navigator.clipboard.writeText(result.text);
      setCopied(`Copied the decoded ${label} as JSON.`);
    } catch (error) {
      setCopied(
        `Could not copy: ${(error as Error).message || 'the browser refused the clipboard'}.`,
      );
    }
  };
  const sparkplug = choice.decoder === 'sparkplug' ? parseSparkplugTopic(message.topic) : undefined;
  const unresolved = sparkplug && result.notes?.some((n) => /Request a rebirth/.test(n));
  const isTree = typeof result.value === 'object' && result.value !== null;
  return (
    <div className="decoded" aria-label={`Decoded ${label}`}>
      {typeSelect}
      {result.summary && <p className="decoded-summary">{visibleText(result.summary)}</p>}
      {result.notes?.map((note, i) => (
        <p key={i} className="note muted small-note">
          {visibleText(note)}
        </p>
      ))}
      {unresolved && <RebirthButton topic={message.topic} />}
      {result.tables?.map((table, i) => (
        <DecodedTableView key={i} table={table} />
      ))}
      <div className="toolbar">
        <button type="button" onClick={() => void copyJson()}>
          Copy as JSON
        </button>
        {isTree && (
          <label className="checkbox">
            <input type="checkbox" checked={asTree} onChange={(e) => setAsTree(e.target.checked)} />
            Collapsible view
          </label>
        )}
        <span role="status" aria-label="Copy as JSON result" className="muted">
          {copied}
        </span>
      </div>
      {asTree && isTree ? (
        <JsonTree value={result.value} />
      ) : (
        <HighlightedPayload
          text={result.text}
          json={typeof result.value !== 'string'}
          kind={typeof result.value === 'string' ? 'text' : 'json'}
        />
      )}
      {result.value !== undefined && typeof result.value !== 'string' && (
        <ChartButtons message={message} json={result.value} chartPaths={result.chartPaths} />
      )}
    </div>
  );
}
