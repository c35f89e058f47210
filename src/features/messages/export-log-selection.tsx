import { useState } from 'react';
import { downloadBlob } from '../../components/download';
import { useServices } from '../../hooks/services-context';
import type { StoredMessage } from '../../domain/stored-message';
import type { LogView } from './log-view';

/**
 * Saves what the log shows now (its filters applied, a frozen view as frozen) as NDJSON or CSV,
 * oldest first: payloads as text when they are valid UTF-8, else base64.
 */
export function ExportLogSelection({ view, count }: { view: LogView; count: number }) {
  const { live, recordings } = useServices();
  const [busy, setBusy] = useState(false);

  const save = async (format: 'ndjson' | 'csv') => {
    const messages: StoredMessage[] = [];
    // Read at the click: the rows the last frame showed, oldest first.
    for (let i = count - 1; i >= 0; i--) {
      const message = view.at(live.reader.log, i);
      if (message) messages.push(message);
    }
    setBusy(true);
    try {
      const file = await recordings.exportMessages(messages, format);
      if (file) downloadBlob(file.name, file.blob);
    } finally {
      setBusy(false);
    }
  };

  return (
    <span className="inline" role="group" aria-label="Export log selection">
      <button
        type="button"
        className="small"
        disabled={busy || count === 0}
        aria-label="Export shown messages as NDJSON"
        onClick={() => void save('ndjson')}
      >
        NDJSON
      </button>
      <button
        type="button"
        className="small"
        disabled={busy || count === 0}
        aria-label="Export shown messages as CSV"
        onClick={() => void save('csv')}
      >
        CSV
      </button>
    </span>
  );
}
