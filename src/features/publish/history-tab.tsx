import { usePublishDraftStore } from '../../stores/publish-draft-store';
import {
  PUBLISH_HISTORY_LIMIT,
  usePublishHistoryStore,
  type HistoryKind,
} from '../../stores/publish-history-store';
import { visibleText } from '../../domain/visible-text';

const KIND_LABEL: Record<HistoryKind, string> = {
  publish: 'Publish',
  command: 'Command',
  generator: 'Generator',
  'clear-retained': 'Clear retained',
};

const time = (ms: number) => new Date(ms).toLocaleTimeString();

/** The last publishes, newest first; any one can be loaded back into the form. */
export function HistoryTab() {
  const entries = usePublishHistoryStore((s) => s.entries);
  const droppedCount = usePublishHistoryStore((s) => s.droppedCount);
  const load = usePublishDraftStore((s) => s.load);
  return (
    <div className="history-tab">
      <p className="muted small-note">
        Keeps the last {PUBLISH_HISTORY_LIMIT} publishes
        {droppedCount > 0 ? `; ${droppedCount} older ones were dropped` : ''}.
      </p>
      {entries.length === 0 ? (
        <p className="muted small-note">Nothing published yet.</p>
      ) : (
        <ul aria-label="Publish history" className="history-list">
          {entries.map((entry) => (
            <li key={entry.id} className={entry.ok ? 'history-entry' : 'history-entry failed'}>
              <span className="history-head">
                <time dateTime={new Date(entry.atMs).toISOString()}>{time(entry.atMs)}</time>{' '}
                <span className="history-kind">{KIND_LABEL[entry.kind]}</span>{' '}
                <code>{visibleText(entry.topic)}</code>{' '}
                <span className="muted">QoS {entry.draft.qos}</span>
                {entry.draft.retain && <span className="muted"> retained</span>}
              </span>
              <span className="history-outcome">{visibleText(entry.outcome)}</span>
              <button
                type="button"
                className="small"
                aria-label={`Load ${visibleText(entry.topic)} from ${time(entry.atMs)} into the form`}
                onClick={() => load(entry.draft)}
              >
                Load
              </button>
            </li>
          ))}
        </ul>
      )}
      {entries.length > 0 && (
        <button type="button" className="small" onClick={usePublishHistoryStore.getState().clear}>
          Clear history
        </button>
      )}
    </div>
  );
}
