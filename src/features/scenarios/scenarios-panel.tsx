import { Suspense, use, useId, useMemo, useRef, useState } from 'react';
import { useServices } from '../../hooks/services-context';
import type { ScenarioCatalog } from '../../services/scenarios/scenario-catalog';
import type { ScenarioDefinition } from '../../services/scenarios/scenario-types';
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
      {catalog.definitions.map((scenario) =>
        scenario.input ? (
          <ScenarioWithInput key={scenario.id} scenario={scenario} catalog={catalog} />
        ) : (
          <ScenarioCard key={scenario.id} scenario={scenario} catalog={catalog} />
        ),
      )}
    </div>
  );
}

/** A scenario that needs a value from the person (e.g. a refused topic): its field, then its card. */
function ScenarioWithInput({
  scenario,
  catalog,
}: {
  scenario: ScenarioDefinition;
  catalog: ScenarioCatalog;
}) {
  const id = useId();
  const [value, setValue] = useState('');
  const valueRef = useRef(value);
  valueRef.current = value;
  const input = scenario.input;
  const withParams = useMemo<ScenarioCatalog>(
    () => ({
      ...catalog,
      run: (definition, onUpdate, signal) =>
        catalog.run(
          definition,
          onUpdate,
          signal,
          input ? { [input.key]: valueRef.current } : undefined,
        ),
    }),
    [catalog, input],
  );
  if (!input) return null;
  return (
    <div className="scenario-with-input">
      <div className="scenario-input">
        <label htmlFor={id}>{input.label}</label>
        <input
          id={id}
          type="text"
          value={value}
          placeholder={input.placeholder}
          spellCheck={false}
          onChange={(event) => setValue(event.target.value)}
        />
      </div>
      <ScenarioCard scenario={scenario} catalog={withParams} />
    </div>
  );
}
