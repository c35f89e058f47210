/**
 * An in-memory broker for the scenario tests, for what the real broker of the tests (aedes 2)
 * cannot show: shared subscriptions that really split a topic's messages, and brokers that get
 * something wrong (losses, duplicates, a will never published, No Local ignored, …), each
 * behind one small switch. By default it behaves as the spec says for the scenarios' part of
 * MQTT: plain, wildcard and `$share/<group>/<filter>` subscriptions (one member per message in
 * turn), retained messages with Retain Handling, No Local, persistent sessions that queue
 * QoS 1/2 messages (dropping expired ones), wills with their delay, and the sender's publish
 * handshake in the packet capture. It speaks the scenario's part of a Connection.
 */
import { topicMatchesFilter } from '../domain/topic-filter';
import type { ConnectionEvents } from '../mqtt/connection';
import type {
  ConnectRequest,
  MessageProperties,
  PacketRecord,
  PublishOptions,
  QoS,
  SubscribeOptions,
} from '../domain/mqtt-types';
import type { PublishResultEvent } from '../mqtt/worker-protocol';
import type { ScenarioConnection } from '../services/scenarios/scenario-types';

export interface FakeBrokerOptions {
  /** Simulated ms per real ms, matching a test's fast scenario clock (will delay, expiry). */
  speed?: number;
  /** 'split' as the spec says; 'plain' every member gets everything; 'none' nobody gets anything. */
  sharedSubscriptions?: 'split' | 'plain' | 'none';
  /** 'none': nothing survives a disconnect; 'no-queue': subscriptions do, queued messages not. */
  sessions?: 'keep' | 'none' | 'no-queue';
  /** 'none': retain flags ignored; 'never-clear': an empty retained message clears nothing. */
  retained?: 'keep' | 'none' | 'never-clear';
  /** 'ignore-delay': a will goes out as soon as its client vanished. */
  wills?: 'publish' | 'never' | 'ignore-delay';
  /** 'hash-skips-parent': a/# misses a; 'dollar-too': # also matches $SYS topics. */
  wildcards?: 'spec' | 'hash-skips-parent' | 'dollar-too';
  ignoreNoLocal?: boolean;
  ignoreRetainHandling?: boolean;
  ignoreMessageExpiry?: boolean;
  /** Properties left off every message the broker forwards. */
  stripProperties?: Array<keyof MessageProperties>;
  /** Messages the broker drops as they arrive (never retained, queued or forwarded). */
  lose?: (message: { topic: string; text: string }) => boolean;
  /** Messages the broker forwards twice to each receiver. */
  duplicate?: (message: { topic: string; text: string }) => boolean;
  /** false: the sender's packet capture shows nothing. */
  packetCapture?: boolean;
}

interface Message {
  topic: string;
  payload: Uint8Array;
  qos: QoS;
  retain: boolean;
  properties?: MessageProperties;
  from?: FakeConnection;
  /** Broker clock at arrival. */
  at: number;
}

interface Session {
  subscriptions: Map<string, SubscribeOptions>;
  queue: Message[];
}

const SHARED = /^\$share\/([^/]+)\/(.+)$/;
const text = (payload: Uint8Array) => new TextDecoder().decode(payload);

export class FakeBroker {
  private readonly online = new Set<FakeConnection>();
  private readonly sessions = new Map<string, Session>();
  private readonly retained = new Map<string, Message>();
  private readonly turns = new Map<string, number>();
  private readonly o: Required<Omit<FakeBrokerOptions, 'lose' | 'duplicate'>> &
    Pick<FakeBrokerOptions, 'lose' | 'duplicate'>;

  constructor(options: FakeBrokerOptions = {}) {
    this.o = {
      speed: 1,
      sharedSubscriptions: 'split',
      sessions: 'keep',
      retained: 'keep',
      wills: 'publish',
      wildcards: 'spec',
      ignoreNoLocal: false,
      ignoreRetainHandling: false,
      ignoreMessageExpiry: false,
      stripProperties: [],
      packetCapture: true,
      ...options,
    };
  }

  get options() {
    return this.o;
  }

  createConnection = (): ScenarioConnection => new FakeConnection(this);

