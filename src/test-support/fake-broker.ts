/**
 * An in-memory broker for the scenario tests, for what the real broker of the tests (aedes 2)
 * cannot show: shared subscriptions that really split a topic's messages, and brokers that get
 * something wrong (losses, duplicates, a will never published, No Local ignored, …), each
 * behind one small switch. By default it behaves as the spec says for the scenarios' part of
 * MQTT: plain, wildcard and `$share/<group>/<filter>` subscriptions (one member per message in
 * turn), retained messages with Retain Handling, No Local, persistent sessions that queue
 * QoS 1/2 messages (dropping expired ones), wills with their delay, and the sender's publish
 * handshake in the packet capture. It speaks the scenario's part of a Connection, and the raw
 * clients' packet-level link (topic aliases, Receive Maximum, Maximum Packet Size, keepalive,
 * Payload Format Indicator), each again with a switch for a broker that gets it wrong.
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
import type { PublishManyResultEvent, PublishResultEvent } from '../mqtt/worker-protocol';
import type { ScenarioConnection } from '../services/scenarios/scenario-types';
import type { OpenRawLink, RawLink } from '../services/scenarios/raw-client';
import { encodePacket, type RawPacket, type RawVersion } from '../services/scenarios/raw-mqtt';

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
  /** 'no-reason': the old connection is closed without DISCONNECT; 'keep-both': not closed. */
  takeover?: 'spec' | 'no-reason' | 'keep-both';
  /** 'never': silent clients stay; 'no-will': dropped, will not published; 'early': at 0.5 ×. */
  keepalive?: 'spec' | 'never' | 'no-will' | 'early';
  /** Server Keep Alive in the CONNACK (MQTT 5), when set. */
  serverKeepAlive?: number;
  /** Topic Alias Maximum in the CONNACK (default 10; 0 leaves it out). */
  topicAliasMaximum?: number;
  /** 'drop-aliased': a publish by alias alone is acknowledged and lost. */
  topicAliases?: 'spec' | 'drop-aliased';
  /** The broker's Receive Maximum in the CONNACK (default 20). */
  receiveMaximum?: number;
  /** 'ignore': sends subscribers any number of unacknowledged messages. */
  clientReceiveMaximum?: 'honour' | 'ignore';
  /** 'ignore': takes any number of unfinished QoS 2 messages. */
  brokerReceiveMaximum?: 'enforce' | 'ignore';
  /** The broker's Maximum Packet Size in the CONNACK (default 4096; 0 leaves it out). */
  maximumPacketSize?: number;
  /** 'ignore': sends subscribers packets over their Maximum Packet Size. */
  clientMaximumPacketSize?: 'honour' | 'ignore';
  /** 'accept': takes packets over its own Maximum Packet Size. */
  oversize?: 'disconnect' | 'accept';
  /** 'check': refuses invalid UTF-8 marked as UTF-8 (0x99); 'strip': forwards without the indicator; 'drop': acknowledges and loses it. */
  payloadFormat?: 'forward' | 'check' | 'strip' | 'drop';
  /** 'one-copy': overlapping subscriptions give one message with every id; 'first-only': one copy with one id. */
  subscriptionIds?: 'copies' | 'one-copy' | 'first-only' | 'none';
  /** Topics this user may neither subscribe to nor publish to, and how a refusal shows. */
  refuse?: (topic: string) => boolean;
  refusal?: 'codes' | 'silent' | 'disconnect';
}

/** One client of the fake broker: a worker-style connection or a raw link. */
interface Peer {
  readonly subscriptions: Map<string, SubscribeOptions>;
  readonly clientId: string;
  deliver(message: Message, subscriptionQos: QoS, retain: boolean, ids?: number[]): void;
  /** Another connection took over this client ID. */
  takenOver(reasonCode: number | undefined): void;
}

