/**
 * A small MQTT 3.1.1 / 5.0 codec for the scenarios' raw clients: the few packets a scenario
 * needs to write exactly as it wants (a client that never pings, a Receive Maximum or Maximum
 * Packet Size in CONNECT, a publish by topic alias, a Payload Format Indicator over bytes that
 * are not UTF-8) and to read exactly as the broker sent them (the size of each packet, an alias
 * instead of a topic, every CONNACK property). No dependency, no Buffer: runs in the page and
 * in Node.
 */

export type RawVersion = 4 | 5;

/** The MQTT 5 properties by name (those the scenarios read or write; others are kept by id). */
export interface RawProperties {
  payloadFormatIndicator?: number;
  messageExpiryInterval?: number;
  contentType?: string;
  responseTopic?: string;
  correlationData?: Uint8Array;
  subscriptionIdentifiers?: number[];
  sessionExpiryInterval?: number;
  assignedClientIdentifier?: string;
  serverKeepAlive?: number;
  authenticationMethod?: string;
  authenticationData?: Uint8Array;
  requestProblemInformation?: number;
  willDelayInterval?: number;
  requestResponseInformation?: number;
  responseInformation?: string;
  serverReference?: string;
  reasonString?: string;
  receiveMaximum?: number;
  topicAliasMaximum?: number;
  topicAlias?: number;
  maximumQoS?: number;
  retainAvailable?: number;
  userProperties?: Array<[string, string]>;
  maximumPacketSize?: number;
  wildcardSubscriptionAvailable?: number;
  subscriptionIdentifiersAvailable?: number;
  sharedSubscriptionAvailable?: number;
}

type PropertyKind = 'byte' | 'int16' | 'int32' | 'varint' | 'string' | 'binary' | 'pair';

const PROPERTIES: Array<[number, keyof RawProperties, PropertyKind]> = [
  [0x01, 'payloadFormatIndicator', 'byte'],
  [0x02, 'messageExpiryInterval', 'int32'],
  [0x03, 'contentType', 'string'],
  [0x08, 'responseTopic', 'string'],
  [0x09, 'correlationData', 'binary'],
  [0x0b, 'subscriptionIdentifiers', 'varint'],
  [0x11, 'sessionExpiryInterval', 'int32'],
  [0x12, 'assignedClientIdentifier', 'string'],
  [0x13, 'serverKeepAlive', 'int16'],
  [0x15, 'authenticationMethod', 'string'],
  [0x16, 'authenticationData', 'binary'],
  [0x17, 'requestProblemInformation', 'byte'],
  [0x18, 'willDelayInterval', 'int32'],
  [0x19, 'requestResponseInformation', 'byte'],
  [0x1a, 'responseInformation', 'string'],
  [0x1c, 'serverReference', 'string'],
  [0x1f, 'reasonString', 'string'],
  [0x21, 'receiveMaximum', 'int16'],
  [0x22, 'topicAliasMaximum', 'int16'],
  [0x23, 'topicAlias', 'int16'],
  [0x24, 'maximumQoS', 'byte'],
  [0x25, 'retainAvailable', 'byte'],
  [0x26, 'userProperties', 'pair'],
  [0x27, 'maximumPacketSize', 'int32'],
  [0x28, 'wildcardSubscriptionAvailable', 'byte'],
  [0x29, 'subscriptionIdentifiersAvailable', 'byte'],
  [0x2a, 'sharedSubscriptionAvailable', 'byte'],
];
const BY_ID = new Map(PROPERTIES.map((p) => [p[0], p]));
const BY_NAME = new Map(PROPERTIES.map((p) => [p[1], p]));

export interface RawWill {
  topic: string;
  payload: Uint8Array;
  qos: 0 | 1 | 2;
  retain: boolean;
  properties?: RawProperties;
}

