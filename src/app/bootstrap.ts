/**
 * Wires the connection's events to the stores, restores what the user had, and on a first
 * visit connects to the page's own broker and subscribes to the demo topics.
 */
import { getRuntime } from './runtime';
import { useConnectionStore, wantsAutoConnect } from '../stores/connection-store';
import { loadStoredSubscriptions, useSubscriptionsStore } from '../stores/subscriptions-store';
import { useSettingsStore } from '../stores/settings-store';

export const DEMO_FILTER = 'demo/#';
let started = false;

export function bootstrap(): void {
  if (started) return;
  started = true;
  const { connection, ingest } = getRuntime();
  connection.on('status', (event) => {
    if (event.phase === 'connecting' || event.phase === 'reconnecting') {
      useSubscriptionsStore.getState().markPending();
    }
    useConnectionStore.getState().applyStatus(event);
  });
  connection.on('suback', (event) => useSubscriptionsStore.getState().applySuback(event));
  useSettingsStore.subscribe((state, previous) => {
    if (state.limits !== previous.limits) ingest.setLimits(state.limits);
  });

  const subscriptions = useSubscriptionsStore.getState();
  const stored = loadStoredSubscriptions();
  const brokerParam = new URLSearchParams(window.location.search).get('broker');
  if (stored) {
    for (const s of stored) {
      subscriptions.subscribe(s.filter, s.options);
      if (s.muted) subscriptions.toggleMute(s.filter);
    }
  } else if (!brokerParam) {
    // A first visit on the page's own broker: show the demo plant at once.
    subscriptions.subscribe(DEMO_FILTER, { qos: 0 });
  }

  const connectionStore = useConnectionStore.getState();
  if (brokerParam) {
    connectionStore.updateForm({ url: brokerParam });
    return;
  }
  if (wantsAutoConnect()) connectionStore.connect();
}
