import { useMemo, useState, type FormEvent } from 'react';
import { prepareDraft } from '../../domain/publish-draft';
import { achievedRatePerSec, topicCounter } from '../../domain/send-pacing';
import { defaultTemplateContext } from '../../domain/template';
import { selectProtocolVersion, useConnectionStore } from '../../stores/connection-store';
import { selectDraft, usePublishDraftStore } from '../../stores/publish-draft-store';
import { usePublishRunStore } from '../../stores/publish-run-store';
import { usePublishing } from '../../hooks/use-publishing';
import type { GeneratorSettings } from '../../services/generator-service';
import { Field } from '../../components/field';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

function TemplatePreview({
  counterStart,
  topicCount,
}: {
  counterStart: number;
  topicCount: number;
}) {
  const draft = usePublishDraftStore(selectDraft);
  const version = useConnectionStore(selectProtocolVersion);
  const preview = useMemo(() => {
    const context = defaultTemplateContext(counterStart);
    const topicContext = {
      ...context,
      counter: topicCounter(counterStart, counterStart, topicCount),
    };
    return prepareDraft(draft, version, context, topicContext);
  }, [draft, version, counterStart, topicCount]);
  return (
    <output aria-label="Template preview" className="template-preview">
      {preview.ok ? (
        <>
          <span className="muted">First message:</span> <code>{preview.topic}</code>
          <pre>{new TextDecoder().decode(preview.bytes)}</pre>
        </>
      ) : (
        <span className="error">{preview.error}</span>
      )}
    </output>
  );
}

function RunProgressView({ onResume }: { onResume: () => void }) {
  const run = usePublishRunStore();
  const rate = achievedRatePerSec(run.sent, run.elapsedMs);
  const bounded = Number.isFinite(run.total);
  const text = run.summary
    ? run.summary
    : run.running
      ? `${fmt(run.sent)}${bounded ? ` of ${fmt(run.total)}` : ''} sent, ${fmt(rate)} msg/s`
      : '';
  return (
    <>
      {(run.running || run.summary) && (
        <progress
          aria-label="Generator progress"
          max={bounded ? run.total : undefined}
          value={bounded ? run.sent : undefined}
        />
      )}
      <p role="status" aria-label="Generator status" className={run.error ? 'error' : 'ok'}>
        {text}
      </p>
      {!run.running && run.resumeFrom !== undefined && (
        <button type="button" onClick={onResume}>
          Resume from message {fmt(run.resumeFrom)}
        </button>
      )}
    </>
  );
}

/** Repeat every N ms or a burst of N, from the form with its template variables. */
export function GeneratorTab() {
  const version = useConnectionStore(selectProtocolVersion);
  const running = usePublishRunStore((s) => s.running);
  const [mode, setMode] = useState<GeneratorSettings['mode']>('burst');
  const [intervalMs, setIntervalMs] = useState('1000');
  const [count, setCount] = useState('100');
  const [counterStart, setCounterStart] = useState('1');
  const [topicCount, setTopicCount] = useState('0');
  const [error, setError] = useState<string | undefined>(undefined);
  const { generator } = usePublishing();
  const start = Number(counterStart);
  const topics = Number(topicCount);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setError(
      generator.start(usePublishDraftStore.getState().draft, version, {
        mode,
        intervalMs: Number(intervalMs),
        count: Number(count),
        counterStart: Number.isFinite(start) ? start : 1,
        topicCount: Number.isInteger(topics) && topics > 0 ? topics : 0,
      }),
    );
  };

  return (
    <form className="generator-tab" onSubmit={onSubmit}>
      <p className="muted small-note">
        Use {'{{counter}}'}, {'{{timestamp}}'}, {'{{iso}}'}, {'{{uuid}}'}, {'{{random min max}}'},{' '}
        {'{{randomInt min max}}'} and {'{{pick a b c}}'} in the topic or payload above.
      </p>
      <TemplatePreview
        counterStart={Number.isFinite(start) ? start : 1}
        topicCount={Number.isInteger(topics) && topics > 0 ? topics : 0}
      />
      <div className="form-grid">
        <Field label="Generator mode">
          {({ id }) => (
            <select
              id={id}
              value={mode}
              onChange={(e) => setMode(e.target.value as GeneratorSettings['mode'])}
            >
              <option value="burst">Burst: as fast as possible</option>
              <option value="repeat">Repeat every N ms</option>
            </select>
          )}
        </Field>
        {mode === 'repeat' && (
          <Field label="Interval (ms)">
            {({ id }) => (
              <input
                id={id}
                type="number"
                min={1}
                step={1}
                value={intervalMs}
                onChange={(e) => setIntervalMs(e.target.value)}
              />
            )}
          </Field>
        )}
        <Field label="Messages" hint={mode === 'repeat' ? '0 repeats until you stop.' : undefined}>
          {({ id, describedBy }) => (
            <input
              id={id}
              type="number"
              min={mode === 'repeat' ? 0 : 1}
              step={1}
              value={count}
              aria-describedby={describedBy}
              onChange={(e) => setCount(e.target.value)}
            />
          )}
        </Field>
        <Field label="Counter start">
          {({ id }) => (
            <input
              id={id}
              type="number"
              step={1}
              value={counterStart}
              onChange={(e) => setCounterStart(e.target.value)}
            />
          )}
        </Field>
        <Field
          label="Topic count"
          hint={
            <>
              With {'{{counter}}'} in the topic, spread messages over this many topics (0: one topic
              per counter value).
            </>
          }
        >
          {({ id, describedBy }) => (
            <input
              id={id}
              type="number"
              min={0}
              step={1}
              value={topicCount}
              aria-describedby={describedBy}
              onChange={(e) => setTopicCount(e.target.value)}
            />
          )}
        </Field>
      </div>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={running}>
          Start
        </button>
        <button type="button" disabled={!running} onClick={() => generator.stop()}>
          Stop
        </button>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <RunProgressView onResume={() => setError(generator.resume())} />
    </form>
  );
}
