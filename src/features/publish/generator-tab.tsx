import { useId, useMemo, useState, type FormEvent } from 'react';
import { prepareDraft } from '../../domain/publish-draft';
import { achievedRatePerSec, topicCounter } from '../../domain/send-pacing';
import { defaultTemplateContext } from '../../domain/template';
import { selectProtocolVersion, useConnectionStore } from '../../stores/connection-store';
import { selectDraft, usePublishDraftStore } from '../../stores/publish-draft-store';
import { usePublishRunStore } from '../../stores/publish-run-store';
import { useServices } from '../../hooks/services-context';
import type { GeneratorSettings } from '../../services/generator-service';

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

function RunProgressView() {
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
    </>
  );
}

/** Repeat every N ms or a burst of N, from the form with its template variables. */
export function GeneratorTab() {
  const id = useId();
  const version = useConnectionStore(selectProtocolVersion);
  const running = usePublishRunStore((s) => s.running);
  const [mode, setMode] = useState<GeneratorSettings['mode']>('burst');
  const [intervalMs, setIntervalMs] = useState('1000');
  const [count, setCount] = useState('100');
  const [counterStart, setCounterStart] = useState('1');
  const [topicCount, setTopicCount] = useState('0');
  const [error, setError] = useState<string | undefined>(undefined);
  const { generator } = useServices();
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
        <label htmlFor={`${id}-mode`}>Generator mode</label>
        <select
          id={`${id}-mode`}
          value={mode}
          onChange={(e) => setMode(e.target.value as GeneratorSettings['mode'])}
        >
          <option value="burst">Burst: as fast as possible</option>
          <option value="repeat">Repeat every N ms</option>
        </select>
        {mode === 'repeat' && (
          <>
            <label htmlFor={`${id}-interval`}>Interval (ms)</label>
            <input
              id={`${id}-interval`}
              type="number"
              min={1}
              step={1}
              value={intervalMs}
              onChange={(e) => setIntervalMs(e.target.value)}
            />
          </>
        )}
        <label htmlFor={`${id}-count`}>Messages</label>
        <input
          id={`${id}-count`}
          type="number"
          min={mode === 'repeat' ? 0 : 1}
          step={1}
          value={count}
          aria-describedby={mode === 'repeat' ? `${id}-count-note` : undefined}
          onChange={(e) => setCount(e.target.value)}
        />
        {mode === 'repeat' && (
          <span id={`${id}-count-note`} className="muted small-note span-2">
            0 repeats until you stop.
          </span>
        )}
        <label htmlFor={`${id}-start`}>Counter start</label>
        <input
          id={`${id}-start`}
          type="number"
          step={1}
          value={counterStart}
          onChange={(e) => setCounterStart(e.target.value)}
        />
        <label htmlFor={`${id}-topics`}>Topic count</label>
        <input
          id={`${id}-topics`}
          type="number"
          min={0}
          step={1}
          value={topicCount}
          aria-describedby={`${id}-topics-note`}
          onChange={(e) => setTopicCount(e.target.value)}
        />
        <span id={`${id}-topics-note`} className="muted small-note span-2">
          With {'{{counter}}'} in the topic, spread messages over this many topics (0: one topic per
          counter value).
        </span>
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
      <RunProgressView />
    </form>
  );
}
