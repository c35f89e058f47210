/**
 * The composition root's start: creates the MQTT worker and the services once, restores what
 * the user had, and on a first visit connects to the page's own broker and subscribes to the
 * demo topics (and to the Redis bridge's, where the server has one).
 */
import { createConnection } from '../mqtt/connection';
import { createServices, type Services } from '../services/services';
import { SubscriptionRegistry } from '../services/subscription-registry';
import { useConnectionStore, wantsAutoConnect } from '../stores/connection-store';
import { withUrlCredentialsMoved } from '../domain/connection-form';
import { fitVersionToOwnBroker } from './own-broker-version';
import { subscribeWhenRedisBridged } from './redis-topics';

export const DEMO_FILTER = 'demo/#';
/** The demo plant's Sparkplug B edge node publishes in the Sparkplug namespace. */
export const SPARKPLUG_DEMO_FILTER = 'spBv1.0/#';

export function bootstrap(): Services {
  const services = createServices(createConnection());
  services.live.start();
  services.charts.start();

  const stored = SubscriptionRegistry.loadStored();
  const brokerParam = new URLSearchParams(window.location.search).get('broker');
  if (stored) {
    services.subscriptions.restore(stored);
  } else if (!brokerParam) {
    // A first visit on the page's own broker: show the demo plant at once.
    services.subscriptions.subscribe(DEMO_FILTER, { qos: 0 });
    services.subscriptions.subscribe(SPARKPLUG_DEMO_FILTER, { qos: 0 });
    void subscribeWhenRedisBridged((filter) =>
      services.subscriptions.subscribe(filter, { qos: 0 }),
    );
  }

  if (brokerParam) {
    // A link may carry "user:password@": they go to their own fields, never into the saved URL.
    const store = useConnectionStore.getState();
    const moved = withUrlCredentialsMoved({ ...store.form, url: brokerParam });
    store.updateForm({ url: moved.url, username: moved.username, password: moved.password });
  } else if (wantsAutoConnect()) {
    // The page's own broker may speak only MQTT 3.1.1 (RabbitMQ): the server says so first.
    void fitVersionToOwnBroker().finally(() => services.connection.connect());
  }
  return services;
}
