import { createConnection } from '../../mqtt/connection';
import { useConnectionStore } from '../../stores/connection-store';
import type { ScenarioEnv } from './scenario-types';

/** Scenario clients go to the broker the page uses, with its credentials and MQTT version. */
export function pageScenarioEnv(): ScenarioEnv {
  const { form, activeUrl } = useConnectionStore.getState();
  return {
    base: {
      url: (activeUrl ?? form.url).trim(),
      username: form.username || undefined,
      password: form.password || undefined,
      protocolVersion: form.protocolVersion,
    },
    createConnection,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    now: () => Date.now(),
    runId: Math.random().toString(36).slice(2, 8),
  };
}
