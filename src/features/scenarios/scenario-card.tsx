import { useEffect, useId, useRef, useState } from 'react';
import { formatPacketTime } from '../../domain/scenario-packets';
import { visibleText } from '../../domain/visible-text';
import type { ScenarioCatalog } from '../../services/scenarios/scenario-catalog';
import type {
  ScenarioDefinition,
  ScenarioRunState,
  StepStatus,
} from '../../services/scenarios/scenario-types';

const STATUS_TEXT: Record<StepStatus, string> = {
  running: 'running',
  done: 'done',
  failed: 'failed',
  skipped: 'skipped',
};
const STATUS_MARK: Record<StepStatus, string> = {
  running: '…',
  done: '✓',
  failed: '✗',
  skipped: '–',
};

/** Moves focus to a region of the app, so a person can try the feature by hand. */
function goToRegion(name: string): void {
  const region = document.querySelector<HTMLElement>(`section[aria-label="${name}"]`);
  if (!region) return;
  region.scrollIntoView({ behavior: 'smooth', block: 'start' });
  region.querySelector<HTMLElement>('input, select, textarea, button')?.focus({
    preventScroll: true,
  });
}

export function ScenarioCard({
  scenario,
  catalog,
}: {
  scenario: ScenarioDefinition;
  catalog: ScenarioCatalog;
}) {
  const headingId = useId();
  const [state, setState] = useState<ScenarioRunState | undefined>(undefined);
  const abortRef = useRef<AbortController | null>(null);
  const running = state?.running ?? false;

  // Leaving the page section (or the page) stops a run and ends its clients.
  useEffect(() => () => abortRef.current?.abort(), []);

  const run = () => {
    const controller = new AbortController();
    abortRef.current = controller;
    void catalog.run(scenario, setState, controller.signal).finally(() => {
      if (abortRef.current === controller) abortRef.current = null;
    });
  };

  const outcome = state?.outcome;
  return (
    <article className="scenario" aria-labelledby={headingId}>
      <h3 id={headingId}>{scenario.name}</h3>
      {scenario.explanation.map((paragraph) => (
        <p key={paragraph.slice(0, 40)} className="scenario-text">
          {paragraph}
        </p>
      ))}
      <div className="toolbar">
        <button type="button" className="primary" disabled={running} onClick={run}>
          Run {scenario.name}
        </button>
        {running && (
          <button
            type="button"
            aria-label={`Stop ${scenario.name}`}
            onClick={() => abortRef.current?.abort()}
          >
            Stop
          </button>
        )}
        <button
          type="button"
          className="link-button"
          onClick={() => goToRegion(scenario.tryIt.region)}
        >
          Try it in {scenario.tryIt.region}
        </button>
      </div>
      <p className="muted small-note">{scenario.tryIt.text}</p>
      {state && (
        <>
          <p className="muted small-note">
            Topics under <code>{state.topicPrefix}/</code>; its own clients (IDs starting{' '}
            <code>bs-scn-</code>) are closed at the end.
          </p>
          <ol className="scenario-steps" aria-label={`${scenario.name} steps`}>
            {state.steps.map((step, i) => (
              <li key={i} className={`step step-${step.status}`}>
                <span aria-hidden="true" className="step-mark">
                  {STATUS_MARK[step.status]}
                </span>{' '}
                {step.label} <span className="muted">({STATUS_TEXT[step.status]})</span>
                {step.detail && <span className="step-detail">: {visibleText(step.detail)}</span>}
              </li>
            ))}
          </ol>
          {state.packets.length > 0 && (
            <details className="scenario-packets" open>
              <summary>
                Packets that matter ({state.packets.length}
                {state.packetsLeftOut > 0 ? `, ${state.packetsLeftOut} more not listed` : ''})
              </summary>
              <ol aria-label={`${scenario.name} packets`}>
                {state.packets.map((p, i) => (
                  <li key={i} className="mono">
                    {formatPacketTime(p.atMs)} {p.client} {p.direction === 'out' ? '→' : '←'}{' '}
                    <strong>{p.type}</strong>
                    {p.packetId ? ` #${p.packetId}` : ''} {visibleText(p.summary)}
                  </li>
                ))}
              </ol>
            </details>
          )}
        </>
      )}
      <p
        role="status"
        aria-label={`${scenario.name} outcome`}
        className={`scenario-outcome${outcome ? ` outcome-${outcome.kind}` : ''}`}
      >
        {outcome ? visibleText(outcome.text) : running ? 'Running…' : ''}
      </p>
    </article>
  );
}
