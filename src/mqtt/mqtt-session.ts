/**
 * One MQTT connection and everything the page asks of it: connect with status events and
 * jittered backoff reconnects, subscribe with SUBACK codes, publish and publish-many with
 * results, the packet capture, and message batching with back-pressure, each batch carrying
 * the values of the charted fields (read here, so the page parses nothing per message).
 * Requests come in through `handle`, events go out through `post`; no worker globals, so the
 * same code runs in the MQTT worker (see mqtt-worker.ts) and in-process in Node tests.
 */
import mqtt from 'mqtt';
import type { IClientOptions, IPublishPacket, MqttClient } from 'mqtt';
import { MessageBatcher } from './message-batcher';
import { WorkerDecoding } from './worker-decoding';
import { ChartFieldExtractor } from '../domain/chart-values';
import {
  connackHint,
  connackReasonText,
  disconnectReasonText,
  pubackReasonText,
} from './reason-codes';
import { buildClientOptions, reconnectDelayMs } from './client-options';
import { toPacketProperties, fromPacketProperties } from './message-properties';
import { PacketCapture } from './packet-capture';
import type { ConnectRequest, SubscribeOptions } from '../domain/mqtt-types';
import { classifySocketClose } from '../domain/socket-close';
import type { WorkerEvent, WorkerRequest } from './worker-protocol';
import { FLAG_DUP, FLAG_RETAIN } from '../domain/mqtt-types';

const BATCH_INTERVAL_MS = 16;
const MAX_BATCHES_IN_FLIGHT = 2;
const MAX_PENDING_MESSAGES = 200_000;
const MAX_PENDING_BYTES = 64 * 1024 * 1024;
/** Payload and topic bytes of QoS 0 messages handed to mqtt.js before waiting for them. */
const PUBLISH_SLICE_BYTES = 64 * 1024;
/** CONNACK codes that a retry cannot fix: wrong credentials, refused version, banned. */
const FINAL_CONNACK_CODES = new Set([1, 2, 4, 5, 0x84, 0x85, 0x86, 0x87, 0x8a, 0x8c]);

/** Sends one event to the page; `transfer` lists buffers it may take over (batches). */
export type PostEvent = (event: WorkerEvent, transfer?: Transferable[]) => void;

export interface MqttSessionOptions {
  /** Jitter source for reconnect delays, in [0, 1); Math.random unless a test injects one. */
  random?: () => number;
}

export interface MqttSession {
  /** One request from the page. Ignored once the session is disposed. */
  handle(request: WorkerRequest): void;
  /**
   * Ends the session as ending its worker would: the socket is closed without DISCONNECT (so
   * the broker publishes the will) and the timers stop.
   */
  dispose(): void;
}

/** Bytes of an unfinished packet above which its loss is worth naming in the status. */
const LARGE_TRANSIT_BYTES = 64 * 1024;

/**
 * Bytes arriving for a packet not yet complete. A large message on a slow link can take longer
 * than the keepalive: while its bytes keep coming the connection is alive, so the keepalive
 * timer starts over with each chunk; and when the connection is lost mid-message, the status
 * can say what was arriving.
 */
