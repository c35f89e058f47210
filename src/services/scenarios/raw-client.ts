/**
 * A scenario's raw client: its own WebSocket to the broker, speaking MQTT through raw-mqtt.ts
 * instead of the page's worker connection. It sends only what the scenario tells it to (no
 * pings unless asked, acknowledgements held back on request) and records every packet exactly
 * as the broker sent it, with its size.
 */
import type { PacketRecord } from '../../domain/mqtt-types';
import {
  PacketSplitter,
  decodePacket,
  describeRawPacket,
  encodePacket,
  type RawPacket,
  type RawProperties,
  type RawVersion,
} from './raw-mqtt';

/** A packet-level link to a broker: a WebSocket in the page, something else in tests. */
export interface RawLink {
  send(packet: RawPacket): void;
  /** Each packet from the broker, with its size on the wire in bytes. */
  onPacket: ((packet: RawPacket, size: number) => void) | null;
  /** The link closed (by either side), with what is known of why. */
  onClose: ((reason: string) => void) | null;
  close(): void;
}

/** Opens a link to `url`; rejects when nothing answers there. */
export type OpenRawLink = (url: string, version: RawVersion) => Promise<RawLink>;

/** What the page's WebSocket and the `ws` package's WebSocket have in common. */
export interface WebSocketLike {
  binaryType: string;
  readonly readyState: number;
  send(data: Uint8Array): void;
  close(): void;
  onopen: ((event: never) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code?: number; reason?: string }) => void) | null;
  onerror: ((event: never) => void) | null;
}

const OPEN = 1;

/** Raw links over WebSockets made by `create` (the page passes the browser's WebSocket). */
export function webSocketLinks(create: (url: string) => WebSocketLike): OpenRawLink {
  return (url, version) =>
    new Promise((resolve, reject) => {
      let socket: WebSocketLike;
      try {
        socket = create(url);
      } catch (error) {
        reject(error as Error);
        return;
      }
      socket.binaryType = 'arraybuffer';
      const splitter = new PacketSplitter();
      let opened = false;
      const link: RawLink = {
        onPacket: null,
        onClose: null,
        send(packet) {
          if (socket.readyState === OPEN) socket.send(encodePacket(packet, version));
        },
        close() {
          try {
            socket.close();
          } catch {
            // Already closed.
          }
        },
      };
      socket.onopen = () => {
        opened = true;
        resolve(link);
      };
      socket.onmessage = (event) => {
        const data = event.data;
        const chunk =
          data instanceof ArrayBuffer
            ? new Uint8Array(data)
            : ArrayBuffer.isView(data)
              ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
              : new Uint8Array(0);
        try {
          for (const { bytes, size } of splitter.push(chunk))
            link.onPacket?.(decodePacket(bytes, version), size);
        } catch (error) {
          link.onClose?.(`could not read the broker's packet: ${(error as Error).message}`);
          link.close();
        }
      };
      socket.onerror = () => {
        if (!opened) reject(new Error(`Cannot reach ${url}`));
      };
      socket.onclose = () => {
        if (!opened) reject(new Error(`Cannot reach ${url}`));
        else link.onClose?.('the connection closed');
      };
    });
}

/** The browser's WebSocket with the MQTT subprotocol, when the page has one. */
export const browserLinks: OpenRawLink = (url, version) => {
  const Ctor = (globalThis as { WebSocket?: new (url: string, protocol: string) => WebSocketLike })
    .WebSocket;
  if (!Ctor) return Promise.reject(new Error('raw connections need a WebSocket'));
  return webSocketLinks((u) => new Ctor(u, 'mqtt'))(url, version);
};

export interface RawReceived {
  /** The topic the message is for (resolved from the alias when the packet carried none). */
  topic: string;
  /** The Topic Alias property of the packet, if the broker used one. */
  topicAlias?: number;
  /** True when the packet carried the alias instead of the topic name. */
  topicOmitted: boolean;
  payload: Uint8Array;
  qos: number;
  retain: boolean;
  packetId?: number;
  properties?: RawProperties;
  /** Bytes of the whole PUBLISH packet. */
  size: number;
  atMs: number;
}

export interface RawAck {
  /** The acknowledgement's packet (PUBACK for QoS 1, PUBREC for QoS 2); missing for QoS 0. */
  ack?: 'puback' | 'pubrec';
  reasonCode?: number;
  /** Set when the connection closed instead of an acknowledgement coming. */
  closed?: boolean;
  /** Set when nothing came within the wait. */
  timedOut?: boolean;
}

export interface RawClose {
  atMs: number;
  /** A DISCONNECT's reason code, when the broker sent one. */
  reasonCode?: number;
  byBroker: boolean;
  reason: string;
}

export interface RawConnectOptions {
  clientId: string;
  keepaliveSec: number;
  clean?: boolean;
  username?: string;
  password?: string;
  will?: { topic: string; payload: string; qos: 0 | 1 | 2; retain: boolean };
  properties?: RawProperties;
}

const ACK_WAIT_MS = 5000;
const text = new TextDecoder();