  /** The broker's clock: real time × speed (a test's scenario clock must be the same). */
  now(): number {
    return Date.now() * this.o.speed;
  }

  /** Opens a client's session; true when an earlier one was resumed. */
  open(connection: FakeConnection, request: ConnectRequest): boolean {
    const earlier = this.sessions.get(request.clientId);
    this.sessions.delete(request.clientId);
    this.online.add(connection);
    const resumed = !request.clean && earlier !== undefined;
    if (resumed) {
      for (const [filter, options] of earlier.subscriptions)
        connection.subscriptions.set(filter, options);
      for (const message of earlier.queue) {
        const waitedSec = Math.floor((this.now() - message.at) / 1000);
        const expiry = message.properties?.messageExpirySec;
        if (expiry === undefined) connection.deliver(message, message.qos, false);
        else if (waitedSec < expiry || this.o.ignoreMessageExpiry)
          connection.deliver(
            {
              ...message,
              properties: { ...message.properties, messageExpirySec: expiry - waitedSec },
            },
            message.qos,
            false,
          );
      }
    }
    const clients = new TextEncoder().encode(String(this.online.size));
    this.publish({ topic: '$SYS/fake/clients/connected', payload: clients, qos: 0, retain: false });
    return resumed;
  }

  close(connection: FakeConnection, request: ConnectRequest, vanished: boolean): void {
    if (!this.online.delete(connection)) return;
    const persistent =
      !request.clean && (request.protocolVersion === 4 || (request.sessionExpirySec ?? 0) > 0);
    if (persistent && this.o.sessions !== 'none')
      this.sessions.set(request.clientId, { subscriptions: connection.subscriptions, queue: [] });
    const will = request.will;
    if (!vanished || !will || this.o.wills === 'never') return;
    const delayMs = this.o.wills === 'ignore-delay' ? 0 : (will.delaySec ?? 0) * 1000;
    setTimeout(
      () =>
        this.publish({
          topic: will.topic,
          payload: new TextEncoder().encode(will.payload),
          qos: will.qos,
          retain: will.retain,
        }),
      delayMs / this.o.speed,
    );
  }

  matches(filter: string, topic: string): boolean {
    if (this.o.wildcards === 'dollar-too' && filter === '#') return true;
    if (this.o.wildcards === 'hash-skips-parent' && filter === `${topic}/#`) return false;
    return topicMatchesFilter(filter, topic);
  }

  publish(input: Omit<Message, 'at'>): void {
    const message: Message = { ...input, at: this.now() };
    const seen = { topic: message.topic, text: text(message.payload) };
    if (this.o.lose?.(seen)) return;
    if (message.retain && this.o.retained !== 'none') {
      if (message.payload.length > 0) this.retained.set(message.topic, message);
      else if (this.o.retained !== 'never-clear') this.retained.delete(message.topic);
    }
    const times = this.o.duplicate?.(seen) ? 2 : 1;
    const groups = new Map<string, Array<[FakeConnection, SubscribeOptions]>>();
    for (const connection of this.online) {
      for (const [filter, options] of connection.subscriptions) {
        const shared = SHARED.exec(filter);
        if (shared && this.o.sharedSubscriptions === 'none') continue;
        if (!this.matches(shared?.[2] ?? filter, message.topic)) continue;
        if (options.noLocal && message.from === connection && !this.o.ignoreNoLocal) continue;
        if (shared && this.o.sharedSubscriptions === 'split')
          groups.set(filter, [...(groups.get(filter) ?? []), [connection, options]]);
        else for (let i = 0; i < times; i++) connection.deliver(message, options.qos, false);
      }
    }
    for (const [filter, members] of groups) {
      const turn = this.turns.get(filter) ?? 0;
      this.turns.set(filter, turn + 1);
      const [member, options] = members[turn % members.length] ?? [];
      for (let i = 0; i < times; i++) member?.deliver(message, options?.qos ?? 0, false);
    }
    if (this.o.sessions !== 'keep' || message.qos === 0) return;
    for (const session of this.sessions.values())
      for (const [filter, options] of session.subscriptions)
        if (options.qos > 0 && this.matches(filter, message.topic))
          for (let i = 0; i < times; i++)
            session.queue.push({ ...message, qos: Math.min(message.qos, options.qos) as QoS });
  }

