/**
 * The MQTT vocabulary the whole app speaks: versions, QoS, options, properties, what a broker
 * answered, and the flag bits a received message is packed with. The worker protocol and every
 * layer above it use these.
 */

/** A received message's flags: bits 0-1 QoS, bit 2 retain, bit 3 dup. */
export const FLAG_QOS_MASK = 0b11;
export const FLAG_RETAIN = 0b100;
export const FLAG_DUP = 0b1000;

export type ProtocolVersion = 4 | 5;
export type QoS = 0 | 1 | 2;

/** What the main thread asks the worker to connect with (built from the connection form). */
export interface ConnectRequest {
  url: string;
  clientId: string;
  username?: string;
  password?: string;
  protocolVersion: ProtocolVersion;
  clean: boolean;
  keepaliveSec: number;
  connectTimeoutMs: number;
  sessionExpirySec?: number;
  reconnect: boolean;
  will?: {
    topic: string;
    payload: string;
    qos: QoS;
    retain: boolean;
    /** MQTT 5 Will Delay Interval: the broker waits this long before publishing the will. */
    delaySec?: number;
  };
}

export interface SubscribeOptions {
  qos: QoS;
  noLocal?: boolean;
  retainAsPublished?: boolean;
  retainHandling?: 0 | 1 | 2;
  subscriptionIdentifier?: number;
}

export interface UserProperty {
  key: string;
  value: string;
}

/** MQTT 5 publish properties, as carried on a received or sent message. */
export interface MessageProperties {
  contentType?: string;
  payloadFormatIndicator?: boolean;
  messageExpirySec?: number;
  responseTopic?: string;
  correlationData?: Uint8Array;
  userProperties?: UserProperty[];
  subscriptionIdentifiers?: number[];
}

export interface PublishOptions {
  qos: QoS;
  retain: boolean;
  properties?: MessageProperties;
}

export interface ConnackInfo {
  sessionPresent: boolean;
  assignedClientId?: string;
  serverKeepaliveSec?: number;
  maximumQoS?: number;
  retainAvailable?: boolean;
  wildcardSubscriptionAvailable?: boolean;
  sharedSubscriptionAvailable?: boolean;
  subscriptionIdentifiersAvailable?: boolean;
  reasonString?: string;
}

export type ConnectionPhase = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

/** Where the connection stands, as the worker reports it. */
export interface ConnectionStatus {
  phase: ConnectionPhase;
  /** Plain-language reason for a failure, retry or close. */
  reason?: string;
  /** Extra advice such as "try MQTT 3.1.1". */
  hint?: string;
  /** The CONNACK or DISCONNECT reason code behind `reason`, when there is one. */
  reasonCode?: number;
  /** True when the broker refused MQTT 5.0 and 3.1.1 may work. */
  protocolRefused?: boolean;
  reconnectCount: number;
  nextRetryInMs?: number;
  connack?: ConnackInfo;
}

/** What the broker said about one publish (or why it was not sent). */
export interface PublishResult {
  ok: boolean;
  reasonCode?: number;
  error?: string;
  roundTripMs: number;
}

export type PacketDirection = 'in' | 'out';

export interface PacketRecord {
  atMs: number;
  direction: PacketDirection;
  /** CONNECT, CONNACK, PUBLISH, … */
  type: string;
  packetId?: number;
  /** Key fields in plain words, e.g. "topic a/b · QoS 1 · retain · 12 B". */
  summary: string;
  reasonCode?: number;
}