function watchTransit(client: MqttClient): {
  attach(): void;
  describeLoss(): string | undefined;
} {
  let bytes = 0;
  let sinceMs = 0;
  client.on('packetreceive', () => {
    bytes = 0;
  });
  const keepaliveMs = client.options.keepalive ? client.options.keepalive * 1000 : 0;
  let lastPingMs = performance.now();
  const onData = (chunk: Uint8Array) => {
    const nowMs = performance.now();
    if (bytes === 0) sinceMs = nowMs;
    bytes += chunk.byteLength;
    if (keepaliveMs === 0) return;
    // Bytes arrive, so the link is alive: the keepalive timeout starts over; the broker still
    // gets a PINGREQ every half keepalive, as it expects.
    if (nowMs - lastPingMs >= keepaliveMs / 2) {
      lastPingMs = nowMs;
      client.sendPing();
    }
    client.reschedulePing(true);
  };
  type DataStream = { on(e: 'data', f: (c: Uint8Array) => void): void };
  const watched = new WeakSet<DataStream>();
  /** Listens on the client's current socket: mqtt.js makes a new one on every reconnect. */
  const attach = () => {
    const stream = (client as unknown as { stream?: DataStream }).stream;
    if (!stream || watched.has(stream)) return;
    watched.add(stream);
    bytes = 0;
    stream.on('data', onData);
  };
  return {
    attach,
    describeLoss: () => {
      if (bytes < LARGE_TRANSIT_BYTES) return undefined;
      const seconds = Math.max(0.001, (performance.now() - sinceMs) / 1000);
      const mb = (bytes / (1024 * 1024)).toFixed(1);
      const rate = Math.round(bytes / 1024 / seconds);
      return `The connection closed while a large message was arriving (${mb} MB received in ${seconds.toFixed(0)} s, at ${rate} KB/s).`;
    },
  };
}

/**
 * The page's WebSocket as mqtt.js creates it, watched: whether it opened and the code it closed
 * with (mqtt.js reports only "close"; the code tells why a broker that sends no CONNACK closed).
 * Only in a browser or worker: mqtt.js over Node builds its socket with the ws library.
 */
function watchedWebSocket(
  seen: (event: 'created' | 'opened' | { closeCode: number }) => void,
): Pick<IClientOptions, 'createWebsocket'> {
  const browser =
    typeof WebSocket === 'function' &&
    (typeof window !== 'undefined' || typeof WorkerGlobalScope !== 'undefined');
  if (!browser) return {};
  return {
    createWebsocket: (url: string, protocols: string[]) => {
      const socket = new WebSocket(url, protocols);
      seen('created');
      socket.addEventListener('open', () => seen('opened'));
      socket.addEventListener('close', (event) => seen({ closeCode: event.code }));
      return socket;
    },
  };
}

