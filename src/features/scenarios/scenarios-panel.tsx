import { useState } from 'react';
import { ScenarioCard } from './scenario-card';
import { SCENARIOS } from '../../services/scenarios/scenarios';

export function ScenariosPanel() {
  const [open, setOpen] = useState(true);
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
          <div className="scenario-grid">
            {SCENARIOS.map((scenario) => (
              <ScenarioCard key={scenario.id} scenario={scenario} />
            ))}
          </div>
        </>
      )}
    </section>
  );
}