export type RawPacket =
  | {
      cmd: 'connect';
      protocolVersion: RawVersion;
      clientId: string;
      clean: boolean;
      keepalive: number;
      username?: string;
      password?: string;
      will?: RawWill;
      properties?: RawProperties;
    }
  | { cmd: 'connack'; sessionPresent: boolean; reasonCode: number; properties?: RawProperties }
  | {
      cmd: 'publish';
      topic: string;
      payload: Uint8Array;
      qos: 0 | 1 | 2;
      retain: boolean;
      dup?: boolean;
      packetId?: number;
      properties?: RawProperties;
    }
  | {
      cmd: 'puback' | 'pubrec' | 'pubrel' | 'pubcomp';
      packetId: number;
      reasonCode?: number;
      properties?: RawProperties;
    }
  | {
      cmd: 'subscribe';
      packetId: number;
      subscriptions: Array<{ topic: string; qos: 0 | 1 | 2; noLocal?: boolean }>;
      properties?: RawProperties;
    }
  | { cmd: 'suback'; packetId: number; granted: number[]; properties?: RawProperties }
  | { cmd: 'pingreq' | 'pingresp' }
  | { cmd: 'disconnect'; reasonCode?: number; properties?: RawProperties };

export type RawCmd = RawPacket['cmd'];

