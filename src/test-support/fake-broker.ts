/**
 * An in-memory MQTT broker and Connection look-alike for the scenario tests: routing with
 * wildcards, retained messages, persistent sessions with queues and expiry, wills (with delay),
 * No Local, Retain Handling and, when enabled, shared subscriptions. Virtual time runs
 * `TIME_SCALE` times faster than the wall clock so the scenarios' waits stay short.
 */
import { topicMatchesFilter } from '../domain/topic-filter';
import type { ConnectionEvents } from '../mqtt/connection';
import type { PacketRecord } from '../domain/mqtt-types';
import type {
  ConnectRequest,
  MessageProperties,
  PublishOptions,
  SubscribeOptions,
} from '../domain/mqtt-types';
import type { PublishResultEvent } from '../mqtt/worker-protocol';
import type { ScenarioConnection } from '../services/scenarios/scenario-types';

const TIME_SCALE = 50;

interface Message {
  topic: string;
  payload: Uint8Array;
  qos: number;
  retain: boolean;
  properties?: MessageProperties;
  fromClientId: string;
  expiresAtMs?: number;
}

interface Session {
  clientId: string;
  subs: Map<string, SubscribeOptions>;
  queue: Message[];
  connection?: FakeConnection;
  expirySec: number;
  persistent: boolean;
}

export class FakeBroker {
  private readonly startReal = performance.now();
  readonly startMs = 1_700_000_000_000;
  private readonly sessions = new Map<string, Session>();
  private readonly retained = new Map<string, Message>();
  private readonly roundRobin = new Map<string, number>();

  constructor(readonly options: { sharedSubscriptions: boolean }) {}

  now = (): number => this.startMs + (performance.now() - this.startReal) * TIME_SCALE;
  sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => setTimeout(resolve, ms / TIME_SCALE));
  later(ms: number, run: () => void): void {
    setTimeout(run, ms / TIME_SCALE);
  }

  createConnection = (): ScenarioConnection => new FakeConnection(this);

  open(connection: FakeConnection, request: ConnectRequest): boolean {
    const existing = this.sessions.get(request.clientId);
    existing?.connection?.drop();
    const persistent =
      request.protocolVersion === 5 ? (request.sessionExpirySec ?? 0) > 0 : !request.clean;
    const keep = existing && !request.clean;
    const session: Session = keep
      ? existing
      : { clientId: request.clientId, subs: new Map(), queue: [], expirySec: 0, persistent };
    session.persistent = persistent;
    session.expirySec = request.sessionExpirySec ?? 0;
    session.connection = connection;
    this.sessions.set(request.clientId, session);
    this.routeSys(`$SYS/broker/clients/new`, request.clientId);
    return !!keep;
  }

  flushQueue(clientId: string): void {
    const session = this.sessions.get(clientId);
    if (!session?.connection) return;
    const queue = session.queue.splice(0);
    for (const m of queue) {
      if (m.expiresAtMs !== undefined && m.expiresAtMs <= this.now()) continue;
      session.connection.deliver(m, this.now());
    }
  }

  close(clientId: string, connection: FakeConnection): void {
    const session = this.sessions.get(clientId);
    if (!session || session.connection !== connection) return;
    session.connection = undefined;
    if (!session.persistent) this.sessions.delete(clientId);
  }

  subscribe(clientId: string, filter: string, options: SubscribeOptions): number {
    const session = this.sessions.get(clientId);
    if (!session) return 0x80;
    if (filter.startsWith('$share/') && !this.options.sharedSubscriptions) return 0x9e;
    const isNew = !session.subs.has(filter);
    session.subs.set(filter, options);
    const rh = options.retainHandling ?? 0;
    if (!filter.startsWith('$share/') && (rh === 0 || (rh === 1 && isNew)))
      for (const m of this.retained.values())
        if (topicMatchesFilter(filter, m.topic))
          session.connection?.deliver({ ...m, retain: true }, this.now());
    return options.qos;
  }

  unsubscribe(clientId: string, filter: string): void {
    this.sessions.get(clientId)?.subs.delete(filter);
  }

  publish(message: Message): void {
    if (message.properties?.messageExpirySec !== undefined)
      message.expiresAtMs = this.now() + message.properties.messageExpirySec * 1000;
    if (message.retain) {
      if (message.payload.length === 0) this.retained.delete(message.topic);
      else this.retained.set(message.topic, message);
    }
    const groups = new Map<string, Session[]>();
    for (const session of this.sessions.values()) {
      for (const [filter, options] of session.subs) {
        const shared = /^\$share\/([^/]+)\/(.*)$/.exec(filter);
        const inner = shared?.[2] ?? filter;
        if (!topicMatchesFilter(inner, message.topic)) continue;
        if (options.noLocal && session.clientId === message.fromClientId) continue;
        if (shared) {
          const key = `${shared[1]}|${inner}`;
          groups.set(key, [...(groups.get(key) ?? []), session]);
          continue;
        }
        this.send(session, { ...message, retain: false });
        break;
      }
    }
    for (const [key, members] of groups) {
      const next = this.roundRobin.get(key) ?? 0;
      this.roundRobin.set(key, next + 1);
      const member = members[next % members.length];
      if (member) this.send(member, { ...message, retain: false });
    }
  }

  private send(session: Session, message: Message): void {
    if (session.connection) session.connection.deliver(message, this.now());
    else if (session.persistent && message.qos > 0) session.queue.push(message);
  }

  private routeSys(topic: string, text: string): void {
    for (const session of this.sessions.values())
      for (const filter of session.subs.keys())
        if (topicMatchesFilter(filter, topic))
          session.connection?.deliver(
            {
              topic,
              payload: new TextEncoder().encode(text),
              qos: 0,
              retain: false,
              fromClientId: '',
            },
            this.now(),
          );
  }
}

