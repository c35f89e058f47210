/**
 * The shapes a scenario run is made of: its steps, the packets that matter, its outcome. No
 * React here, so the step logic can run in Vitest against a fake connection.
 */
import type { Connection } from '../../mqtt/connection';
import type { PacketRecord } from '../../domain/mqtt-types';
import type { ConnackInfo, ConnectRequest, ProtocolVersion } from '../../domain/mqtt-types';
import type { ScenarioClient } from './scenario-client';
import type { OpenRawLink, RawClient } from './raw-client';
import type { RawProperties } from './raw-mqtt';

export type StepStatus = 'running' | 'done' | 'failed' | 'skipped';

export interface StepState {
  label: string;
  status: StepStatus;
  /** What the step saw, in plain words. */
  detail?: string;
}

/** A packet seen by one of the scenario's own clients, with that client's label. */
export interface ScenarioPacket extends PacketRecord {
  client: string;
}

/** 'untested': the run could not observe the behaviour (it says why). */
export type OutcomeKind = 'ok' | 'unsupported' | 'failed' | 'untested' | 'stopped';

export interface ScenarioOutcome {
  kind: OutcomeKind;
  text: string;
  /**
   * Set when the run did not get to see the broker's behaviour (it needs MQTT 5.0 on a 3.1.1
   * connection, a client could not connect, a step broke, it was stopped): why, in plain words.
   * The report card shows such a run as "could not test", never as a verdict on the broker.
   */
  untested?: string;
}

/**
 * What a scenario concluded from what it saw: 'ok' only when it observed the behaviour it
 * describes. The runner prefixes the text of the other kinds ("Not supported: ", "Failed: ").
 */
export interface Verdict {
  kind: Exclude<OutcomeKind, 'stopped'>;
  text: string;
}

export interface ScenarioRunState {
  running: boolean;
  steps: StepState[];
  packets: ScenarioPacket[];
  /** Packets seen but left out of `packets` because the list is bounded. */
  packetsLeftOut: number;
  topicPrefix?: string;
  outcome?: ScenarioOutcome;
}

/** The part of a Connection a scenario uses (a fake one in the tests). */
export type ScenarioConnection = Pick<
  Connection,
  | 'connect'
  | 'disconnect'
  | 'subscribe'
  | 'unsubscribe'
  | 'publish'
  | 'publishMany'
  | 'on'
  | 'setPacketCapture'
  | 'terminate'
>;

export interface ScenarioEnv {
  /** Broker URL, credentials and protocol version of the page's connection. */
  base: Pick<ConnectRequest, 'url' | 'username' | 'password' | 'protocolVersion'>;
  createConnection: () => ScenarioConnection;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  /** Unique per run, e.g. "4k2f9a"; topics and client IDs are built from it. */
  runId: string;
  /** Raw MQTT links for the raw clients (the browser's WebSocket when not given). */
  openRawLink?: OpenRawLink;
  /** What the person gave for scenarios that need it (see ScenarioDefinition.input). */
  params?: ScenarioParams;
}

export interface ScenarioParams {
  /** A topic the broker refuses this user (for Access control). */
  refusedTopic?: string;
}

export interface RawClientOptions {
  /** Fixed client ID part (same as ClientOptions.clientId); '' sends an empty client ID. */
  clientId?: string;
  keepaliveSec?: number;
  clean?: boolean;
  /** false: the client never sends PINGREQ (default: every half keepalive). */
  pings?: boolean;
  will?: { topic: string; payload: string; qos: 0 | 1 | 2; retain: boolean };
  /** MQTT 5 CONNECT properties (Receive Maximum, Maximum Packet Size, …). */
  properties?: RawProperties;
}

export interface ClientOptions {
  /** Fixed client ID part, so a later connection can resume the same session. */
  clientId?: string;
  clean?: boolean;
  sessionExpirySec?: number;
  keepaliveSec?: number;
  will?: ConnectRequest['will'];
}

export interface ScenarioContext {
  protocolVersion: ProtocolVersion;
  /** Root of every topic this run uses, e.g. "brokerscope/scenarios/qos-4k2f9a". */
  topicPrefix: string;
  /** Creates a labelled client, connects it and resolves once the broker accepted it. */
  client(label: string, options?: ClientOptions): Promise<ScenarioClient>;
  /** Runs one visible step; its return text (if any) becomes the step's detail. */
  step<T>(label: string, run: () => Promise<T>, describe?: (value: T) => string): Promise<T>;
  /** Shows a step that did not run, with the reason. */
  skip(label: string, reason: string): void;
  /** Shows a finished observation (e.g. handshakes read from the packet capture). */
  note(label: string, detail: string): void;
  /** The packets captured so far from this run's clients. */
  packets(): readonly ScenarioPacket[];
  sleep(ms: number): Promise<void>;
  now(): number;
  /** Ends the run with a "Not supported" outcome. */
  unsupported(reason: string): never;
  /** The CONNACK of the first client connected in this run, if any. */
  firstConnack(): ConnackInfo | undefined;
  /**
   * A raw client: its own WebSocket speaking MQTT packet by packet (see raw-client.ts), for
   * what the page's connection does not do (no pings, held acknowledgements, topic aliases,
   * CONNECT limits). Resolves once the broker accepted it.
   */
  raw(label: string, options?: RawClientOptions): Promise<RawClient>;
  /** What the person gave (see ScenarioDefinition.input). */
  params: ScenarioParams;
  /** Ends the run as "could not test" with the reason (e.g. a missing input). */
  untested(reason: string): never;
}

export interface ScenarioDefinition {
  id: string;
  name: string;
  /** A few sentences on producer, broker and consumer roles; jargon defined. */
  explanation: string[];
  /** Where in the app to try it by hand. */
  tryIt: { region: string; text: string };
  /** Returns the verdict in plain words (see scenario-helpers: ok, notSupported, failed). */
  run(ctx: ScenarioContext): Promise<Verdict>;
  /** A value the person gives before running (shown as a text field beside the card). */
  input?: { key: keyof ScenarioParams; label: string; placeholder?: string };
  /** Its row in the report card: the feature's name and what the spec says about it. */
  report?: { feature: string; spec: string };
}

export class UnsupportedError extends Error {}
/** The run cannot show the behaviour here (not a verdict on the broker). */
export class UntestedError extends Error {}
/** An MQTT 5 feature on a 3.1.1 connection: "not supported" on the card, untested on the report. */
export class NeedsMqtt5Error extends UnsupportedError {}
export class StoppedError extends Error {}