const TYPE_OF: Record<RawCmd, number> = {
  connect: 1,
  connack: 2,
  publish: 3,
  puback: 4,
  pubrec: 5,
  pubrel: 6,
  pubcomp: 7,
  subscribe: 8,
  suback: 9,
  pingreq: 12,
  pingresp: 13,
  disconnect: 14,
};
const CMD_OF = new Map(Object.entries(TYPE_OF).map(([cmd, type]) => [type, cmd as RawCmd]));

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Growing byte writer. */
class Writer {
  private bytes: number[] = [];
  byte(n: number): this {
    this.bytes.push(n & 0xff);
    return this;
  }
  int16(n: number): this {
    return this.byte(n >> 8).byte(n);
  }
  int32(n: number): this {
    return this.byte(n >>> 24)
      .byte(n >>> 16)
      .byte(n >>> 8)
      .byte(n);
  }
  varint(n: number): this {
    let value = n;
    do {
      let digit = value % 128;
      value = Math.floor(value / 128);
      if (value > 0) digit |= 0x80;
      this.byte(digit);
    } while (value > 0);
    return this;
  }
  raw(data: Uint8Array | readonly number[]): this {
    for (const b of data) this.bytes.push(b);
    return this;
  }
  binary(data: Uint8Array): this {
    return this.int16(data.length).raw(data);
  }
  string(text: string): this {
    return this.binary(encoder.encode(text));
  }
  get length(): number {
    return this.bytes.length;
  }
  done(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

function encodeProperties(w: Writer, properties: RawProperties | undefined): void {
  const p = new Writer();
  for (const [name, value] of Object.entries(properties ?? {})) {
    const entry = BY_NAME.get(name as keyof RawProperties);
    if (!entry || value === undefined) continue;
    const [id, , kind] = entry;
    const values: unknown[] =
      kind === 'pair' || name === 'subscriptionIdentifiers' ? (value as unknown[]) : [value];
    for (const v of values) {
      p.varint(id);
      if (kind === 'byte') p.byte(v as number);
      else if (kind === 'int16') p.int16(v as number);
      else if (kind === 'int32') p.int32(v as number);
      else if (kind === 'varint') p.varint(v as number);
      else if (kind === 'string') p.string(v as string);
      else if (kind === 'binary') p.binary(v as Uint8Array);
      else {
        const [k, val] = v as [string, string];
        p.string(k).string(val);
      }
    }
  }
  w.varint(p.length).raw(p.done());
}

/** The bytes of one packet. */
export function encodePacket(packet: RawPacket, version: RawVersion): Uint8Array {
  const v5 = version === 5;
  const body = new Writer();
  let flags = 0;
  switch (packet.cmd) {
    case 'connect': {
      body.string('MQTT').byte(version);
      let connectFlags = packet.clean ? 0x02 : 0;
      if (packet.will)
        connectFlags |= 0x04 | (packet.will.qos << 3) | (packet.will.retain ? 0x20 : 0);
      if (packet.password !== undefined) connectFlags |= 0x40;
      if (packet.username !== undefined) connectFlags |= 0x80;
      body.byte(connectFlags).int16(packet.keepalive);
      if (v5) encodeProperties(body, packet.properties);
      body.string(packet.clientId);
      if (packet.will) {
        if (v5) encodeProperties(body, packet.will.properties);
        body.string(packet.will.topic).binary(packet.will.payload);
      }
      if (packet.username !== undefined) body.string(packet.username);
      if (packet.password !== undefined) body.string(packet.password);
      break;
    }
    case 'connack':
      body.byte(packet.sessionPresent ? 1 : 0).byte(packet.reasonCode);
      if (v5) encodeProperties(body, packet.properties);
      break;
    case 'publish':
      flags = (packet.dup ? 0x08 : 0) | (packet.qos << 1) | (packet.retain ? 1 : 0);
      body.string(packet.topic);
      if (packet.qos > 0) body.int16(packet.packetId ?? 0);
      if (v5) encodeProperties(body, packet.properties);
      body.raw(packet.payload);
      break;
    case 'puback':
    case 'pubrec':
    case 'pubrel':
    case 'pubcomp':
      if (packet.cmd === 'pubrel') flags = 0x02;
      body.int16(packet.packetId);
      if (v5 && (packet.reasonCode || packet.properties)) {
        body.byte(packet.reasonCode ?? 0);
        if (packet.properties) encodeProperties(body, packet.properties);
      }
      break;
    case 'subscribe':
      flags = 0x02;
      body.int16(packet.packetId);
      if (v5) encodeProperties(body, packet.properties);
      for (const s of packet.subscriptions)
        body.string(s.topic).byte(s.qos | (v5 && s.noLocal ? 0x04 : 0));
      break;
    case 'suback':
      body.int16(packet.packetId);
      if (v5) encodeProperties(body, packet.properties);
      body.raw(packet.granted);
      break;
    case 'pingreq':
    case 'pingresp':
      break;
    case 'disconnect':
      if (v5 && (packet.reasonCode || packet.properties)) {
        body.byte(packet.reasonCode ?? 0);
        if (packet.properties) encodeProperties(body, packet.properties);
      }
      break;
  }
  const content = body.done();
  return new Writer()
    .byte((TYPE_OF[packet.cmd] << 4) | flags)
    .varint(content.length)
    .raw(content)
    .done();
}

/** Reads fields off a packet's bytes; throws on a packet that ends early. */
class Reader {
  pos = 0;
  constructor(
    private readonly bytes: Uint8Array,
    readonly end = bytes.length,
  ) {}
  private need(n: number): void {
    if (this.pos + n > this.end) throw new Error('packet ends early');
  }
  byte(): number {
    this.need(1);
    return this.bytes[this.pos++] ?? 0;
  }
  int16(): number {
    return (this.byte() << 8) | this.byte();
  }
  int32(): number {
    return ((this.byte() << 24) >>> 0) + ((this.byte() << 16) | (this.byte() << 8) | this.byte());
  }
  varint(): number {
    let value = 0;
    let multiplier = 1;
    for (let i = 0; i < 4; i++) {
      const digit = this.byte();
      value += (digit & 0x7f) * multiplier;
      if ((digit & 0x80) === 0) return value;
      multiplier *= 128;
    }
    throw new Error('malformed variable byte integer');
  }
  binary(): Uint8Array {
    const length = this.int16();
    this.need(length);
    const out = this.bytes.slice(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }
  string(): string {
    return decoder.decode(this.binary());
  }
  rest(): Uint8Array {
    const out = this.bytes.slice(this.pos, this.end);
    this.pos = this.end;
    return out;
  }
  get left(): number {
    return this.end - this.pos;
  }
}

function decodeProperties(r: Reader): RawProperties {
  const length = r.varint();
  const end = r.pos + length;
  const out: Record<string, unknown> = {};
  while (r.pos < end) {
    const id = r.varint();
    const entry = BY_ID.get(id);
    if (!entry) throw new Error(`unknown property 0x${id.toString(16)}`);
    const [, name, kind] = entry;
    let value: unknown;
    if (kind === 'byte') value = r.byte();
    else if (kind === 'int16') value = r.int16();
    else if (kind === 'int32') value = r.int32();
    else if (kind === 'varint') value = r.varint();
    else if (kind === 'string') value = r.string();
    else if (kind === 'binary') value = r.binary();
    else value = [r.string(), r.string()];
    if (kind === 'pair' || name === 'subscriptionIdentifiers')
      out[name] = [...((out[name] as unknown[]) ?? []), value];
    else out[name] = value;
  }
  return out as RawProperties;
}

/** One packet from its whole bytes (fixed header included). */
export function decodePacket(bytes: Uint8Array, version: RawVersion): RawPacket {
  const first = bytes[0] ?? 0;
  const cmd = CMD_OF.get(first >> 4);
  if (!cmd) throw new Error(`unexpected packet type ${first >> 4}`);
  const header = new Reader(bytes);
  header.byte();
  const length = header.varint();
  const r = new Reader(bytes, header.pos + length);
  r.pos = header.pos;
  const v5 = version === 5;
  switch (cmd) {
    case 'connack': {
      const sessionPresent = (r.byte() & 1) === 1;
      const reasonCode = r.byte();
      return {
        cmd,
        sessionPresent,
        reasonCode,
        properties: v5 && r.left > 0 ? decodeProperties(r) : undefined,
      };
    }
    case 'publish': {
      const qos = ((first >> 1) & 0b11) as 0 | 1 | 2;
      const topic = r.string();
      const packetId = qos > 0 ? r.int16() : undefined;
      const properties = v5 ? decodeProperties(r) : undefined;
      return {
        cmd,
        topic,
        qos,
        retain: (first & 1) === 1,
        dup: (first & 0x08) !== 0,
        packetId,
        properties,
        payload: r.rest(),
      };
    }
    case 'puback':
    case 'pubrec':
    case 'pubrel':
    case 'pubcomp': {
      const packetId = r.int16();
      const reasonCode = v5 && r.left > 0 ? r.byte() : undefined;
      const properties = v5 && r.left > 0 ? decodeProperties(r) : undefined;
      return { cmd, packetId, reasonCode, properties };
    }
    case 'suback': {
      const packetId = r.int16();
      const properties = v5 ? decodeProperties(r) : undefined;
      return { cmd, packetId, properties, granted: [...r.rest()] };
    }
    case 'disconnect': {
      const reasonCode = v5 && r.left > 0 ? r.byte() : undefined;
      const properties = v5 && r.left > 0 ? decodeProperties(r) : undefined;
      return { cmd, reasonCode, properties };
    }
    case 'pingreq':
    case 'pingresp':
      return { cmd };
    case 'connect': {
      r.string();
      const protocolVersion = r.byte() as RawVersion;
      const flags = r.byte();
      const keepalive = r.int16();
      const properties = protocolVersion === 5 ? decodeProperties(r) : undefined;
      const clientId = r.string();
      let will: RawWill | undefined;
      if (flags & 0x04) {
        const willProperties = protocolVersion === 5 ? decodeProperties(r) : undefined;
        will = {
          properties: willProperties,
          topic: r.string(),
          payload: r.binary(),
          qos: ((flags >> 3) & 0b11) as 0 | 1 | 2,
          retain: (flags & 0x20) !== 0,
        };
      }
      const username = flags & 0x80 ? r.string() : undefined;
      const password = flags & 0x40 ? r.string() : undefined;
      return {
        cmd,
        protocolVersion,
        clientId,
        clean: (flags & 0x02) !== 0,
        keepalive,
        properties,
        will,
        username,
        password,
      };
    }
    case 'subscribe': {
      const packetId = r.int16();
      const properties = v5 ? decodeProperties(r) : undefined;
      const subscriptions: Array<{ topic: string; qos: 0 | 1 | 2; noLocal?: boolean }> = [];
      while (r.left > 0) {
        const topic = r.string();
        const options = r.byte();
        subscriptions.push({ topic, qos: (options & 0b11) as 0 | 1 | 2, noLocal: !!(options & 4) });
      }
      return { cmd, packetId, properties, subscriptions };
    }
  }
}

/**
 * Splits a byte stream into whole packets: WebSocket frames may carry several packets, or part
 * of one. `push` returns the packets completed by a chunk, each with its size on the wire.
 */
export class PacketSplitter {
  private buffer = new Uint8Array(0);

  push(chunk: Uint8Array): Array<{ bytes: Uint8Array; size: number }> {
    const joined = new Uint8Array(this.buffer.length + chunk.length);
    joined.set(this.buffer);
    joined.set(chunk, this.buffer.length);
    const out: Array<{ bytes: Uint8Array; size: number }> = [];
    let start = 0;
    for (;;) {
      const parsed = packetLength(joined, start);
      if (parsed === undefined || start + parsed > joined.length) break;
      out.push({ bytes: joined.slice(start, start + parsed), size: parsed });
      start += parsed;
    }
    this.buffer = joined.slice(start);
    return out;
  }
}

/** Whole length of the packet starting at `start`, or undefined while its header is incomplete. */
function packetLength(bytes: Uint8Array, start: number): number | undefined {
  let value = 0;
  let multiplier = 1;
  for (let i = 1; i <= 4; i++) {
    const digit = bytes[start + i];
    if (digit === undefined) return undefined;
    value += (digit & 0x7f) * multiplier;
    if ((digit & 0x80) === 0) return 1 + i + value;
    multiplier *= 128;
  }
  throw new Error('malformed remaining length');
}

/** A one-line description of a packet for the scenario's packet list. */
export function describeRawPacket(packet: RawPacket, size?: number): string {
  const parts: string[] = [];
  const props = 'properties' in packet ? packet.properties : undefined;
  const propText = (names: Array<keyof RawProperties>) => {
    for (const name of names) {
      const value = props?.[name];
      if (value === undefined) continue;
      parts.push(
        `${name} ${value instanceof Uint8Array ? `${value.length} B` : Array.isArray(value) ? value.join(', ') : String(value)}`,
      );
    }
  };
  switch (packet.cmd) {
    case 'connect':
      parts.push(
        `client ${packet.clientId || '(empty)'}`,
        `MQTT ${packet.protocolVersion === 5 ? '5.0' : '3.1.1'}`,
        `keepalive ${packet.keepalive} s`,
      );
      if (packet.will) parts.push(`will on ${packet.will.topic}`);
      propText([
        'receiveMaximum',
        'maximumPacketSize',
        'topicAliasMaximum',
        'sessionExpiryInterval',
      ]);
      break;
    case 'connack':
      parts.push(packet.sessionPresent ? 'session present' : 'new session');
      parts.push(`reason 0x${packet.reasonCode.toString(16).padStart(2, '0')}`);
      propText(PROPERTIES.map((p) => p[1]).filter((n) => n !== 'userProperties'));
      break;
    case 'publish':
      parts.push(`topic ${packet.topic || '(empty)'}`, `QoS ${packet.qos}`);
      if (packet.retain) parts.push('retain');
      propText(['topicAlias', 'payloadFormatIndicator', 'subscriptionIdentifiers']);
      parts.push(`${packet.payload.length} B payload`);
      break;
    case 'puback':
    case 'pubrec':
    case 'pubrel':
    case 'pubcomp':
    case 'disconnect':
      if (packet.reasonCode !== undefined)
        parts.push(`reason 0x${packet.reasonCode.toString(16).padStart(2, '0')}`);
      propText(['reasonString']);
      break;
    case 'subscribe':
      for (const s of packet.subscriptions) parts.push(`${s.topic} (QoS ${s.qos})`);
      propText(['subscriptionIdentifiers']);
      break;
    case 'suback':
      parts.push(
        `granted ${packet.granted.map((g) => (g >= 0x80 ? `0x${g.toString(16)}` : g)).join(', ')}`,
      );
      break;
  }
  if (size !== undefined) parts.push(`packet ${size} B`);
  return parts.join(' · ');
}