class FakeConnection implements ScenarioConnection {
  private readonly listeners: { [K in keyof ConnectionEvents]: Set<ConnectionEvents[K]> } = {
    status: new Set(),
    suback: new Set(),
    batch: new Set(),
    packets: new Set(),
  };
  private request: ConnectRequest | undefined;
  private online = false;
  private capture = false;
  private nextPacketId = 1;

  constructor(private readonly broker: FakeBroker) {}

  private emit<K extends keyof ConnectionEvents>(
    name: K,
    ...args: Parameters<ConnectionEvents[K]>
  ): void {
    for (const listener of this.listeners[name])
      (listener as (...a: Parameters<ConnectionEvents[K]>) => void)(...args);
  }

  private packet(direction: 'in' | 'out', type: string, packetId?: number, summary = ''): void {
    if (!this.capture) return;
    const record: PacketRecord = { atMs: this.broker.now(), direction, type, packetId, summary };
    queueMicrotask(() =>
      this.emit('packets', { type: 'packets', packets: [record], summarized: {} }),
    );
  }

  on<K extends keyof ConnectionEvents>(name: K, listener: ConnectionEvents[K]): () => void {
    const set = this.listeners[name] as Set<ConnectionEvents[K]>;
    set.add(listener);
    return () => set.delete(listener);
  }

  connect(request: ConnectRequest): void {
    this.request = request;
    this.packet('out', 'CONNECT');
    queueMicrotask(() => {
      const sessionPresent = this.broker.open(this, request);
      this.online = true;
      this.packet('in', 'CONNACK');
      this.emit('status', {
        type: 'status',
        phase: 'connected',
        reconnectCount: 0,
        connack: {
          sessionPresent,
          sharedSubscriptionAvailable:
            request.protocolVersion === 5 ? this.broker.options.sharedSubscriptions : undefined,
        },
      });
      setTimeout(() => this.broker.flushQueue(request.clientId), 0);
    });
  }

  disconnect(): void {
    if (!this.online || !this.request) return;
    this.packet('out', 'DISCONNECT');
    this.online = false;
    this.broker.close(this.request.clientId, this);
    this.emit('status', { type: 'status', phase: 'disconnected', reconnectCount: 0 });
  }

  /** Taken over by a newer connection with the same client ID. */
  drop(): void {
    this.online = false;
  }

  terminate(): void {
    if (!this.online || !this.request) return;
    this.online = false;
    const request = this.request;
    this.broker.close(request.clientId, this);
    const will = request.will;
    if (!will) return;
    const publishWill = () =>
      this.broker.publish({
        topic: will.topic,
        payload: new TextEncoder().encode(will.payload),
        qos: will.qos,
        retain: will.retain,
        fromClientId: request.clientId,
      });
    const delaySec = request.protocolVersion === 5 ? (will.delaySec ?? 0) : 0;
    this.broker.later(delaySec * 1000, publishWill);
  }

  subscribe(filter: string, options: SubscribeOptions): void {
    const clientId = this.request?.clientId ?? '';
    this.packet('out', 'SUBSCRIBE', this.nextPacketId, filter);
    setTimeout(() => {
      const reasonCode = this.broker.subscribe(clientId, filter, options);
      this.packet('in', 'SUBACK');
      this.emit('suback', { type: 'suback', filter, reasonCode });
    }, 0);
  }

  unsubscribe(filter: string): void {
    this.broker.unsubscribe(this.request?.clientId ?? '', filter);
  }

  publish(
    topic: string,
    payload: Uint8Array,
    options: PublishOptions,
  ): Promise<PublishResultEvent> {
    const id = options.qos > 0 ? this.nextPacketId++ : undefined;
    this.packet('out', 'PUBLISH', id, `topic ${topic} · QoS ${options.qos}`);
    if (options.qos === 1) this.packet('in', 'PUBACK', id);
    if (options.qos === 2) {
      this.packet('in', 'PUBREC', id);
      this.packet('out', 'PUBREL', id);
      this.packet('in', 'PUBCOMP', id);
    }
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
        this.broker.publish({
          topic,
          payload,
          qos: options.qos,
          retain: options.retain,
          properties: this.request?.protocolVersion === 5 ? options.properties : undefined,
          fromClientId: this.request?.clientId ?? '',
        });
        resolve({ type: 'publish-result', requestId: 0, ok: true, roundTripMs: 1 });
      }, 0),
    );
  }

  deliver(message: Message, nowMs: number): void {
    if (!this.online) return;
    const properties =
      this.request?.protocolVersion === 5 && message.properties
        ? {
            ...message.properties,
            messageExpirySec:
              message.expiresAtMs !== undefined
                ? Math.ceil((message.expiresAtMs - nowMs) / 1000)
                : undefined,
          }
        : undefined;
    const payloads = message.payload.slice().buffer;
    setTimeout(() => {
      if (!this.online) return;
      this.emit('batch', {
        count: 1,
        topics: [message.topic],
        payloads,
        payloadEnds: new Uint32Array([message.payload.length]),
        flags: new Uint8Array([(message.qos & 0b11) | (message.retain ? 0b100 : 0)]),
        receivedAtMs: new Float64Array([nowMs]),
        properties: properties ? [[0, properties]] : [],
        droppedInWorker: 0,
      });
    }, 0);
  }

  setPacketCapture(enabled: boolean): void {
    this.capture = enabled;
  }
}
