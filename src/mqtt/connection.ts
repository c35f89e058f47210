/**
 * The page's handle on the MQTT worker: commands in, typed events out. Nothing outside
 * src/mqtt/ touches the worker or mqtt.js. The handle talks to a ConnectionPort, so tests can
 * put the very same handle over an in-process MqttSession.
 */
import type { ConnectRequest, PublishOptions, SubscribeOptions } from '../domain/mqtt-types';
import type { ChartField } from '../domain/chart-values';
import type { DecodeRule } from '../domain/decoders/decode-rules';
import type { ProtoFile } from '../domain/decoders/protobuf-schema';
import type {
  MessageBatch,
  PacketsEvent,
  PublishManyResultEvent,
  PublishResultEvent,
  StatusEvent,
  SubackEvent,
  WorkerEvent,
  WorkerRequest,
} from './worker-protocol';

export interface ConnectionEvents {
  status: (event: StatusEvent) => void;
  suback: (event: SubackEvent) => void;
  batch: (batch: MessageBatch) => void;
  packets: (event: PacketsEvent) => void;
}

type Listeners = { [K in keyof ConnectionEvents]: Set<ConnectionEvents[K]> };

export interface Connection {
  connect(request: ConnectRequest): void;
  disconnect(): void;
  subscribe(filter: string, options: SubscribeOptions): void;
  unsubscribe(filter: string): void;
  publish(topic: string, payload: Uint8Array, options: PublishOptions): Promise<PublishResultEvent>;
  /** Many messages with the same options in one worker round trip (for generator bursts). */
  publishMany(
    topics: string[],
    payloads: Uint8Array[],
    options: PublishOptions,
  ): Promise<PublishManyResultEvent>;
  on<K extends keyof ConnectionEvents>(name: K, listener: ConnectionEvents[K]): () => void;
  /** Turns the packet timeline's capture on or off in the worker. */
  setPacketCapture(enabled: boolean): void;
  /**
   * The fields the charts sample, read in the worker from the next batch on (the whole list,
   * `version` growing with each); their values arrive in `MessageBatch.chart`.
   */
  setChartFields(version: number, fields: ChartField[]): void;
  /** The decode rules and .proto schemas the worker applies to charted fields. */
  setDecoding(rules: DecodeRule[], schemas: ProtoFile[]): void;
  /** Ends the worker; for short-lived extra connections. */
  terminate(): void;
}

/**
 * Where the handle's requests go and its events come from: the MQTT worker, or anything shaped
 * like it (a test's in-process MqttSession). A Worker is one as it is.
 */
export interface ConnectionPort {
  postMessage(message: WorkerRequest, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent<WorkerEvent>) => void) | null;
  /** Ends the other side (the worker and its socket). */
  terminate(): void;
}

/** The page's connection: an MqttSession in its own worker. */
export function createConnection(): Connection {
  return connectionOverPort(
    new Worker(new URL('./mqtt-worker.ts', import.meta.url), { type: 'module', name: 'mqtt' }),
  );
}

/** The handle over any port: requests out, events in, publish results matched by request ID. */
export function connectionOverPort(port: ConnectionPort): Connection {
  const listeners: Listeners = {
    status: new Set(),
    suback: new Set(),
    batch: new Set(),
    packets: new Set(),
  };
  const pendingPublishes = new Map<number, (result: PublishResultEvent) => void>();
  const pendingPublishMany = new Map<number, (result: PublishManyResultEvent) => void>();
  let nextRequestId = 1;

  const send = (message: WorkerRequest, transfer: Transferable[] = []) =>
    port.postMessage(message, transfer);

  port.onmessage = (event: MessageEvent<WorkerEvent>) => {
    const message = event.data;
    switch (message.type) {
      case 'status':
        for (const listener of listeners.status) listener(message);
        break;
      case 'suback':
        for (const listener of listeners.suback) listener(message);
        break;
      case 'publish-result': {
        const resolve = pendingPublishes.get(message.requestId);
        pendingPublishes.delete(message.requestId);
        resolve?.(message);
        break;
      }
      case 'publish-many-result': {
        const resolve = pendingPublishMany.get(message.requestId);
        pendingPublishMany.delete(message.requestId);
        resolve?.(message);
        break;
      }
      case 'packets':
        for (const listener of listeners.packets) listener(message);
        break;
      case 'batch':
        for (const listener of listeners.batch) listener(message.batch);
        // Acknowledge after ingest so a slow page slows the flow instead of queueing batches.
        send({ type: 'batch-consumed' });
        break;
    }
  };

  return {
    connect: (request) => send({ type: 'connect', request }),
    disconnect: () => send({ type: 'disconnect' }),
    subscribe: (filter, options) => send({ type: 'subscribe', filter, options }),
    unsubscribe: (filter) => send({ type: 'unsubscribe', filter }),
    publish(topic, payload, options) {
      const requestId = nextRequestId++;
      return new Promise((resolve) => {
        pendingPublishes.set(requestId, resolve);
        send({ type: 'publish', requestId, topic, payload, options });
      });
    },
    publishMany(topics, payloads, options) {
      const requestId = nextRequestId++;
      const payloadEnds = new Uint32Array(payloads.length);
      let total = 0;
      payloads.forEach((p, i) => (payloadEnds[i] = total += p.byteLength));
      const packed = new Uint8Array(total);
      payloads.forEach((p, i) => packed.set(p, (payloadEnds[i] ?? 0) - p.byteLength));
      return new Promise((resolve) => {
        pendingPublishMany.set(requestId, resolve);
        send(
          {
            type: 'publish-many',
            requestId,
            topics,
            payloads: packed.buffer,
            payloadEnds,
            options,
          },
          [packed.buffer, payloadEnds.buffer],
        );
      });
    },
    setPacketCapture: (enabled) => send({ type: 'set-packet-capture', enabled }),
    setChartFields: (version, fields) => send({ type: 'set-chart-fields', version, fields }),
    setDecoding: (rules, schemas) => send({ type: 'set-decoding', rules, schemas }),
    terminate: () => port.terminate(),
    on(name, listener) {
      const set = listeners[name] as Set<typeof listener>;
      set.add(listener);
      return () => set.delete(listener);
    },
  };
}
