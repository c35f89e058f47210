import { Suspense, use, useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { downloadBlob } from '../../components/download';
import { useServices } from '../../hooks/services-context';
import type { BrokerReport, ComparedRow, ReportRow } from '../../services/report-card';
import type { ReportCardKit } from '../../services/scenarios/scenario-catalog';
import type { ReportProgress } from '../../services/scenarios/report-runner';
import './report-card.css';

/** The report card: Run all, its progress and Stop, the table, and saved reports to compare. */
export function ReportCardPanel() {
  const [open, setOpen] = useState(true);
  const { scenarios } = useServices();
  // One promise for the panel's life: `use` wants the same promise on every render.
  const loading = useMemo(() => scenarios.catalog().then((c) => c.reportCard), [scenarios]);
  return (
    <section className="panel" aria-label="Report card">
      <div className="panel-head">
        <h2>Report card</h2>
        <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? 'Hide report card' : 'Show report card'}
        </button>
      </div>
      {open && (
        <>
          <p className="muted">
            One click tells what this broker really does: Run all runs every scenario and probe
            against the broker the page is connected to (with clients and topics of its own, closed
            and cleaned up after) and fills the table with what was observed. A row says
            “supported”, “not supported”, “differs from the spec” or “could not test (why)”, only
            from what its run saw — never from the broker’s name.
          </p>
          <Suspense fallback={<p className="muted">Loading the report card…</p>}>
            <ReportCard loading={loading} />
          </Suspense>
        </>
      )}
    </section>
  );
}

function ReportCard({ loading }: { loading: Promise<ReportCardKit> }) {
  const kit = use(loading);
  const topicId = useId();
  const [refusedTopic, setRefusedTopic] = useState('');
  const [measurements, setMeasurements] = useState(true);
  const [progress, setProgress] = useState<ReportProgress | undefined>(undefined);
  const [report, setReport] = useState<BrokerReport | undefined>(undefined);
  const [saved, setSaved] = useState<BrokerReport[]>([]);
  const [message, setMessage] = useState('');
  const abortRef = useRef<AbortController | null>(null);
  const running = progress !== undefined;

  const refresh = useCallback(() => {
    kit.archive
      .list()
      .then(setSaved, (error: Error) =>
        setMessage(`Saved reports could not be read: ${error.message}`),
      );
  }, [kit]);
  useEffect(refresh, [refresh]);
  useEffect(() => () => abortRef.current?.abort(), []);

  const runAll = () => {
    const controller = new AbortController();
    abortRef.current = controller;
    setMessage('');
    setReport(undefined);
    kit
      .run({ params: { refusedTopic }, measurements }, setProgress, controller.signal)
      .then(
        (finished) => {
          setReport(finished);
          setMessage(
            finished.complete
              ? `Finished: ${finished.rows.length} rows in ${Math.round(finished.durationMs / 1000)} s.`
              : 'Stopped: what did not run says “could not test (stopped before it ran)”.',
          );
        },
        (error: Error) => setMessage(`The run failed: ${error.message}`),
      )
      .finally(() => {
        setProgress(undefined);
        if (abortRef.current === controller) abortRef.current = null;
      });
  };

  const save = () => {
    if (!report) return;
    kit.archive.save(report).then(
      () => {
        setMessage(`Saved “${kit.title(report)}”.`);
        refresh();
      },
      (error: Error) => setMessage(`Not saved: ${error.message}`),
    );
  };

  const shown = progress?.report ?? report;
  const stamp = (r: BrokerReport) => r.startedAt.replace(/[:.]/g, '-').slice(0, 19);
  return (
    <div className="report-card">
      <div className="toolbar">
        <button type="button" className="primary" disabled={running} onClick={runAll}>
          Run all
        </button>
        {running && (
          <button
            type="button"
            aria-label="Stop the report card"
            onClick={() => abortRef.current?.abort()}
          >
            Stop
          </button>
        )}
        <label className="rc-check">
          <input
            type="checkbox"
            checked={measurements}
            disabled={running}
            onChange={(event) => setMeasurements(event.target.checked)}
          />{' '}
          Include measurements (latency and rate, about 25 s)
        </label>
      </div>
      <div className="rc-field">
        <label htmlFor={topicId}>Topic this broker refuses (optional, for Access control)</label>
        <input
          id={topicId}
          type="text"
          value={refusedTopic}
          disabled={running}
          placeholder="e.g. secret/plans"
          spellCheck={false}
          onChange={(event) => setRefusedTopic(event.target.value)}
        />
      </div>
      {progress && (
        <div className="rc-progress">
          <progress aria-label="Report card progress" value={progress.done} max={progress.total} />{' '}
          <span>
            {progress.done} of {progress.total} checks done
            {progress.running.length ? `; running ${progress.running.join(', ')}` : ''}
          </span>
        </div>
      )}
      <p role="status" aria-label="Report card status" className="muted">
        {message}
      </p>
      {shown && <ReportTable report={shown} kit={kit} />}
      {report && !running && (
        <div className="toolbar">
          <button type="button" onClick={save}>
            Save report
          </button>
          <button
            type="button"
            onClick={() =>
              downloadBlob(
                `report-card-${stamp(report)}.md`,
                new Blob([kit.toMarkdown(report)], { type: 'text/markdown' }),
              )
            }
          >
            Export Markdown
          </button>
          <button
            type="button"
            onClick={() =>
              downloadBlob(
                `report-card-${stamp(report)}.json`,
                new Blob([kit.toJson(report)], { type: 'application/json' }),
              )
            }
          >
            Export JSON
          </button>
        </div>
      )}
      <SavedReports kit={kit} saved={saved} onChange={refresh} onMessage={setMessage} />
    </div>
  );
}