export function createMqttSession(post: PostEvent, options: MqttSessionOptions = {}): MqttSession {
  const random = options.random ?? Math.random;
  // Charted fields of decoded payloads (Sparkplug B, Protobuf, CBOR…) are read from the decoded
  // value; while the decoders load for a charted field, batches wait for them.
  const decoding = new WorkerDecoding(() => flushBatch());
  const chartFields = new ChartFieldExtractor(undefined, (topic, payload, contentType) =>
    decoding.documentOf(topic, payload, contentType),
  );
  const batcher = new MessageBatcher(MAX_PENDING_MESSAGES, MAX_PENDING_BYTES, chartFields);
  let batchesInFlight = 0;
  let client: MqttClient | null = null;
  let request: ConnectRequest | null = null;
  let userClosing = false;
  let everConnected = false;
  let connectedThisAttempt = false;
  let reconnectCount = 0;
  let retryAttempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let lastFailure:
    | { reason: string; hint?: string; code?: number; final: boolean; protocolRefused?: boolean }
    | undefined;
  let disposed = false;
  const packetCapture = new PacketCapture((event) => post(event));

  /** `force` posts even past the in-flight limit: before a new connection, so no message of
   * the old one arrives after the page was told a new one begins. */
  function flushBatch(force = false): void {
    if (batcher.size === 0 || (!force && batchesInFlight >= MAX_BATCHES_IN_FLIGHT)) return;
    if (!force && decoding.waiting) return;
    const batch = batcher.take();
    batchesInFlight++;
    const transfer: Transferable[] = [
      batch.payloads,
      batch.payloadEnds.buffer,
      batch.flags.buffer,
      batch.receivedAtMs.buffer,
    ];
    if (batch.chart) {
      const { fieldIds, messages, values } = batch.chart;
      transfer.push(fieldIds.buffer, messages.buffer, values.buffer);
    }
    post({ type: 'batch', batch }, transfer);
  }
  const batchTimer = setInterval(flushBatch, BATCH_INTERVAL_MS);

  function onMessage(topic: string, payload: Uint8Array, packet: IPublishPacket): void {
    const flags =
      (packet.qos & 0b11) | (packet.retain ? FLAG_RETAIN : 0) | (packet.dup ? FLAG_DUP : 0);
    decoding.observe(topic, payload);
    // The payload may be a view into the socket's chunk; copying is done once, in take().
    batcher.add(
      topic,
      payload,
      flags,
      Date.now(),
      packet.properties ? fromPacketProperties(packet.properties) : undefined,
    );
  }

  function unreachableReason(url: string): string {
    return `Cannot reach ${url}: no MQTT broker answered there. Check the host, port and path.`;
  }

  function subscribeOne(filter: string, options: SubscribeOptions): void {
    if (!client || !client.connected) return;
    const properties =
      request?.protocolVersion === 5 && options.subscriptionIdentifier
        ? { subscriptionIdentifier: options.subscriptionIdentifier }
        : undefined;
    client.subscribe(
      filter,
      {
        qos: options.qos,
        nl: options.noLocal,
        rap: options.retainAsPublished,
        rh: options.retainHandling,
        properties,
      },
      // On a refusal mqtt.js reports an error and leaves `granted` at the requested QoS: the
      // SUBACK packet's own reason code is the truth.
      (error, _granted, packet) => {
        const code = packet?.granted?.[0];
        if (typeof code === 'number') post({ type: 'suback', filter, reasonCode: code });
        else
          post({ type: 'suback', filter, error: error?.message ?? 'The broker did not answer.' });
      },
    );
  }

  function scheduleRetry(): void {
    if (!request) return;
    // Jittered, so many pages dropped by one broker restart do not all return at once.
    const delayMs = reconnectDelayMs(retryAttempt, random());
    retryAttempt++;
    post({
      type: 'status',
      phase: 'reconnecting',
      reason: lastFailure?.reason ?? 'The connection was lost.',
      hint: lastFailure?.hint,
      reasonCode: lastFailure?.code,
      reconnectCount,
      nextRetryInMs: delayMs,
    });
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      if (!client || userClosing) return;
      connectedThisAttempt = false;
      lastFailure = undefined;
      client.reconnect();
    }, delayMs);
  }

  /**
   * Ends the current client. Graceful sends DISCONNECT first (the broker then drops the will);
   * otherwise the socket is simply closed. Our handlers ignore a client that is no longer current.
   */
  function closeClient(graceful: boolean): void {
    clearTimeout(retryTimer);
    retryTimer = undefined;
    if (client) {
      const old = client;
      client = null;
      old.on('error', () => undefined);
      old.end(!graceful || !old.connected);
    }
  }

  function connect(next: ConnectRequest): void {
    closeClient(true);
    flushBatch(true);
    request = next;
    userClosing = false;
    everConnected = false;
    connectedThisAttempt = false;
    reconnectCount = 0;
    retryAttempt = 0;
    lastFailure = undefined;
    post({ type: 'status', phase: 'connecting', reconnectCount });

    const options = buildClientOptions(next);

    let created: MqttClient;
    // This attempt's socket (each reconnect makes a new one): opened, and its close code.
    let socket: { opened: boolean; closeCode?: number } = { opened: false };
    const watched = watchedWebSocket((event) => {
      if (event === 'created') socket = { opened: false };
      else if (event === 'opened') socket.opened = true;
      else socket.closeCode = event.closeCode;
    });
    try {
      // Connected by hand below, once the packet capture listens, so CONNECT shows in the timeline.
      created = mqtt.connect(next.url, { ...options, ...watched, manualConnect: true });
    } catch (error) {
      post({
        type: 'status',
        phase: 'disconnected',
        reason: `Cannot connect to ${next.url}: ${(error as Error).message}`,
        reconnectCount,
      });
      return;
    }
    client = created;
    packetCapture.attach(created);
    created.connect();
    const transit = watchTransit(created);
    transit.attach();

    created.on('connect', (connack) => {
      transit.attach();
      if (client !== created) return;
      if (everConnected) reconnectCount++;
      everConnected = true;
      connectedThisAttempt = true;
      retryAttempt = 0;
      const p = connack.properties;
      post({
        type: 'status',
        phase: 'connected',
        reconnectCount,
        connack: {
          sessionPresent: connack.sessionPresent,
          assignedClientId: p?.assignedClientIdentifier,
          serverKeepaliveSec: p?.serverKeepAlive,
          maximumQoS: p?.maximumQoS,
          retainAvailable: p?.retainAvailable,
          wildcardSubscriptionAvailable: p?.wildcardSubscriptionAvailable,
          sharedSubscriptionAvailable: p?.sharedSubscriptionAvailable,
          subscriptionIdentifiersAvailable: p?.subscriptionIdentifiersAvailable,
          reasonString: p?.reasonString,
        },
      });
    });

    created.on('message', (topic, payload, packet) => {
      if (client === created) onMessage(topic, payload, packet);
    });

    created.on('error', (error: Error & { code?: number | string }) => {
      if (client !== created) return;
      const code = typeof error.code === 'number' ? error.code : undefined;
      if (code !== undefined && !connectedThisAttempt) {
        const version = next.protocolVersion;
        lastFailure = {
          reason: connackReasonText(code, version),
          hint: connackHint(code, version),
          code,
          final: FINAL_CONNACK_CODES.has(code),
        };
      } else if (typeof error.code === 'string') {
        // A socket error as Node names it ("connect ECONNREFUSED ...", "socket hang up"). A
        // browser's WebSocket gives none; either way 'close' says it in plain words.
        return;
      } else if (!lastFailure) {
        lastFailure = { reason: error.message || 'Connection error.', final: false };
      }
    });

    created.on('disconnect', (packet) => {
      if (client !== created) return;
      const code = packet.reasonCode ?? 0;
      lastFailure = {
        reason: `The broker closed the connection: ${disconnectReasonText(code)}.`,
        code,
        final: false,
      };
    });

    created.on('close', () => {
      if (client !== created) return;
      if (userClosing) return;
      if (!connectedThisAttempt && !lastFailure) {
        // A broker that closes without a CONNACK may say why in the close code (RabbitMQ does).
        lastFailure = classifySocketClose({
          code: socket.closeCode,
          opened: socket.opened,
          connackReceived: false,
          protocolVersion: next.protocolVersion,
          withCredentials: Boolean(next.username || next.password),
        }) ?? { reason: unreachableReason(next.url), final: false };
      } else if (connectedThisAttempt && !lastFailure) {
        lastFailure = {
          reason: transit.describeLoss() ?? 'The connection to the broker was lost.',
          final: false,
        };
      }
      connectedThisAttempt = false;
      const failure = lastFailure;
      if (failure?.final || !next.reconnect) {
        const protocolRefused =
          failure?.protocolRefused === true ||
          (next.protocolVersion === 5 && (failure?.code === 0x84 || failure?.code === 1));
        post({
          type: 'status',
          phase: 'disconnected',
          reason: failure?.reason,
          hint: failure?.hint,
          reasonCode: failure?.code,
          protocolRefused,
          reconnectCount,
        });
        closeClient(false);
        return;
      }
      scheduleRetry();
    });
  }

  function disconnect(): void {
    userClosing = true;
    const wasOpen = client !== null;
    closeClient(true);
    request = null;
    if (wasOpen) post({ type: 'status', phase: 'disconnected', reconnectCount });
  }

  function publish(message: Extract<WorkerRequest, { type: 'publish' }>): void {
    const startedMs = performance.now();
    const fail = (error: string, reasonCode?: number) =>
      post({
        type: 'publish-result',
        requestId: message.requestId,
        ok: false,
        error,
        reasonCode,
        roundTripMs: performance.now() - startedMs,
      });
    if (!client || !client.connected) {
      fail('Not sent: there is no open connection to a broker. Connect first.');
      return;
    }
    const properties =
      request?.protocolVersion === 5 && message.options.properties
        ? toPacketProperties(message.options.properties)
        : undefined;
    const target = client;
    let settled = false;
    // An acknowledgement that the closed connection can no longer bring: said at once.
    const onClose = () => {
      if (settled) return;
      settled = true;
      fail(
        'Unknown: the connection closed before the broker acknowledged it; it may or may not have arrived.',
      );
    };
    if (message.options.qos > 0) target.once('close', onClose);
    target.publish(
      message.topic,
      message.payload as never,
      { qos: message.options.qos, retain: message.options.retain, properties },
      (error) => {
        if (settled) return;
        settled = true;
        target.off('close', onClose);
        const roundTripMs = performance.now() - startedMs;
        if (error) {
          const code = (error as Error & { code?: number }).code;
          fail(typeof code === 'number' ? pubackReasonText(code) : error.message, code);
          return;
        }
        post({ type: 'publish-result', requestId: message.requestId, ok: true, roundTripMs });
      },
    );
  }

  /**
   * Publishes a chunk of messages and posts one result once every one was written (QoS 0) or
   * acknowledged (QoS 1 and 2).
   *
   * mqtt.js adds a 'drain' listener for every QoS 0 publish with a callback that its socket
   * cannot take at once: over a thousand for one chunk. So QoS 0 messages go out in slices of
   * about PUBLISH_SLICE_BYTES, and only the last message of a slice has a callback: writes
   * complete in order, so when it is called the whole slice is written; on back-pressure that
   * is after the one 'drain' mqtt.js waits for, and the next slice waits for it too. (Waiting
   * whenever the socket reports back-pressure is too fine-grained: in the browser mqtt.js's
   * stream reports it every few packets, and each drain costs a timer turn.) At QoS 1 and 2
   * each message has its callback, which the PUBACK/PUBCOMP calls; mqtt.js adds no 'drain'
   * listener for those.
   */
  function publishMany(message: Extract<WorkerRequest, { type: 'publish-many' }>): void {
    const startedMs = performance.now();
    const count = message.topics.length;
    let failed = 0;
    let unknown = 0;
    let firstError: string | undefined;
    let firstCode: number | undefined;
    const finish = () =>
      post({
        type: 'publish-many-result',
        requestId: message.requestId,
        sent: count - failed - unknown,
        failed,
        unknown,
        error: firstError,
        reasonCode: firstCode,
        roundTripMs: performance.now() - startedMs,
      });
    if (!client || !client.connected || count === 0) {
      failed = count;
      if (count > 0)
        firstError = 'Not sent: there is no open connection to a broker. Connect first.';
      finish();
      return;
    }
    const target = client;
    const qos = message.options.qos;
    const properties =
      request?.protocolVersion === 5 && message.options.properties
        ? toPacketProperties(message.options.properties)
        : undefined;
    const options = { qos, retain: message.options.retain, properties };
    const bytes = new Uint8Array(message.payloads);
    const payloadOf = (i: number) =>
      bytes.subarray(i === 0 ? 0 : message.payloadEnds[i - 1]!, message.payloadEnds[i]!);

    /** Messages not yet written or acknowledged, nor counted as failed. */
    let remaining = count;
    let next = 0;
    let done = false;
    const fail = (n: number, error: Error) => {
      failed += n;
      if (firstError === undefined) {
        const code = (error as Error & { code?: number }).code;
        firstError = typeof code === 'number' ? pubackReasonText(code) : error.message;
        firstCode = code;
      }
    };
    const settle = (n: number, error?: Error | null) => {
      if (done) return;
      if (error) fail(n, error);
      remaining -= n;
      if (remaining === 0) {
        done = true;
        target.off('close', onClose);
        finish();
      }
    };

    if (qos > 0) {
      // Acknowledgements the closed connection can no longer bring: those messages are
      // unknown (they may or may not have arrived), and the run hears so at once.
      const onCloseAcks = () => {
        if (done) return;
        unknown += remaining;
        if (firstError === undefined) {
          firstError = 'the connection closed before the broker acknowledged every message';
        }
        remaining = 0;
        done = true;
        finish();
      };
      target.once('close', onCloseAcks);
      for (let i = 0; i < count && !done; i++) {
        target.publish(message.topics[i]!, payloadOf(i) as never, options, (error) => {
          settle(1, error);
          if (done) target.off('close', onCloseAcks);
        });
      }
      return;
    }

    /** Handed to mqtt.js, not yet known to be written: the slice in flight. */
    let inFlight = 0;
    let waiting = false;
    function onClose(): void {
      // The slice in flight waits for the closed socket to drain and would never hear back.
      const unsent = inFlight + (count - next);
      next = count;
      inFlight = 0;
      settle(unsent, new Error('Not sent: the connection closed.'));
    }
    function pump(): void {
      waiting = false;
      while (next < count && !done) {
        if (target.disconnecting || !target.connected) {
          onClose();
          return;
        }
        let sliceBytes = 0;
        let last = next;
        while (last < count - 1 && sliceBytes < PUBLISH_SLICE_BYTES) {
          sliceBytes += payloadOf(last).length + message.topics[last]!.length;
          target.publish(message.topics[last]!, payloadOf(last) as never, options);
          last++;
        }
        const sliceSize = last - next + 1;
        next = last + 1;
        inFlight = sliceSize;
        let written = false;
        target.publish(message.topics[last]!, payloadOf(last) as never, options, (error) => {
          if (inFlight === 0) return; // already counted as not sent when the connection closed
          inFlight = 0;
          written = true;
          // mqtt.js's one QoS 0 refusal, "client disconnecting", is checked before each slice
          // (and would have been reported at once); an error here is this message's alone.
          settle(sliceSize - (error ? 1 : 0));
          if (error) settle(1, error);
          if (waiting) pump();
        });
        if (!written) {
          waiting = true;
          return;
        }
      }
    }

    target.on('close', onClose);
    pump();
  }

  function handle(message: WorkerRequest): void {
    if (disposed) return;
    switch (message.type) {
      case 'connect':
        connect(message.request);
        break;
      case 'disconnect':
        disconnect();
        break;
      case 'subscribe':
        // Sent only while connected: the page's subscription registry sends its whole list
        // again after every (re)connect.
        subscribeOne(message.filter, message.options);
        break;
      case 'unsubscribe':
        if (client?.connected) client.unsubscribe(message.filter);
        break;
      case 'publish':
        publish(message);
        break;
      case 'publish-many':
        publishMany(message);
        break;
      case 'set-chart-fields':
        chartFields.setFields(message.version, message.fields);
        decoding.prepare(chartFields.matches);
        break;
      case 'set-decoding':
        decoding.setDecoding(message.rules, message.schemas);
        decoding.prepare(chartFields.matches);
        break;
      case 'set-packet-capture':
        packetCapture.setEnabled(message.enabled, client);
        break;
      case 'batch-consumed':
        batchesInFlight = Math.max(0, batchesInFlight - 1);
        flushBatch();
        break;
    }
  }

  function dispose(): void {
    if (disposed) return;
    disposed = true;
    userClosing = true;
    closeClient(false);
    request = null;
    clearInterval(batchTimer);
    packetCapture.setEnabled(false, null);
  }

  return { handle, dispose };
}
