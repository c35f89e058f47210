import { useRef, useState } from 'react';
import { useServices } from '../../hooks/services-context';
import { subtreeRoot } from '../../domain/retained-topics';
import { validateTopicName } from '../../domain/topic-filter';
import { selectProtocolVersion, useConnectionStore } from '../../stores/connection-store';
import { usePublishDraftStore } from '../../stores/publish-draft-store';
import { usePublishHistoryStore } from '../../stores/publish-history-store';
import { useSelectionStore } from '../../stores/selection-store';
import { publishOutcomeText } from '../../domain/publish-outcome';
import type { ClearProgress } from '../../services/retained-service';
import { Field } from '../../components/field';
import { visibleText } from '../../domain/visible-text';

type Result = { ok: boolean; text: string };

function record(topic: string, ok: boolean, outcome: string): void {
  usePublishHistoryStore.getState().record({
    kind: 'clear-retained',
    draft: { ...usePublishDraftStore.getState().draft, topic, payload: '', qos: 1, retain: true },
    topic,
    ok,
    outcome,
  });
}

/**
 * Clears retained messages: one topic (an empty retained publish), or every topic with a
 * retained message seen below a subtree, after a preview and a confirm.
 */
export function RetainedTab() {
  const selected = useSelectionStore((s) => s.topic);
  const version = useConnectionStore(selectProtocolVersion);
  const [topic, setTopic] = useState('');
  const [preview, setPreview] = useState<{ root: string; topics: string[] } | undefined>();
  const [progress, setProgress] = useState<ClearProgress | undefined>(undefined);
  const services = useServices();
  const [result, setResult] = useState<Result | undefined>(undefined);
  const cancelled = useRef(false);
  const target = topic.trim() || selected || '';
  const clearing = progress !== undefined && progress.done + progress.failed < progress.total;

  const clearOne = async () => {
    const problem = validateTopicName(target);
    if (problem) {
      setResult({ ok: false, text: `Not sent: ${problem}` });
      return;
    }
    const sent = await services.publish(target, new Uint8Array(0), {
      qos: 1,
      retain: true,
    });
    const text = sent.ok
      ? `Cleared the retained message of ${target} (empty retained publish, acknowledged in ${Math.round(sent.roundTripMs)} ms).`
      : publishOutcomeText(sent, target, 1, version);
    setResult({ ok: sent.ok, text });
    record(target, sent.ok, text);
  };

  const findBelow = () => {
    const root = subtreeRoot(target);
    if (!root.ok) {
      setResult({ ok: false, text: root.error });
      setPreview(undefined);
      return;
    }
    setResult(undefined);
    setProgress(undefined);
    setPreview({ root: root.root, topics: services.retained.find(root.root) });
  };

  const confirmClear = async () => {
    if (!preview) return;
    cancelled.current = false;
    const { root, topics } = preview;
    setProgress({ done: 0, failed: 0, total: topics.length });
    const final = await services.retained.clear(topics, setProgress, () => cancelled.current);
    setPreview(undefined);
    const ok = final.failed === 0 && final.done === final.total;
    const text = ok
      ? `Cleared ${final.done} retained message${final.done === 1 ? '' : 's'} below ${root}.`
      : `Cleared ${final.done} of ${final.total} below ${root}${final.firstError ? `: ${final.firstError}` : ' (stopped)'}.`;
    setResult({ ok, text });
    record(`${root}/#`, ok, text);
  };

  return (
    <div className="retained-tab">
      <div className="form-grid">
        <Field label="Retained topic">
          {({ id }) => (
            <input
              id={id}
              type="text"
              spellCheck={false}
              placeholder={selected ?? 'topic or subtree, e.g. demo/plant'}
              value={topic}
              onChange={(e) => setTopic(e.target.value)}
            />
          )}
        </Field>
      </div>
      <div className="form-actions">
        <button type="button" disabled={clearing} onClick={() => void clearOne()}>
          Clear retained
        </button>
        <button type="button" disabled={clearing} onClick={findBelow}>
          Find retained below
        </button>
      </div>
      {preview && !clearing && (
        <div className="retained-preview">
          {preview.topics.length === 0 ? (
            <p className="muted small-note">
              No topic at or below {preview.root} has a retained message in the topic tree. Only
              topics this app has received are known: subscribe to {preview.root}/# first.
            </p>
          ) : (
            <>
              <p>These {preview.topics.length} topics will get an empty retained message:</p>
              <ul aria-label="Retained topics to clear" className="retained-list">
                {preview.topics.map((t) => (
                  <li key={t}>
                    <code>{visibleText(t)}</code>
                  </li>
                ))}
              </ul>
              <div className="form-actions">
                <button type="button" className="danger" onClick={() => void confirmClear()}>
                  Clear {preview.topics.length} retained messages
                </button>
                <button type="button" onClick={() => setPreview(undefined)}>
                  Cancel
                </button>
              </div>
            </>
          )}
        </div>
      )}
      {clearing && (
        <div className="form-actions">
          <progress aria-label="Clearing progress" max={progress.total} value={progress.done} />
          <span className="small-note">
            {progress.done} of {progress.total}
          </span>
          <button type="button" onClick={() => (cancelled.current = true)}>
            Stop clearing
          </button>
        </div>
      )}
      <p
        role="status"
        aria-label="Retained result"
        className={result?.ok === false ? 'error' : 'ok'}
      >
        {result && visibleText(result.text)}
      </p>
    </div>
  );
}