const STATUS_CLASS: Record<ReportRow['status'], string> = {
  supported: 'rc-supported',
  'not supported': 'rc-not-supported',
  'differs from the spec': 'rc-differs',
  'could not test': 'rc-untested',
};

function ReportTable({ report, kit }: { report: BrokerReport; kit: ReportCardKit }) {
  return (
    <div className="rc-table-wrap">
      <table className="rc-table" aria-label="Observed broker behaviour">
        <caption>{kit.title(report)}</caption>
        <thead>
          <tr>
            <th scope="col">Feature</th>
            <th scope="col">Observed result</th>
            <th scope="col">What the spec says</th>
            <th scope="col">Note</th>
          </tr>
        </thead>
        <tbody>
          {report.rows.map((row) => (
            <tr key={row.id} className={STATUS_CLASS[row.status]}>
              <th scope="row">{row.feature}</th>
              <td>{kit.resultText(row)}</td>
              <td>{row.spec}</td>
              <td className="muted">{row.note}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const CHANGE_TEXT: Record<ComparedRow['change'], string> = {
  same: 'same',
  status: 'differs: status changed',
  details: 'differs: details',
  'only-a': 'differs: only in the first',
  'only-b': 'differs: only in the second',
};

function SavedReports({
  kit,
  saved,
  onChange,
  onMessage,
}: {
  kit: ReportCardKit;
  saved: BrokerReport[];
  onChange: () => void;
  onMessage: (text: string) => void;
}) {
  const firstId = useId();
  const secondId = useId();
  const [first, setFirst] = useState('');
  const [second, setSecond] = useState('');
  if (saved.length === 0)
    return <p className="muted">No saved reports yet: run the card, then Save report.</p>;
  const a = saved.find((r) => r.id === first) ?? saved[1] ?? saved[0];
  const b = saved.find((r) => r.id === second) ?? saved[0];
  const compared = a && b ? kit.compare(a, b) : [];
  return (
    <div className="rc-saved">
      <h3>Saved reports</h3>
      <ul aria-label="Saved reports">
        {saved.map((r) => (
          <li key={r.id}>
            {kit.title(r)}{' '}
            <button
              type="button"
              className="link-button"
              aria-label={`Delete ${kit.title(r)}`}
              onClick={() =>
                kit.archive
                  .remove(r.id)
                  .then(onChange, (error: Error) => onMessage(`Not deleted: ${error.message}`))
              }
            >
              Delete
            </button>
          </li>
        ))}
      </ul>
      {saved.length >= 2 && a && b && (
        <>
          <div className="rc-compare-pick">
            <label htmlFor={firstId}>First report</label>
            <select id={firstId} value={a.id} onChange={(e) => setFirst(e.target.value)}>
              {saved.map((r) => (
                <option key={r.id} value={r.id}>
                  {kit.title(r)}
                </option>
              ))}
            </select>
            <label htmlFor={secondId}>Second report</label>
            <select id={secondId} value={b.id} onChange={(e) => setSecond(e.target.value)}>
              {saved.map((r) => (
                <option key={r.id} value={r.id}>
                  {kit.title(r)}
                </option>
              ))}
            </select>
          </div>
          <p className="muted">
            {compared.filter((r) => r.change === 'status').length} rows differ in status,{' '}
            {compared.filter((r) => r.change === 'details').length} in details only.
          </p>
          <div className="rc-table-wrap">
            <table className="rc-table rc-compare" aria-label="Comparison of two reports">
              <thead>
                <tr>
                  <th scope="col">Feature</th>
                  <th scope="col">{kit.title(a)}</th>
                  <th scope="col">{kit.title(b)}</th>
                  <th scope="col">Difference</th>
                </tr>
              </thead>
              <tbody>
                {compared.map((row) => (
                  <tr
                    key={row.id}
                    className={row.change === 'same' ? '' : `rc-change rc-change-${row.change}`}
                  >
                    <th scope="row">{row.feature}</th>
                    <td>{row.a ? kit.resultText(row.a) : '—'}</td>
                    <td>{row.b ? kit.resultText(row.b) : '—'}</td>
                    <td>
                      {row.change !== 'same' && <span aria-hidden="true">≠ </span>}
                      {CHANGE_TEXT[row.change]}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
