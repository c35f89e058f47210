/**
 * Broker scenarios: each run's clients are their own worker connections to the broker the page
 * is connected to (its URL, credentials and MQTT version). The scenarios' code loads on demand.
 */
import { createConnection } from '../mqtt/connection';
import { useConnectionStore } from '../stores/connection-store';
import type { ScenarioCatalog } from './scenarios/scenario-catalog';
import type { ScenarioEnv } from './scenarios/scenario-types';

/** Scenario clients go to the broker the page uses, with its credentials and MQTT version. */
export function pageScenarioEnv(): ScenarioEnv {
  const { form, active } = useConnectionStore.getState();
  return {
    base: {
      url: (active?.url ?? form.url).trim(),
      username: form.username || undefined,
      password: form.password || undefined,
      protocolVersion: active?.protocolVersion ?? form.protocolVersion,
    },
    createConnection,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    now: () => Date.now(),
    runId: Math.random().toString(36).slice(2, 8),
  };
}

export class ScenarioService {
  private loading: Promise<ScenarioCatalog> | undefined;

  constructor(private readonly env: () => ScenarioEnv = pageScenarioEnv) {}

  /** The scenarios, loaded once (the same promise every time, as React's `use` wants). */
  catalog(): Promise<ScenarioCatalog> {
    this.loading ??= import('./scenarios/scenario-catalog').then((m) => m.createCatalog(this.env));
    return this.loading;
  }
}