interface Message {
  topic: string;
  payload: Uint8Array;
  qos: QoS;
  retain: boolean;
  properties?: MessageProperties;
  from?: Peer;
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
  private readonly online = new Set<Peer>();
  private readonly sessions = new Map<string, Session>();
  private readonly retained = new Map<string, Message>();
  private readonly turns = new Map<string, number>();
  private readonly o: Required<
    Omit<FakeBrokerOptions, 'lose' | 'duplicate' | 'refuse' | 'serverKeepAlive'>
  > &
    Pick<FakeBrokerOptions, 'lose' | 'duplicate' | 'refuse' | 'serverKeepAlive'>;

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
      takeover: 'spec',
      keepalive: 'spec',
      topicAliasMaximum: 10,
      topicAliases: 'spec',
      receiveMaximum: 20,
      clientReceiveMaximum: 'honour',
      brokerReceiveMaximum: 'enforce',
      maximumPacketSize: 4096,
      clientMaximumPacketSize: 'honour',
      oversize: 'disconnect',
      payloadFormat: 'forward',
      subscriptionIds: 'copies',
      refusal: 'codes',
      ...options,
    };
  }

  /** Raw links to this broker (the scenarios' raw clients). */
  openRawLink: OpenRawLink = (_url, version) => Promise.resolve(new FakeRawLink(this, version));

  /** A new connection with this client ID closes the one already there. */
  takeOver(peer: Peer, version: number): void {
    for (const other of this.online) {
      if (other === peer || other.clientId !== peer.clientId || !peer.clientId) continue;
      if (this.o.takeover === 'keep-both') continue;
      other.takenOver(version === 5 && this.o.takeover === 'spec' ? 0x8e : undefined);
    }
  }

  goOnline(peer: Peer): void {
    this.online.add(peer);
  }

  goOffline(peer: Peer): boolean {
    return this.online.delete(peer);
  }

  publishWill(
    will: { topic: string; payload: Uint8Array; qos: QoS; retain: boolean },
    delaySec = 0,
  ): void {
    if (this.o.wills === 'never') return;
    const delayMs = this.o.wills === 'ignore-delay' ? 0 : delaySec * 1000;
    setTimeout(() => this.publish({ ...will }), delayMs / this.o.speed);
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
    this.takeOver(connection, request.protocolVersion);
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
    if (!vanished || !will) return;
    this.publishWill(
      {
        topic: will.topic,
        payload: new TextEncoder().encode(will.payload),
        qos: will.qos,
        retain: will.retain,
      },
      will.delaySec ?? 0,
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
    const groups = new Map<string, Array<[Peer, SubscribeOptions]>>();
    for (const connection of this.online) {
      const plain: SubscribeOptions[] = [];
      for (const [filter, options] of connection.subscriptions) {
        const shared = SHARED.exec(filter);
        if (shared && this.o.sharedSubscriptions === 'none') continue;
        if (!this.matches(shared?.[2] ?? filter, message.topic)) continue;
        if (options.noLocal && message.from === connection && !this.o.ignoreNoLocal) continue;
        if (shared && this.o.sharedSubscriptions === 'split')
          groups.set(filter, [...(groups.get(filter) ?? []), [connection, options]]);
        else plain.push(options);
      }
      const idOf = (o: SubscribeOptions) =>
        o.subscriptionIdentifier && this.o.subscriptionIds !== 'none'
          ? [o.subscriptionIdentifier]
          : undefined;
      const mode = this.o.subscriptionIds;
      const oneCopy = plain.length > 1 && (mode === 'one-copy' || mode === 'first-only');
      const copies: Array<[QoS, number[] | undefined]> = oneCopy
        ? [
            [
              Math.max(...plain.map((o) => o.qos)) as QoS,
              mode === 'one-copy'
                ? plain.flatMap((o) => idOf(o) ?? [])
                : idOf(plain[plain.length - 1] as SubscribeOptions),
            ],
          ]
        : plain.map((o) => [o.qos, idOf(o)]);
      for (const [qos, ids] of copies)
        for (let i = 0; i < times; i++) connection.deliver(message, qos, false, ids);
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
  sendRetained(connection: Peer, filter: string, options: SubscribeOptions, isNew: boolean): void {
    const handling = this.o.ignoreRetainHandling ? 0 : (options.retainHandling ?? 0);
    if (handling === 2 || (handling === 1 && !isNew) || SHARED.test(filter)) return;
    for (const message of this.retained.values())
      if (this.matches(filter, message.topic)) connection.deliver(message, options.qos, true);
  }
}

class FakeConnection implements ScenarioConnection, Peer {
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

  get clientId(): string {
    return this.request?.clientId ?? '';
  }

  takenOver(reasonCode: number | undefined): void {
    if (!this.online) return;
    this.close(false);
    setTimeout(
      () =>
        this.emit('status', {
          type: 'status',
          phase: 'disconnected',
          reason: 'The broker closed the connection.',
          reasonCode,
          reconnectCount: 0,
        }),
      0,
    );
  }

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
          subscriptionIdentifiersAvailable: v5
            ? this.broker.options.subscriptionIds !== 'none'
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
    const refused =
      this.broker.options.refuse?.(filter) && this.broker.options.refusal !== 'silent';
    if (!refused) this.subscriptions.set(filter, options);
    setTimeout(() => {
      if (refused) {
        const code = this.request?.protocolVersion === 5 ? 0x87 : 0x80;
        this.emit('suback', { type: 'suback', filter, reasonCode: code });
        return;
      }
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
        if (this.broker.options.refuse?.(topic)) {
          const refusal = this.broker.options.refusal;
          const v5 = this.request?.protocolVersion === 5;
          if (refusal === 'disconnect') {
            this.takenOver(v5 ? 0x87 : undefined);
            resolve({
              type: 'publish-result',
              requestId: 0,
              ok: false,
              error: 'Unknown: the connection closed before the broker acknowledged it.',
              roundTripMs: 1,
            });
          } else if (refusal === 'codes' && v5 && options.qos > 0)
            resolve({
              type: 'publish-result',
              requestId: 0,
              ok: false,
              error: 'Not authorized',
              reasonCode: 0x87,
              roundTripMs: 1,
            });
          else resolve({ type: 'publish-result', requestId: 0, ok: true, roundTripMs: 1 });
          return;
        }
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

  async publishMany(
    topics: string[],
    payloads: Uint8Array[],
    options: PublishOptions,
  ): Promise<PublishManyResultEvent> {
    let failed = 0;
    for (let i = 0; i < topics.length; i++) {
      const result = await this.publish(topics[i] ?? '', payloads[i] ?? new Uint8Array(0), options);
      if (!result.ok) failed++;
    }
    return {
      type: 'publish-many-result',
      requestId: 0,
      sent: topics.length - failed,
      failed,
      unknown: 0,
      roundTripMs: 1,
    };
  }

  deliver(message: Message, subscriptionQos: QoS, retain: boolean, ids?: number[]): void {
    const payloads = message.payload.slice().buffer;
    const properties: MessageProperties = { ...message.properties };
    delete properties.subscriptionIdentifiers;
    if (ids?.length) properties.subscriptionIdentifiers = ids;
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

const isUtf8 = (bytes: Uint8Array) => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
};

/** A raw client's link: MQTT packets in and out, no bytes (sizes are computed by encoding). */
class FakeRawLink implements RawLink, Peer {
  onPacket: RawLink['onPacket'] = null;
  onClose: RawLink['onClose'] = null;
  readonly subscriptions = new Map<string, SubscribeOptions>();
  clientId = '';
  private online = false;
  private gone = false;
  private will: { topic: string; payload: Uint8Array; qos: QoS; retain: boolean } | undefined;
  private keepaliveTimer: ReturnType<typeof setTimeout> | undefined;
  private keepaliveMs = 0;
  private clientReceiveMaximum = 65535;
  private clientMaximumPacketSize = Infinity;
  private readonly aliases = new Map<number, string>();
  /** Unfinished QoS 2 messages from the client (PUBREC sent, no PUBREL yet). */
  private readonly unreleased = new Set<number>();
  /** QoS 1 messages sent to the client and not yet acknowledged. */
  private readonly unacked = new Set<number>();
  private readonly queue: RawPacket[] = [];
  private nextId = 1;

  constructor(
    private readonly broker: FakeBroker,
    private readonly version: RawVersion,
  ) {}

  private get o() {
    return this.broker.options;
  }

  /** `last`: the broker's final packet, sent as the connection ends. */
  private toClient(packet: RawPacket, last = false): void {
    const size = encodePacket(packet, this.version).length;
    setTimeout(() => {
      if (!this.gone || last) this.onPacket?.(packet, size);
    }, 0);
  }

  /** Ends the connection from the broker's side (the will is published unless `noWill`). */
  private drop(reasonCode?: number, noWill = false): void {
    if (this.gone) return;
    if (reasonCode !== undefined && this.version === 5)
      this.toClient({ cmd: 'disconnect', reasonCode }, true);
    this.end(!noWill);
    setTimeout(() => this.onClose?.('closed by the broker'), 1);
  }

  private end(publishWill: boolean): void {
    if (this.gone) return;
    this.gone = true;
    clearTimeout(this.keepaliveTimer);
    this.broker.goOffline(this);
    if (publishWill && this.will) this.broker.publishWill(this.will);
  }

  takenOver(reasonCode: number | undefined): void {
    this.drop(reasonCode, true);
  }

  private heard(): void {
    if (!this.keepaliveMs || this.o.keepalive === 'never') return;
    clearTimeout(this.keepaliveTimer);
    const factor = this.o.keepalive === 'early' ? 0.5 : 1.5;
    this.keepaliveTimer = setTimeout(
      () => this.drop(this.version === 5 ? 0x8d : undefined, this.o.keepalive === 'no-will'),
      (this.keepaliveMs * factor) / this.o.speed,
    );
  }

  /** The client closed its socket: after what it sent before (a DISCONNECT drops the will). */
  close(): void {
    setTimeout(() => this.end(true), 0);
  }

  send(packet: RawPacket): void {
    if (this.gone) return;
    setTimeout(() => this.handle(packet), 0);
  }

  private handle(packet: RawPacket): void {
    if (this.gone) return;
    this.heard();
    const v5 = this.version === 5;
    switch (packet.cmd) {
      case 'connect': {
        this.clientId = packet.clientId || `fake-${Math.random().toString(36).slice(2, 8)}`;
        this.will = packet.will && { ...packet.will };
        const serverKeepAlive = v5 ? this.o.serverKeepAlive : undefined;
        this.keepaliveMs = (serverKeepAlive ?? packet.keepalive) * 1000;
        this.clientReceiveMaximum = packet.properties?.receiveMaximum ?? 65535;
        this.clientMaximumPacketSize = packet.properties?.maximumPacketSize ?? Infinity;
        this.broker.takeOver(this, this.version);
        this.broker.goOnline(this);
        this.online = true;
        this.heard();
        this.toClient({
          cmd: 'connack',
          sessionPresent: false,
          reasonCode: 0,
          properties: v5
            ? {
                assignedClientIdentifier: packet.clientId ? undefined : this.clientId,
                serverKeepAlive,
                topicAliasMaximum: this.o.topicAliasMaximum || undefined,
                receiveMaximum: this.o.receiveMaximum || undefined,
                maximumPacketSize: this.o.maximumPacketSize || undefined,
                sharedSubscriptionAvailable: this.o.sharedSubscriptions === 'none' ? 0 : undefined,
                subscriptionIdentifiersAvailable: this.o.subscriptionIds === 'none' ? 0 : undefined,
              }
            : undefined,
        });
        break;
      }
      case 'pingreq':
        this.toClient({ cmd: 'pingresp' });
        break;
      case 'disconnect':
        this.will = undefined;
        this.end(false);
        break;
      case 'subscribe': {
        const granted = packet.subscriptions.map((s) => {
          if (this.o.refuse?.(s.topic) && this.o.refusal !== 'silent') return v5 ? 0x87 : 0x80;
          this.subscriptions.set(s.topic, {
            qos: s.qos,
            subscriptionIdentifier: packet.properties?.subscriptionIdentifiers?.[0],
          });
          return s.qos;
        });
        this.toClient({ cmd: 'suback', packetId: packet.packetId, granted });
        break;
      }
      case 'puback':
        this.unacked.delete(packet.packetId);
        this.flush();
        break;
      case 'pubrel':
        this.unreleased.delete(packet.packetId);
        this.toClient({ cmd: 'pubcomp', packetId: packet.packetId });
        break;
      case 'publish':
        this.onPublish(packet);
        break;
      default:
        break;
    }
  }

  private onPublish(packet: Extract<RawPacket, { cmd: 'publish' }>): void {
    const v5 = this.version === 5;
    const size = encodePacket(packet, this.version).length;
    if (
      this.o.maximumPacketSize &&
      size > this.o.maximumPacketSize &&
      this.o.oversize === 'disconnect'
    ) {
      this.drop(0x95);
      return;
    }
    const ack = (reasonCode?: number) => {
      if (packet.qos === 1 && packet.packetId !== undefined)
        this.toClient({ cmd: 'puback', packetId: packet.packetId, reasonCode });
      if (packet.qos === 2 && packet.packetId !== undefined)
        this.toClient({ cmd: 'pubrec', packetId: packet.packetId, reasonCode });
    };
    if (packet.qos === 2 && packet.packetId !== undefined) {
      this.unreleased.add(packet.packetId);
      if (
        this.o.brokerReceiveMaximum === 'enforce' &&
        this.o.receiveMaximum &&
        this.unreleased.size > this.o.receiveMaximum
      ) {
        this.drop(0x93);
        return;
      }
    }
    let topic = packet.topic;
    const alias = packet.properties?.topicAlias;
    if (alias !== undefined) {
      if (!alias || alias > this.o.topicAliasMaximum) {
        this.drop(0x94);
        return;
      }
      if (topic) this.aliases.set(alias, topic);
      else {
        const known = this.aliases.get(alias);
        if (!known) {
          this.drop(0x82);
          return;
        }
        if (this.o.topicAliases === 'drop-aliased') {
          ack();
          return;
        }
        topic = known;
      }
    }
    if (this.o.refuse?.(topic)) {
      if (this.o.refusal === 'disconnect') this.drop(v5 ? 0x87 : undefined);
      else ack(this.o.refusal === 'codes' && v5 ? 0x87 : undefined);
      return;
    }
    const marked = packet.properties?.payloadFormatIndicator === 1;
    if (marked && !isUtf8(packet.payload)) {
      if (this.o.payloadFormat === 'check') {
        ack(0x99);
        return;
      }
      if (this.o.payloadFormat === 'drop') {
        ack();
        return;
      }
    }
    const keepIndicator = marked && this.o.payloadFormat !== 'strip';
    ack();
    this.broker.publish({
      topic,
      payload: packet.payload,
      qos: packet.qos,
      retain: packet.retain,
      properties: keepIndicator ? { payloadFormatIndicator: true } : undefined,
      from: this,
    });
  }

  deliver(message: Message, subscriptionQos: QoS, retain: boolean, ids?: number[]): void {
    if (!this.online || this.gone) return;
    const qos = Math.min(message.qos, subscriptionQos) as QoS;
    const packet: Extract<RawPacket, { cmd: 'publish' }> = {
      cmd: 'publish',
      topic: message.topic,
      payload: message.payload,
      qos,
      retain,
      packetId: qos > 0 ? this.nextId++ : undefined,
      properties:
        this.version === 5
          ? {
              payloadFormatIndicator: message.properties?.payloadFormatIndicator ? 1 : undefined,
              subscriptionIdentifiers: ids?.length ? ids : undefined,
            }
          : undefined,
    };
    const size = encodePacket(packet, this.version).length;
    if (size > this.clientMaximumPacketSize && this.o.clientMaximumPacketSize === 'honour') return;
    this.queue.push(packet);
    this.flush();
  }

  private flush(): void {
    while (this.queue.length) {
      const next = this.queue[0] as Extract<RawPacket, { cmd: 'publish' }>;
      if (
        next.qos > 0 &&
        this.o.clientReceiveMaximum === 'honour' &&
        this.unacked.size >= this.clientReceiveMaximum
      )
        return;
      this.queue.shift();
      if (next.qos === 1 && next.packetId !== undefined) this.unacked.add(next.packetId);
      this.toClient(next);
    }
  }
}
