import { Suspense, use, useState } from 'react';
import { useServices } from '../../hooks/services-context';
import type { ScenarioCatalog } from '../../services/scenarios/scenario-catalog';
import { ScenarioCard } from './scenario-card';

export function ScenariosPanel() {
  const [open, setOpen] = useState(true);
  const { scenarios } = useServices();
  return (
    <section className="panel" aria-label="Scenarios">
      <div className="panel-head">
        <h2>Scenarios</h2>
        <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? 'Hide scenarios' : 'Show scenarios'}
        </button>
      </div>
      {open && (
        <>
          <p className="muted">
            Small, honest experiments against the broker you are connected to. Each one starts a few
            short-lived clients of its own (labelled Producer, Consumer, …), shows its steps and
            packets as they happen, closes its clients, and says in plain words what the broker did
            — or that the broker does not support the feature.
          </p>
          <Suspense fallback={<p className="muted">Loading scenarios…</p>}>
            <ScenarioGrid loading={scenarios.catalog()} />
          </Suspense>
        </>
      )}
    </section>
  );
}

function ScenarioGrid({ loading }: { loading: Promise<ScenarioCatalog> }) {
  const catalog = use(loading);
  return (
    <div className="scenario-grid">
      {catalog.definitions.map((scenario) => (
        <ScenarioCard key={scenario.id} scenario={scenario} catalog={catalog} />
      ))}
    </div>
  );
}
