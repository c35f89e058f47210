import { useState } from 'react';
import { Field } from '../../components/field';
import { downloadBlob } from '../../components/download';
import { useServices } from '../../hooks/services-context';
import { useRecordingsStore } from '../../stores/recordings-store';
import { formatCount } from '../../domain/count-text';
import { formatBytes } from '../../domain/payload';
import { durationText } from '../../domain/recording-timeline';
import {
  defaultRecordingName,
  recordingDurationMs,
  type RecordingMeta,
} from '../../domain/recording-meta';
import { ReplayForm } from './replay-form';
import { PlayerBar } from './player-bar';
import './recordings.css';

/**
 * Region "Recordings": record what the connection receives, the saved recordings (open, export,
 * replay, delete), import, and the replay form. The player bar shows while one is open.
 */
export function RecordingsPanel() {
  const [replayId, setReplayId] = useState<string | undefined>(undefined);
  const list = useRecordingsStore((s) => s.list);
  const replaying = list.find((m) => m.id === replayId);
  return (
    <section className="panel recordings" aria-label="Recordings">
      <div className="panel-head">
        <h2>Recordings</h2>
        <StorageLeft />
      </div>
      <div className={replaying ? 'recordings-body with-replay' : 'recordings-body'}>
        <div className="recordings-main">
          <RecordForm />
          <SavedRecordings onReplay={setReplayId} />
          <ImportControl />
        </div>
        {replaying && <ReplayForm meta={replaying} onClose={() => setReplayId(undefined)} />}
      </div>
      <PlayerBar />
    </section>
  );
}

function StorageLeft() {
  const left = useRecordingsStore((s) => s.quotaLeftBytes);
  if (left === undefined) return null;
  return (
    <span className="muted">
      <output aria-label="Storage left">{formatBytes(left)}</output> of storage left
    </span>
  );
}

function RecordForm() {
  const { recordings } = useServices();
  const recorder = useRecordingsStore((s) => s.recorder);
  const [name, setName] = useState('');
  const [filters, setFilters] = useState('');
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [starting, setStarting] = useState(false);

  const start = async () => {
    setStarting(true);
    setProblem(undefined);
    const error = await recordings.startRecording(
      name.trim() || defaultRecordingName(Date.now()),
      filters,
    );
    setStarting(false);
    if (error) setProblem(error);
    else setName('');
  };

  return (
    <div className="record-form">
      {!recorder.active ? (
        <div className="form-grid">
          <Field label="Name">
            {({ id }) => (
              <input
                id={id}
                type="text"
                aria-label="Recording name"
                placeholder={defaultRecordingName(Date.now())}
                value={name}
                onChange={(e) => setName(e.target.value)}
              />
            )}
          </Field>
          <Field
            label="Topics"
            hint="Empty records everything received; or filters, comma separated."
          >
            {({ id, describedBy }) => (
              <input
                id={id}
                type="text"
                aria-label="Record topic filters"
                aria-describedby={describedBy}
                placeholder="Everything, or e.g. plant/#, sensors/+/temperature"
                spellCheck={false}
                value={filters}
                onChange={(e) => setFilters(e.target.value)}
              />
            )}
          </Field>
          <div className="form-actions">
            <button
              type="button"
              className="primary"
              disabled={starting}
              onClick={() => void start()}
            >
              Start recording
            </button>
          </div>
        </div>
      ) : (
        <div className="recorder-live">
          <span className="rec-dot" aria-hidden="true" />
          <p role="status" aria-label="Recorder status" className="recorder-status">
            Recording “{recorder.name}”
            {recorder.filters.length > 0 ? ` (${recorder.filters.join(', ')})` : ' (everything)'}:{' '}
            <output aria-label="Recorded messages">{formatCount(recorder.count)}</output> messages,{' '}
            <output aria-label="Recorded bytes">{formatBytes(recorder.bytes)}</output>,{' '}
            <output aria-label="Recorded duration">{durationText(recorder.durationMs)}</output>
            {recorder.lost > 0 && `, ${formatCount(recorder.lost)} lost (the page fell behind)`}
          </p>
          <button type="button" onClick={() => void recordings.stopRecording()}>
            Stop recording
          </button>
        </div>
      )}
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      {!recorder.active && recorder.message && (
        <p
          role={recorder.message.tone === 'error' ? 'alert' : 'status'}
          aria-label="Recorder outcome"
          className={recorder.message.tone === 'error' ? 'error' : 'ok'}
        >
          {recorder.message.text}
        </p>
      )}
    </div>
  );
}

