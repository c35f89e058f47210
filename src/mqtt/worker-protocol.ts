/**
 * Messages between the main thread and the MQTT worker. Everything here is structured-clone
 * friendly: no class instances, no functions.
 */

import type {
  ConnectionStatus,
  ConnectRequest,
  MessageProperties,
  PacketRecord,
  PublishOptions,
  PublishResult,
  SubscribeOptions,
} from '../domain/mqtt-types';
import type { ChartField, ChartValues } from '../domain/chart-values';
import type { DecodeRule } from '../domain/decoders/decode-rules';
import type { ProtoFile } from '../domain/decoders/protobuf-schema';

export type WorkerRequest =
  | { type: 'connect'; request: ConnectRequest }
  | { type: 'disconnect' }
  | { type: 'subscribe'; filter: string; options: SubscribeOptions }
  | { type: 'unsubscribe'; filter: string }
  | {
      type: 'publish';
      requestId: number;
      topic: string;
      payload: Uint8Array;
      options: PublishOptions;
    }
  /** Many messages with the same options in one post (generator bursts). */
  | {
      type: 'publish-many';
      requestId: number;
      topics: string[];
      /** Payloads back to back; `payloadEnds[i]` is where message i's payload ends. */
      payloads: ArrayBuffer;
      payloadEnds: Uint32Array;
      options: PublishOptions;
    }
  | { type: 'batch-consumed' }
  /**
   * What the charts sample: from the next batch on, each message whose topic matches a field's
   * topic or filter has the field read in the worker and carried in `MessageBatch.chart`. The
   * whole list each time; `version` grows with each list.
   */
  | { type: 'set-chart-fields'; version: number; fields: ChartField[] }
  /**
   * The decode rules and .proto schemas: charted fields of messages they (or automatic
   * detection) decode are read from the decoded value, decoded once per message.
   */
  | { type: 'set-decoding'; rules: DecodeRule[]; schemas: ProtoFile[] }
  /** Packet timeline: off by default, so a closed timeline costs nothing per packet. */
  | { type: 'set-packet-capture'; enabled: boolean };

export interface StatusEvent extends ConnectionStatus {
  type: 'status';
}

export interface SubackEvent {
  type: 'suback';
  filter: string;
  /** Granted QoS (0-2) or a refusal reason code (>= 0x80). */
  reasonCode?: number;
  /** Set when the subscribe could not be sent or failed without a reason code. */
  error?: string;
}

export interface PublishResultEvent extends PublishResult {
  type: 'publish-result';
  requestId: number;
}

/**
 * Messages received since the last batch, packed for a cheap transfer: payloads live back to
 * back in one ArrayBuffer, `payloadEnds[i]` is where message i's payload ends.
 */
export interface MessageBatch {
  count: number;
  topics: string[];
  payloads: ArrayBuffer;
  payloadEnds: Uint32Array;
  /** bit 0-1 QoS, bit 2 retain, bit 3 dup */
  flags: Uint8Array;
  receivedAtMs: Float64Array;
  /** Sparse: only messages that carry MQTT 5 properties, as [index, properties]. */
  properties: Array<[number, MessageProperties]>;
  /** Messages the worker had to discard because the page did not keep up. */
  droppedInWorker: number;
  /**
   * The charted fields of these messages, read in the worker (see 'set-chart-fields'); absent
   * from a source that reads none (the page then reads them from the kept messages).
   */
  chart?: ChartValues;
}

/** Answer to 'publish-many', once every message of it was written (QoS 0) or acknowledged. */
export interface PublishManyResultEvent {
  type: 'publish-many-result';
  requestId: number;
  sent: number;
  failed: number;
  /**
   * Handed to the broker but not acknowledged when the connection closed: they may or may not
   * have arrived (QoS 1 and 2).
   */
  unknown: number;
  /** The first failure's reason, in plain words. */
  error?: string;
  reasonCode?: number;
  roundTripMs: number;
}

export type WorkerEvent =
  | StatusEvent
  | SubackEvent
  | PublishResultEvent
  | PublishManyResultEvent
  | { type: 'batch'; batch: MessageBatch }
  | PacketsEvent;

export interface PacketsEvent {
  type: 'packets';
  packets: PacketRecord[];
  /** Packets seen but not itemised because the rate was too high, by type. */
  summarized: Record<string, number>;
}