export class RawClient {
  readonly received: RawReceived[] = [];
  /** Every other packet from the broker (acknowledgements, DISCONNECT, …), in order. */
  readonly incoming: RawPacket[] = [];
  connack: Extract<RawPacket, { cmd: 'connack' }> | undefined;
  closed: RawClose | undefined;
  /** Acknowledge each QoS 1 message as it arrives (the scenario may hold them back). */
  autoAck = true;
  private readonly aliases = new Map<number, string>();
  private nextId = 1;
  private readonly acks = new Map<number, (packet: RawPacket) => void>();
  private readonly waiters = new Set<() => void>();
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private gotDisconnect: number | undefined;
  /** When the broker's DISCONNECT arrived, if it sent one. */
  disconnectAtMs: number | undefined;

  /** The reason code of the broker's DISCONNECT, if it sent one. */
  get disconnectCode(): number | undefined {
    return this.gotDisconnect;
  }
  private closing = false;

  constructor(
    readonly label: string,
    readonly version: RawVersion,
    private readonly link: RawLink,
    private readonly now: () => number,
    private readonly sleep: (ms: number) => Promise<void>,
    private readonly record: (packet: PacketRecord) => void,
  ) {
    link.onPacket = (packet, size) => this.receive(packet, size);
    link.onClose = (reason) => this.onClosed(reason);
  }

  get isClosed(): boolean {
    return this.closed !== undefined;
  }

  private log(packet: RawPacket, direction: 'in' | 'out', size?: number): void {
    const type = packet.cmd.toUpperCase();
    this.record({
      atMs: Date.now(),
      direction,
      type,
      packetId: 'packetId' in packet ? packet.packetId : undefined,
      summary: describeRawPacket(packet, size),
      reasonCode:
        'reasonCode' in packet && packet.reasonCode !== undefined ? packet.reasonCode : undefined,
    });
  }

  send(packet: RawPacket): void {
    if (this.closed) return;
    this.log(packet, 'out');
    this.link.send(packet);
  }

  private wake(): void {
    for (const wake of this.waiters) wake();
  }

  private receive(packet: RawPacket, size: number): void {
    this.log(packet, 'in', size);
    if (packet.cmd !== 'publish') this.incoming.push(packet);
    switch (packet.cmd) {
      case 'connack':
        this.connack = packet;
        break;
      case 'publish': {
        const alias = packet.properties?.topicAlias;
        let topic = packet.topic;
        if (alias !== undefined) {
          if (topic) this.aliases.set(alias, topic);
          else topic = this.aliases.get(alias) ?? '';
        }
        this.received.push({
          topic,
          topicAlias: alias,
          topicOmitted: packet.topic === '',
          payload: packet.payload,
          qos: packet.qos,
          retain: packet.retain,
          packetId: packet.packetId,
          properties: packet.properties,
          size,
          atMs: this.now(),
        });
        if (packet.qos === 1 && this.autoAck && packet.packetId !== undefined)
          this.ack(packet.packetId);
        if (packet.qos === 2 && packet.packetId !== undefined)
          this.send({ cmd: 'pubrec', packetId: packet.packetId });
        break;
      }
      case 'pubrel':
        this.send({ cmd: 'pubcomp', packetId: packet.packetId });
        break;
      case 'puback':
      case 'pubrec':
      case 'pubcomp':
      case 'suback': {
        const resolve = this.acks.get(packet.packetId);
        this.acks.delete(packet.packetId);
        resolve?.(packet);
        break;
      }
      case 'disconnect':
        this.gotDisconnect = packet.reasonCode ?? 0;
        this.disconnectAtMs = this.now();
        break;
    }
    this.wake();
  }

  private onClosed(reason: string): void {
    if (this.closed) return;
    clearInterval(this.pingTimer);
    const byBroker = !this.closing;
    this.closed = {
      atMs: this.now(),
      reasonCode: this.gotDisconnect,
      byBroker,
      reason:
        this.gotDisconnect !== undefined
          ? `the broker sent DISCONNECT (reason 0x${this.gotDisconnect.toString(16).padStart(2, '0')})`
          : byBroker
            ? `the broker closed the connection without a DISCONNECT (${reason})`
            : 'closed by the scenario',
    };
    for (const resolve of this.acks.values()) resolve({ cmd: 'disconnect' });
    this.acks.clear();
    this.wake();
  }

  /** Sends CONNECT; resolves with the CONNACK, rejects on a refusal or a close. */
  async connect(
    options: RawConnectOptions,
    timeoutMs = 8000,
  ): Promise<RawPacket & { cmd: 'connack' }> {
    this.send({
      cmd: 'connect',
      protocolVersion: this.version,
      clientId: options.clientId,
      clean: options.clean ?? true,
      keepalive: options.keepaliveSec,
      username: options.username,
      password: options.password,
      properties: this.version === 5 ? options.properties : undefined,
      will: options.will && {
        topic: options.will.topic,
        payload: new TextEncoder().encode(options.will.payload),
        qos: options.will.qos,
        retain: options.will.retain,
      },
    });
    await this.waitFor(() => this.connack !== undefined || this.isClosed, timeoutMs);
    const connack = this.connack;
    if (!connack)
      throw new Error(
        `${this.label} could not connect: ${this.closed ? this.closed.reason : 'no CONNACK came'}`,
      );
    if (connack.reasonCode !== 0)
      throw new Error(
        `${this.label} could not connect: the broker refused it (reason 0x${connack.reasonCode.toString(16).padStart(2, '0')})`,
      );
    return connack;
  }

