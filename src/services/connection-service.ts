/**
 * Connect and disconnect: checks the form in full (the same checks the user reads), opens the
 * worker's connection with the request built from it, and reports the worker's status to the
 * connection store.
 */
import { toConnectRequest, validateConnectionForm } from '../domain/connection-form';
import type { Connection } from '../mqtt/connection';
import { rememberAutoConnect, useConnectionStore } from '../stores/connection-store';
import type { SubscriptionRegistry } from './subscription-registry';

export class ConnectionService {
  constructor(
    private readonly connection: Connection,
    subscriptions: SubscriptionRegistry,
    private readonly pageProtocol: string = window.location.protocol,
  ) {
    connection.on('status', (event) => {
      if (event.phase === 'connecting' || event.phase === 'reconnecting') {
        subscriptions.markPending();
      }
      useConnectionStore.getState().applyStatus(event);
      // The registry owns the list; the worker keeps none, so each (re)connect re-applies it.
      if (event.phase === 'connected') subscriptions.resubscribeAll();
    });
    connection.on('suback', (event) => subscriptions.applySuback(event));
  }

  /** Connects with the form as it is; a problem with the form is shown, and nothing is sent. */
  connect(): boolean {
    const store = useConnectionStore.getState();
    const problem = validateConnectionForm(store.form, this.pageProtocol);
    if (problem) {
      store.setFormError(problem);
      return false;
    }
    const request = toConnectRequest(store.form);
    rememberAutoConnect(true);
    store.beginAttempt({
      url: request.url,
      username: request.username,
      protocolVersion: request.protocolVersion,
    });
    this.connection.connect(request);
    return true;
  }

  disconnect(): void {
    rememberAutoConnect(false);
    this.connection.disconnect();
    useConnectionStore.getState().applyStatus({
      phase: 'disconnected',
      reconnectCount: useConnectionStore.getState().reconnectCount,
    });
  }

  /** Closes and opens again with the same form (e.g. to capture the handshake). */
  reconnect(): void {
    this.disconnect();
    this.connect();
  }
}
