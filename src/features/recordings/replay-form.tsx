import { useState } from 'react';
import { Field } from '../../components/field';
import { useServices } from '../../hooks/services-context';
import { selectIsConnected, useConnectionStore } from '../../stores/connection-store';
import { useRecordingsStore } from '../../stores/recordings-store';
import { formatCount } from '../../domain/count-text';
import { recordingDurationMs, type RecordingMeta } from '../../domain/recording-meta';
import { previewRewrite, type ReplaySettings } from '../../domain/recording-replay';
import type { QoS } from '../../domain/mqtt-types';

const SPEEDS = ['1', '2', '5', '10', '20', '50', '100', 'max'] as const;

/** Seconds after the recording's start, as typed; undefined when empty or not a number. */
function secondsAfter(text: string, firstMs: number | undefined): number | undefined {
  const t = text.trim();
  if (t === '' || firstMs === undefined) return undefined;
  const seconds = Number(t);
  return Number.isFinite(seconds) ? firstMs + seconds * 1000 : Number.NaN;
}

/** Replays one recording into the connected broker, with its choices and progress. */
export function ReplayForm({ meta, onClose }: { meta: RecordingMeta; onClose: () => void }) {
  const { recordings } = useServices();
  const connected = useConnectionStore(selectIsConnected);
  const replay = useRecordingsStore((s) => s.replay);
  const [speed, setSpeed] = useState<(typeof SPEEDS)[number]>('1');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [topicFilter, setTopicFilter] = useState('');
  const [rewriteFrom, setRewriteFrom] = useState('');
  const [rewriteTo, setRewriteTo] = useState('');
  const [keepRetain, setKeepRetain] = useState(true);
  const [qos, setQos] = useState<'recorded' | QoS>('recorded');
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const spanSeconds = recordingDurationMs(meta) / 1000;

  const start = async () => {
    const fromMs = secondsAfter(from, meta.firstMs);
    const toMs = secondsAfter(to, meta.firstMs);
    if (Number.isNaN(fromMs) || Number.isNaN(toMs)) {
      setProblem('From and To are seconds after the recording starts, such as 0 or 12.5.');
      return;
    }
    const settings: ReplaySettings = {
      pace: speed === 'max' ? { kind: 'max' } : { kind: 'timed', factor: Number(speed) },
      fromMs,
      toMs,
      topicFilter,
      rewriteFrom,
      rewriteTo,
      retain: keepRetain ? 'keep' : 'drop',
      qos,
    };
    setProblem(await recordings.startReplay(meta.id, settings));
  };

  const exampleTopic = rewriteFrom.trim().replace(/\/?#$/, '') || 'plant';
  const rewritten =
    rewriteFrom.trim() && rewriteTo.trim()
      ? previewRewrite(rewriteFrom, rewriteTo, `${exampleTopic}/line1/temperature`)
      : undefined;
  const percent = Math.round(replay.progress * 100);

  return (
    <section className="replay-form" aria-label={`Replay ${meta.name}`}>
      <div className="panel-head">
        <h3>Replay “{meta.name}”</h3>
        <button type="button" className="small" onClick={onClose} disabled={replay.running}>
          Close
        </button>
      </div>
      <p className="muted small-note">
        Publishes the recording ({formatCount(meta.count)} messages over{' '}
        {spanSeconds.toLocaleString('en-US', { maximumFractionDigits: 1 })} s) to the broker this
        page is connected to.
      </p>
      <div className="form-grid">
        <Field label="Speed">
          {({ id }) => (
            <select
              id={id}
              aria-label="Replay speed"
              value={speed}
              onChange={(e) => setSpeed(e.target.value as (typeof SPEEDS)[number])}
            >
              {SPEEDS.map((s) => (
                <option key={s} value={s}>
                  {s === 'max'
                    ? 'As fast as the broker accepts (QoS 1)'
                    : s === '1'
                      ? 'Recorded timing (1×)'
                      : `${s}× faster`}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="From, s after start">
          {({ id }) => (
            <input
              id={id}
              type="text"
              inputMode="decimal"
              aria-label="Replay from"
              placeholder="0"
              value={from}
              onChange={(e) => setFrom(e.target.value)}
            />
          )}
        </Field>
        <Field label="To, s after start">
          {({ id }) => (
            <input
              id={id}
              type="text"
              inputMode="decimal"
              aria-label="Replay to"
              placeholder={spanSeconds.toLocaleString('en-US', { maximumFractionDigits: 3 })}
              value={to}
              onChange={(e) => setTo(e.target.value)}
            />
          )}
        </Field>
        <Field label="Only topics">
          {({ id }) => (
            <input
              id={id}
              type="text"
              aria-label="Replay topic filter"
              placeholder="All, or a filter such as plant/#"
              spellCheck={false}
              value={topicFilter}
              onChange={(e) => setTopicFilter(e.target.value)}
            />
          )}
        </Field>
        <Field
          label="Rewrite"
          hint={
            rewritten !== undefined
              ? `e.g. ${exampleTopic}/line1/temperature → ${rewritten}`
              : 'Optional: move topics under another prefix, e.g. plant/# → replay/plant/#.'
          }
        >
          {({ id, describedBy }) => (
            <span className="inline rewrite">
              <input
                id={id}
                type="text"
                aria-label="Rewrite topics from"
                aria-describedby={describedBy}
                placeholder="plant/#"
                spellCheck={false}
                value={rewriteFrom}
                onChange={(e) => setRewriteFrom(e.target.value)}
              />
              <span aria-hidden="true">→</span>
              <input
                type="text"
                aria-label="Rewrite topics to"
                placeholder="replay/plant/#"
                spellCheck={false}
                value={rewriteTo}
                onChange={(e) => setRewriteTo(e.target.value)}
              />
            </span>
          )}
        </Field>
        <Field label="QoS">
          {({ id }) => (
            <select
              id={id}
              aria-label="Replay QoS"
              value={String(qos)}
              disabled={speed === 'max'}
              onChange={(e) =>
                setQos(e.target.value === 'recorded' ? 'recorded' : (Number(e.target.value) as QoS))
              }
            >
              <option value="recorded">As recorded</option>
              <option value="0">0</option>
              <option value="1">1</option>
              <option value="2">2</option>
            </select>
          )}
        </Field>
        <label className="checkbox span-2">
          <input
            type="checkbox"
            checked={keepRetain}
            onChange={(e) => setKeepRetain(e.target.checked)}
          />
          Keep retained flags (unticked: nothing is published retained)
        </label>
        <div className="form-actions">
          {!replay.running ? (
            <button
              type="button"
              className="primary"
              disabled={!connected}
              onClick={() => void start()}
            >
              Start replay
            </button>
          ) : (
            <>
              {replay.paused ? (
                <button type="button" onClick={() => recordings.resumeReplay()}>
                  Resume replay
                </button>
              ) : (
                <button type="button" onClick={() => recordings.pauseReplay()}>
                  Pause replay
                </button>
              )}
              <button type="button" onClick={() => recordings.stopReplay()}>
                Stop replay
              </button>
            </>
          )}
          {!connected && <span className="muted small-note">Connect to a broker to replay.</span>}
        </div>
      </div>
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      {(replay.running || replay.summary) && replay.name === meta.name && (
        <div className="replay-progress">
          <progress max={100} value={percent} aria-label="Replay progress" />
          <p role="status" aria-label="Replay status" className="small-note">
            {replay.running
              ? `${replay.paused ? 'Paused' : 'Replaying'}: ${formatCount(replay.sent)}${
                  replay.total !== undefined ? ` of ${formatCount(replay.total)}` : ''
                } messages sent, ${percent} %, ${formatCount(Math.round(replay.ratePerSec))} msg/s`
              : replay.summary}
          </p>
        </div>
      )}
    </section>
  );
}