  /** The retained messages a new subscription gets, after Retain Handling. */
  sendRetained(
    connection: FakeConnection,
    filter: string,
    options: SubscribeOptions,
    isNew: boolean,
  ): void {
    const handling = this.o.ignoreRetainHandling ? 0 : (options.retainHandling ?? 0);
    if (handling === 2 || (handling === 1 && !isNew) || SHARED.test(filter)) return;
    for (const message of this.retained.values())
      if (this.matches(filter, message.topic)) connection.deliver(message, options.qos, true);
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
  private request: ConnectRequest | undefined;
  private online = false;
  private capture = false;
  private packetId = 0;

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
      this.request = request;
      this.online = true;
      const sessionPresent = this.broker.open(this, request);
      const v5 = request.protocolVersion === 5;
      this.emit('status', {
        type: 'status',
        phase: 'connected',
        reconnectCount: 0,
        connack: {
          sessionPresent,
          sharedSubscriptionAvailable: v5
            ? this.broker.options.sharedSubscriptions !== 'none'
            : undefined,
        },
      });
    }, 0);
  }

  private close(vanished: boolean): void {
    this.online = false;
    if (this.request) this.broker.close(this, this.request, vanished);
  }

  disconnect(): void {
    if (!this.online) return;
    this.close(false);
    this.emit('status', { type: 'status', phase: 'disconnected', reconnectCount: 0 });
  }

  /** Gone without a DISCONNECT: the broker publishes the will. */
  terminate(): void {
    this.close(true);
  }

  subscribe(filter: string, options: SubscribeOptions): void {
    const isNew = !this.subscriptions.has(filter);
    this.subscriptions.set(filter, options);
    setTimeout(() => {
      this.emit('suback', { type: 'suback', filter, reasonCode: options.qos });
      if (this.online) this.broker.sendRetained(this, filter, options, isNew);
    }, 0);
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
        this.capturePublish(topic, payload, options.qos);
        this.broker.publish({
          topic,
          payload,
          qos: options.qos,
          retain: options.retain,
          properties: options.properties,
          from: this,
        });
        resolve({ type: 'publish-result', requestId: 0, ok: true, roundTripMs: 1 });
      }, 0),
    );
  }

  /** The sender's side of the publish handshake, as the worker's packet capture reports it. */
  private capturePublish(topic: string, payload: Uint8Array, qos: QoS): void {
    if (!this.capture || !this.broker.options.packetCapture) return;
    const packetId = qos > 0 ? ++this.packetId : 0;
    const flow: Array<[PacketRecord['direction'], string]> = [['out', 'PUBLISH']];
    if (qos === 1) flow.push(['in', 'PUBACK']);
    if (qos === 2) flow.push(['in', 'PUBREC'], ['out', 'PUBREL'], ['in', 'PUBCOMP']);
    const summary = `topic ${topic} · QoS ${qos} · ${payload.length} B`;
    this.emit('packets', {
      type: 'packets',
      packets: flow.map(([direction, type], i) => ({
        atMs: Date.now(),
        direction,
        type,
        packetId,
        summary: i === 0 ? summary : `packet ${packetId}`,
      })),
      summarized: {},
    });
  }

  deliver(message: Message, subscriptionQos: QoS, retain: boolean): void {
    const payloads = message.payload.slice().buffer;
    const properties = { ...message.properties };
    for (const name of this.broker.options.stripProperties) delete properties[name];
    const qos = Math.min(message.qos, subscriptionQos);
    setTimeout(() => {
      if (!this.online) return;
      this.emit('batch', {
        count: 1,
        topics: [message.topic],
        payloads,
        payloadEnds: new Uint32Array([message.payload.length]),
        flags: new Uint8Array([qos | (retain ? 0b100 : 0)]),
        receivedAtMs: new Float64Array([this.broker.now()]),
        properties: Object.keys(properties).length > 0 ? [[0, properties]] : [],
        droppedInWorker: 0,
      });
    }, 0);
  }

  setPacketCapture(on: boolean): void {
    this.capture = on;
  }
}
