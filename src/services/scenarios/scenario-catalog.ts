/** The scenarios and how to run one; loaded on demand, with the Scenarios panel. */
import { runScenario } from './scenario-runner';
import { SCENARIOS } from './scenarios';
import type { ScenarioDefinition, ScenarioEnv, ScenarioRunState } from './scenario-types';

export interface ScenarioCatalog {
  readonly definitions: readonly ScenarioDefinition[];
  /** Runs one scenario against the page's broker; `onUpdate` sees every change. */
  run(
    definition: ScenarioDefinition,
    onUpdate: (state: ScenarioRunState) => void,
    signal?: AbortSignal,
  ): Promise<ScenarioRunState>;
}

export function createCatalog(env: () => ScenarioEnv): ScenarioCatalog {
  return {
    definitions: SCENARIOS,
    run: (definition, onUpdate, signal) => runScenario(definition, env(), onUpdate, signal),
  };
}
