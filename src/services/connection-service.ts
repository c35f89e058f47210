/**
 * Connect and disconnect: checks the form in full (the same checks the user reads), opens the
 * worker's connection with the request built from it, and reports the worker's status to the
 * connection store.
 */
import { brokerLabel, toConnectRequest, validateConnectionForm } from '../domain/connection-form';
import type { Connection } from '../mqtt/connection';
import { rememberAutoConnect, useConnectionStore } from '../stores/connection-store';
import { useSettingsStore } from '../stores/settings-store';
import type { ClearedData, DataSwitch } from './data-switch';
import type { SubscriptionRegistry } from './subscription-registry';

/** How long "Cleared data from … — Undo" stays. */
export const CLEARED_NOTICE_MS = 15_000;

export class ConnectionService {
  /** The broker of the connection asked for, until the worker says it is being opened. */
  private pendingSource: string | undefined;
  private cleared: ClearedData | undefined;
  private noticeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly connection: Connection,
    subscriptions: SubscriptionRegistry,
    private readonly dataSwitch: DataSwitch,
    private readonly pageProtocol: string = window.location.protocol,
  ) {
    connection.on('status', (event) => {
      // Every batch of the old connection came before this event (the worker posts in order),
      // so what follows is the new broker's.
      if (event.phase === 'connecting' && this.pendingSource !== undefined) {
        this.switchTo(this.pendingSource);
        this.pendingSource = undefined;
      }
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
    this.pendingSource = brokerLabel(request.url, request.username);
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

  /** Brings back the data cleared by the last switch of brokers, marked with its broker. */
  undoClear(): void {
    this.cleared?.undo();
    this.dismissNotice();
  }

  dismissNotice(): void {
    clearTimeout(this.noticeTimer);
    this.cleared = undefined;
    useConnectionStore.getState().setClearedNotice(undefined);
  }

  private switchTo(source: string): void {
    const keep = useSettingsStore.getState().keepDataAcrossConnections;
    const cleared = this.dataSwitch.begin(source, keep);
    if (!cleared) return;
    this.dismissNotice();
    this.cleared = cleared;
    useConnectionStore.getState().setClearedNotice({ from: cleared.from });
    this.noticeTimer = setTimeout(() => this.dismissNotice(), CLEARED_NOTICE_MS);
  }

  /** Closes and opens again with the same form (e.g. to capture the handshake). */
  reconnect(): void {
    this.disconnect();
    this.connect();
  }
}