function SavedRecordings({ onReplay }: { onReplay: (id: string) => void }) {
  const list = useRecordingsStore((s) => s.list);
  const status = useRecordingsStore((s) => s.listStatus);
  const error = useRecordingsStore((s) => s.listError);
  if (status === 'unavailable')
    return (
      <p role="alert" className="error">
        {error}
      </p>
    );
  return (
    <>
      <h3 className="recordings-subhead">Saved recordings</h3>
      {status === 'loading' ? (
        <p className="muted small-note">Reading saved recordings…</p>
      ) : list.length === 0 ? (
        <p className="muted small-note">
          No recordings yet. Start one above, or import an NDJSON file below.
        </p>
      ) : null}
      <ul aria-label="Saved recordings" className="recording-list">
        {list.map((meta) => (
          <RecordingItem key={meta.id} meta={meta} onReplay={() => onReplay(meta.id)} />
        ))}
      </ul>
    </>
  );
}

const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'medium' });

function RecordingItem({ meta, onReplay }: { meta: RecordingMeta; onReplay: () => void }) {
  const { recordings } = useServices();
  const openId = useRecordingsStore((s) => s.player?.id);
  const recordingId = useRecordingsStore((s) => (s.recorder.active ? s.recorder.id : undefined));
  const busy = useRecordingsStore((s) => s.files.busy);
  const [confirming, setConfirming] = useState(false);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const isOpen = openId === meta.id;
  const isRecording = recordingId === meta.id;

  const exportAs = async (gzip: boolean) => {
    const file = await recordings.exportRecording(meta.id, gzip);
    if (file) downloadBlob(file.name, file.blob);
  };
  const remove = async () => {
    setConfirming(false);
    setProblem(await recordings.remove(meta.id));
  };

  return (
    <li className={isOpen ? 'recording-item open' : 'recording-item'}>
      <div className="recording-title">
        <strong>{meta.name}</strong>
        {isRecording && <span className="badge rec-badge">recording</span>}
        {isOpen && <span className="badge">on screen</span>}
        {meta.origin === 'imported' && <span className="badge">imported</span>}
      </div>
      <p className="muted small-note recording-facts">
        {formatCount(meta.count)} messages · {formatBytes(meta.bytes)} ·{' '}
        {durationText(recordingDurationMs(meta))}
        {meta.firstMs !== undefined && ` · from ${dateTime.format(meta.firstMs)}`}
        {meta.filters.length > 0 && ` · ${meta.filters.join(', ')}`}
      </p>
      {meta.note && <p className="small-note recording-note">{meta.note}</p>}
      <div className="recording-actions">
        {isOpen ? (
          <button type="button" onClick={() => recordings.close()}>
            Back to live data
          </button>
        ) : (
          <button
            type="button"
            aria-label={`Open ${meta.name}`}
            disabled={meta.count === 0}
            onClick={() => void recordings.open(meta.id)}
          >
            Open
          </button>
        )}
        <button
          type="button"
          aria-label={`Replay ${meta.name}`}
          disabled={meta.count === 0}
          onClick={onReplay}
        >
          Replay…
        </button>
        <button
          type="button"
          aria-label={`Export ${meta.name} as NDJSON`}
          disabled={busy}
          onClick={() => void exportAs(false)}
        >
          Export NDJSON
        </button>
        <button
          type="button"
          aria-label={`Export ${meta.name} as gzip`}
          disabled={busy}
          onClick={() => void exportAs(true)}
        >
          Export .gz
        </button>
        {confirming ? (
          <>
            <button type="button" className="danger" onClick={() => void remove()}>
              Delete for good
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Keep
            </button>
          </>
        ) : (
          <button
            type="button"
            aria-label={`Delete ${meta.name}`}
            disabled={isRecording}
            onClick={() => setConfirming(true)}
          >
            Delete
          </button>
        )}
      </div>
      {problem && (
        <p role="alert" className="error small-note">
          {problem}
        </p>
      )}
    </li>
  );
}

function ImportControl() {
  const { recordings } = useServices();
  const files = useRecordingsStore((s) => s.files);
  return (
    <div className="recordings-import">
      <label className="inline">
        <span>Import a recording (NDJSON, or gzipped)</span>
        <input
          type="file"
          aria-label="Import recording"
          accept=".ndjson,.jsonl,.json,.gz,application/x-ndjson,application/gzip"
          disabled={files.busy}
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void recordings.importFile(file);
          }}
        />
      </label>
      <p
        role={files.tone === 'error' ? 'alert' : 'status'}
        aria-label="Recording files"
        className={`small-note ${files.tone === 'error' ? 'error' : files.tone === 'ok' ? 'ok' : 'muted'}`}
      >
        {files.text}
      </p>
    </div>
  );
}
