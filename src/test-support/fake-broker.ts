/**
 * An in-memory stand-in for what the real broker of the tests (aedes 2) cannot show: shared
 * subscriptions actually splitting a topic's messages over a group (aedes has none; its CONNACK
 * says so). It routes QoS 0/1 messages to plain and `$share/<group>/<filter>` subscriptions,
 * one group member per message in turn, and speaks the scenario's part of a Connection.
 * Nothing else a broker does is here (no retained messages, sessions, wills or packet capture).
 */
import { topicMatchesFilter } from '../domain/topic-filter';
import type { ConnectionEvents } from '../mqtt/connection';
import type { ConnectRequest, PublishOptions, SubscribeOptions } from '../domain/mqtt-types';
import type { PublishResultEvent } from '../mqtt/worker-protocol';
import type { ScenarioConnection } from '../services/scenarios/scenario-types';

interface Message {
  topic: string;
  payload: Uint8Array;
  qos: number;
}

const SHARED = /^\$share\/([^/]+)\/(.+)$/;

export class FakeBroker {
  private readonly online = new Set<FakeConnection>();
  private readonly turns = new Map<string, number>();

  createConnection = (): ScenarioConnection => new FakeConnection(this);

  open(connection: FakeConnection): void {
    this.online.add(connection);
  }

  close(connection: FakeConnection): void {
    this.online.delete(connection);
  }

  publish(message: Message): void {
    const groups = new Map<string, FakeConnection[]>();
    for (const connection of this.online) {
      for (const [filter] of connection.subscriptions) {
        const shared = SHARED.exec(filter);
        if (!topicMatchesFilter(shared?.[2] ?? filter, message.topic)) continue;
        if (!shared) connection.deliver(message);
        else groups.set(filter, [...(groups.get(filter) ?? []), connection]);
      }
    }
    for (const [filter, members] of groups) {
      const turn = this.turns.get(filter) ?? 0;
      this.turns.set(filter, turn + 1);
      members[turn % members.length]?.deliver(message);
    }
  }
}

class FakeConnection implements ScenarioConnection {
  private readonly listeners: { [K in keyof ConnectionEvents]: Set<ConnectionEvents[K]> } = {
    status: new Set(),
    suback: new Set(),
    batch: new Set(),
    packets: new Set(),
  };
  readonly subscriptions = new Map<string, SubscribeOptions>();
  private online = false;

  constructor(private readonly broker: FakeBroker) {}

  private emit<K extends keyof ConnectionEvents>(
    name: K,
    ...args: Parameters<ConnectionEvents[K]>
  ): void {
    for (const listener of this.listeners[name])
      (listener as (...a: Parameters<ConnectionEvents[K]>) => void)(...args);
  }

  on<K extends keyof ConnectionEvents>(name: K, listener: ConnectionEvents[K]): () => void {
    const set = this.listeners[name] as Set<ConnectionEvents[K]>;
    set.add(listener);
    return () => set.delete(listener);
  }

  connect(request: ConnectRequest): void {
    setTimeout(() => {
      this.broker.open(this);
      this.online = true;
      this.emit('status', {
        type: 'status',
        phase: 'connected',
        reconnectCount: 0,
        connack: {
          sessionPresent: false,
          sharedSubscriptionAvailable: request.protocolVersion === 5 ? true : undefined,
        },
      });
    }, 0);
  }

  disconnect(): void {
    if (!this.online) return;
    this.terminate();
    this.emit('status', { type: 'status', phase: 'disconnected', reconnectCount: 0 });
  }

  terminate(): void {
    this.online = false;
    this.broker.close(this);
  }

  subscribe(filter: string, options: SubscribeOptions): void {
    this.subscriptions.set(filter, options);
    setTimeout(() => this.emit('suback', { type: 'suback', filter, reasonCode: options.qos }), 0);
  }

  unsubscribe(filter: string): void {
    this.subscriptions.delete(filter);
  }

  publish(
    topic: string,
    payload: Uint8Array,
    options: PublishOptions,
  ): Promise<PublishResultEvent> {
    return new Promise((resolve) =>
      setTimeout(() => {
        if (!this.online) {
          resolve({
            type: 'publish-result',
            requestId: 0,
            ok: false,
            error: 'offline',
            roundTripMs: 0,
          });
          return;
        }
        this.broker.publish({ topic, payload, qos: options.qos });
        resolve({ type: 'publish-result', requestId: 0, ok: true, roundTripMs: 1 });
      }, 0),
    );
  }

  deliver(message: Message): void {
    const payloads = message.payload.slice().buffer;
    setTimeout(() => {
      if (!this.online) return;
      this.emit('batch', {
        count: 1,
        topics: [message.topic],
        payloads,
        payloadEnds: new Uint32Array([message.payload.length]),
        flags: new Uint8Array([message.qos & 0b11]),
        receivedAtMs: new Float64Array([Date.now()]),
        properties: [],
        droppedInWorker: 0,
      });
    }, 0);
  }

  setPacketCapture(): void {}
}