  /** Sends PINGREQ every `everyMs`, as a live client does. */
  keepPinging(everyMs: number): void {
    clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => this.send({ cmd: 'pingreq' }), everyMs);
  }

  /** Sends a PUBLISH without waiting; returns its packet ID (0 at QoS 0). */
  sendPublish(
    topic: string,
    payload: Uint8Array | string,
    options: { qos: 0 | 1 | 2; retain?: boolean; properties?: RawProperties },
  ): number {
    const packetId = options.qos > 0 ? this.takeId() : 0;
    this.send({
      cmd: 'publish',
      topic,
      payload: typeof payload === 'string' ? new TextEncoder().encode(payload) : payload,
      qos: options.qos,
      retain: options.retain ?? false,
      packetId: options.qos > 0 ? packetId : undefined,
      properties: this.version === 5 ? options.properties : undefined,
    });
    return packetId;
  }

  /** Publishes and waits for the PUBACK (QoS 1) or PUBREC (QoS 2, then completes it). */
  async publish(
    topic: string,
    payload: Uint8Array | string,
    options: { qos: 0 | 1 | 2; retain?: boolean; properties?: RawProperties },
    waitMs = ACK_WAIT_MS,
  ): Promise<RawAck> {
    if (options.qos === 0) {
      this.sendPublish(topic, payload, options);
      return {};
    }
    const packetId = this.nextId;
    const answer = this.waitAck(packetId, waitMs);
    this.sendPublish(topic, payload, options);
    const packet = await answer;
    if (!packet) return { timedOut: true };
    if (packet.cmd === 'disconnect') return { closed: true };
    const reasonCode = 'reasonCode' in packet ? packet.reasonCode : undefined;
    if (packet.cmd === 'pubrec' && (reasonCode ?? 0) < 0x80) {
      const done = this.waitAck(packetId, waitMs);
      this.send({ cmd: 'pubrel', packetId });
      await done;
    }
    return { ack: packet.cmd === 'pubrec' ? 'pubrec' : 'puback', reasonCode };
  }

  /** Subscribes; resolves with the SUBACK codes (empty when none came). */
  async subscribe(
    filter: string,
    options: { qos: 0 | 1 | 2; subscriptionIdentifier?: number },
  ): Promise<number[]> {
    const packetId = this.nextId;
    const answer = this.waitAck(packetId, ACK_WAIT_MS);
    this.send({
      cmd: 'subscribe',
      packetId: this.takeId(),
      subscriptions: [{ topic: filter, qos: options.qos }],
      properties:
        this.version === 5 && options.subscriptionIdentifier
          ? { subscriptionIdentifiers: [options.subscriptionIdentifier] }
          : undefined,
    });
    const packet = await answer;
    return packet?.cmd === 'suback' ? packet.granted : [];
  }

  ack(packetId: number): void {
    this.send({ cmd: 'puback', packetId });
  }

  /** Resolves true once `condition` holds, false after `timeoutMs`. */
  waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      let done = false;
      const check = () => {
        if (done || !condition()) return;
        done = true;
        this.waiters.delete(check);
        resolve(true);
      };
      this.waiters.add(check);
      check();
      void this.sleep(timeoutMs).then(() => {
        if (done) return;
        done = true;
        this.waiters.delete(check);
        resolve(condition());
      });
    });
  }

  /** Messages received on `topic` so far. */
  on(topic: string): RawReceived[] {
    return this.received.filter((m) => m.topic === topic);
  }

  /** Polite close: DISCONNECT, then the socket. */
  disconnect(): void {
    if (this.closed) return;
    this.send({ cmd: 'disconnect' });
    this.closing = true;
    this.link.close();
    this.onClosed('closed by the scenario');
  }

  /** Gone without a DISCONNECT (the broker publishes the will). */
  vanish(): void {
    if (this.closed) return;
    this.closing = true;
    this.link.close();
    this.onClosed('closed by the scenario');
  }

  private takeId(): number {
    const id = this.nextId;
    this.nextId = (this.nextId % 65535) + 1;
    return id;
  }

  private waitAck(packetId: number, timeoutMs: number): Promise<RawPacket | undefined> {
    return new Promise((resolve) => {
      let done = false;
      this.acks.set(packetId, (packet) => {
        if (done) return;
        done = true;
        resolve(packet);
      });
      void this.sleep(timeoutMs).then(() => {
        if (done) return;
        done = true;
        this.acks.delete(packetId);
        resolve(undefined);
      });
    });
  }
}

/** The UTF-8 text of a payload (for messages; lossy on invalid bytes). */
export function payloadText(payload: Uint8Array): string {
  return text.decode(payload);
}
