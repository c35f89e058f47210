/**
 * MqttSession against a real broker (the app server's embedded aedes 2, over WebSocket), with
 * real mqtt.js: what the worker reports to the page for connect, subscribe, publish, receive,
 * refusals and reconnects.
 */
import { WebSocket, WebSocketServer } from 'ws';
import mqtt from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectRequest } from '../domain/mqtt-types';
import { startTestBroker, type TestBroker } from '../test-support/test-broker';
import { reconnectDelayMs } from './client-options';
import { createMqttSession, type MqttSession, type MqttSessionOptions } from './mqtt-session';
import type { MessageBatch, StatusEvent, WorkerEvent } from './worker-protocol';

const WAIT_MS = 5000;

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(() => broker?.stop());

let cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

let clients = 0;
function request(overrides: Partial<ConnectRequest> = {}): ConnectRequest {
  return {
    url: broker.wsUrl,
    clientId: `session-test-${++clients}`,
    protocolVersion: 5,
    clean: true,
    keepaliveSec: 30,
    connectTimeoutMs: 5000,
    reconnect: false,
    ...overrides,
  };
}

/** Matches events of one type, typed as such. */
const is =
  <K extends WorkerEvent['type']>(type: K) =>
  (event: WorkerEvent): event is Extract<WorkerEvent, { type: K }> =>
    event.type === type;

/** A session whose posted events are recorded, as the page would receive them. */
function open(options?: MqttSessionOptions) {
  const events: WorkerEvent[] = [];
  const wakes = new Set<() => void>();
  const session: MqttSession = createMqttSession((event) => {
    events.push(event);
    for (const wake of wakes) wake();
  }, options);
  cleanups.push(() => session.dispose());

  /** The first event (so far or to come) that passes `match`. */
  function next<T extends WorkerEvent>(match: (event: WorkerEvent) => event is T): Promise<T>;
  function next(match: (event: WorkerEvent) => boolean): Promise<WorkerEvent>;
  function next(match: (event: WorkerEvent) => boolean): Promise<WorkerEvent> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = events.find(match);
        if (!found) return;
        wakes.delete(check);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = setTimeout(() => {
        wakes.delete(check);
        reject(new Error(`no such event within ${WAIT_MS} ms; got ${JSON.stringify(events)}`));
      }, WAIT_MS);
      wakes.add(check);
      check();
    });
  }
  const statuses = () => events.filter(is('status'));
  /** The `nth` status event with this phase. */
  const phase =
    (wanted: StatusEvent['phase'], nth = 1) =>
    (event: WorkerEvent): event is StatusEvent =>
      statuses().filter((e) => e.phase === wanted)[nth - 1] === event;
  const batches = () => events.filter(is('batch')).map((e) => e.batch);
  return { session, events, next, phase, statuses, batches };
}

async function connected(options?: MqttSessionOptions, overrides?: Partial<ConnectRequest>) {
  const s = open(options);
  s.session.handle({ type: 'connect', request: request(overrides) });
  const status = await s.next(s.phase('connected'));
  return { ...s, status };
}

function texts(batch: MessageBatch): string[] {
  const bytes = new Uint8Array(batch.payloads);
  return Array.from(batch.payloadEnds, (end, i) =>
    new TextDecoder().decode(bytes.subarray(i === 0 ? 0 : batch.payloadEnds[i - 1], end)),
  );
}

const encode = (text: string) => new TextEncoder().encode(text);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('MqttSession on aedes', () => {
  it('connects: connecting, then connected with the CONNACK facts, and the handshake captured', async () => {
    const s = open();
    s.session.handle({ type: 'set-packet-capture', enabled: true });
    s.session.handle({ type: 'connect', request: request() });
    const status = await s.next(s.phase('connected'));
    expect(s.statuses()[0]).toEqual({ type: 'status', phase: 'connecting', reconnectCount: 0 });
    expect(status.reconnectCount).toBe(0);
    // aedes 2 answers MQTT 5 with a CONNACK that says it has no shared subscriptions.
    expect(status.connack).toMatchObject({
      sessionPresent: false,
      sharedSubscriptionAvailable: false,
    });
    await s.next((e) => is('packets')(e) && e.packets.some((p) => p.type === 'CONNACK'));
    const captured = s.events.filter(is('packets')).flatMap((e) => e.packets);
    expect(captured.map((p) => p.type)).toEqual(['CONNECT', 'CONNACK']);
  });

  it('subscribe: the SUBACK code, granted or refused', async () => {
    const s = await connected();
    s.session.handle({ type: 'subscribe', filter: 'session/a/#', options: { qos: 1 } });
    s.session.handle({ type: 'subscribe', filter: 'session/b', options: { qos: 2 } });
    // Refused by aedes 2 with 0x9E "Shared subscriptions not supported".
    s.session.handle({ type: 'subscribe', filter: '$share/g/session/c', options: { qos: 1 } });
    const suback = (filter: string) => s.next((e) => is('suback')(e) && e.filter === filter);
    expect(await suback('session/a/#')).toEqual({
      type: 'suback',
      filter: 'session/a/#',
      reasonCode: 1,
    });
    expect(await suback('session/b')).toMatchObject({ reasonCode: 2 });
    expect(await suback('$share/g/session/c')).toMatchObject({ reasonCode: 0x9e });
  });

  it('publish at QoS 1: an ok result, and the message comes back in a batch', async () => {
    const s = await connected();
    s.session.handle({ type: 'subscribe', filter: 'session/pub/#', options: { qos: 1 } });
    await s.next((e) => e.type === 'suback');
    s.session.handle({
      type: 'publish',
      requestId: 7,
      topic: 'session/pub/one',
      payload: encode('hello ü'),
      options: { qos: 1, retain: false, properties: { contentType: 'text/plain' } },
    });
    const result = await s.next((e) => e.type === 'publish-result');
    expect(result).toMatchObject({ type: 'publish-result', requestId: 7, ok: true });
    const { batch } = await s.next(is('batch'));
    expect(batch.topics).toEqual(['session/pub/one']);
    expect(texts(batch)).toEqual(['hello ü']);
    expect(batch.flags[0]! & 0b11).toBe(1);
    expect(batch.properties).toEqual([[0, { contentType: 'text/plain' }]]);
  });

  it('charted fields arrive as typed values in the batch, their buffers transferred', async () => {
    // The session's own post, to see what each batch transfers.
    const events: WorkerEvent[] = [];
    const transfers: Transferable[][] = [];
    const session = createMqttSession((event, transfer = []) => {
      events.push(event);
      if (event.type === 'batch') transfers.push(transfer);
    });
    cleanups.push(() => session.dispose());
    const batches = () => events.filter(is('batch')).map((e) => e.batch);
    session.handle({
      type: 'set-chart-fields',
      version: 4,
      fields: [
        { id: 11, match: 'session/chart/motor', wildcard: false, path: 'rpm', booleans: false },
        { id: 12, match: 'session/chart/+', wildcard: true, path: 'on', booleans: true },
      ],
    });
    session.handle({ type: 'connect', request: request() });
    await expect
      .poll(() => events.some((e) => is('status')(e) && e.phase === 'connected'))
      .toBe(true);
    session.handle({ type: 'subscribe', filter: 'session/chart/#', options: { qos: 0 } });
    await expect.poll(() => events.some(is('suback'))).toBe(true);
    session.handle({
      type: 'publish-many',
      requestId: 1,
      topics: ['session/chart/motor', 'session/chart/door', 'session/chart/motor'],
      payloads: encode('{"rpm":1500,"on":true}{"on":false}{"rpm":"fast"}').buffer,
      payloadEnds: new Uint32Array([22, 34, 48]),
      options: { qos: 0, retain: false },
    });
    await expect.poll(() => batches().reduce((n, b) => n + b.count, 0)).toBe(3);
    const values = batches().flatMap((batch) => {
      const chart = batch.chart!;
      expect(chart.version).toBe(4);
      expect(chart.fieldIds).toBeInstanceOf(Uint32Array);
      expect(chart.values).toBeInstanceOf(Float64Array);
      return Array.from(chart.fieldIds, (id, k) => [
        id,
        batch.topics[chart.messages[k]!],
        chart.values[k],
      ]);
    });
    expect(values).toEqual([
      [11, 'session/chart/motor', 1500],
      [12, 'session/chart/motor', 1],
      [12, 'session/chart/door', 0],
      [11, 'session/chart/motor', NaN],
      [12, 'session/chart/motor', NaN],
    ]);
    const chart = batches()[0]!.chart!;
    expect(transfers[0]).toEqual(
      expect.arrayContaining([chart.fieldIds.buffer, chart.messages.buffer, chart.values.buffer]),
    );
  });

  it('publish-many: one result once every message is acknowledged', async () => {
    const s = await connected();
    s.session.handle({ type: 'subscribe', filter: 'session/many/+', options: { qos: 1 } });
    await s.next((e) => e.type === 'suback');
    const payloads = ['a', 'bb', 'ccc'].map(encode);
    const packed = new Uint8Array([...payloads[0]!, ...payloads[1]!, ...payloads[2]!]);
    s.session.handle({
      type: 'publish-many',
      requestId: 3,
      topics: ['session/many/1', 'session/many/2', 'session/many/3'],
      payloads: packed.buffer,
      payloadEnds: new Uint32Array([1, 3, 6]),
      options: { qos: 1, retain: false },
    });
    expect(await s.next((e) => e.type === 'publish-many-result')).toMatchObject({
      requestId: 3,
      sent: 3,
      failed: 0,
    });
    await expect.poll(() => s.batches().flatMap(texts)).toEqual(['a', 'bb', 'ccc']);
  });

  it('publish-many of 10,000 at QoS 0: every one sent and received, one drain listener at a time', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    cleanups.push(() => process.off('warning', onWarning));
    const receiver = await mqtt.connectAsync(broker.tcpUrl, { reconnectPeriod: 0 });
    cleanups.push(() => receiver.endAsync());
    const received = new Set<string>();
    receiver.on('message', (_topic, payload) => received.add(payload.toString()));
    await receiver.subscribeAsync('session/bulk/#', { qos: 0 });

    const s = await connected();
    const total = 10_000;
    const payloads = Array.from({ length: total }, (_, i) => encode(String(i)));
    const payloadEnds = new Uint32Array(total);
    let end = 0;
    payloads.forEach((p, i) => (payloadEnds[i] = end += p.length));
    const packed = new Uint8Array(end);
    payloads.forEach((p, i) => packed.set(p, i === 0 ? 0 : payloadEnds[i - 1]));
    s.session.handle({
      type: 'publish-many',
      requestId: 9,
      topics: Array.from({ length: total }, (_, i) => `session/bulk/t${i % 1000}`),
      payloads: packed.buffer,
      payloadEnds,
      options: { qos: 0, retain: false },
    });
    expect(await s.next((e) => e.type === 'publish-many-result')).toMatchObject({
      requestId: 9,
      sent: total,
      failed: 0,
    });
    await expect.poll(() => received.size, { timeout: WAIT_MS }).toBe(total);
    // Warnings are emitted on the next tick.
    await sleep(10);
    expect(warnings.map((w) => `${w.name}: ${w.message}`)).toEqual([]);
  });

  it('publish-many cut short by a closed connection: one result, the rest counted as not sent', async () => {
    const s = await connected();
    const total = 10_000;
    s.session.handle({
      type: 'publish-many',
      requestId: 10,
      topics: Array.from({ length: total }, (_, i) => `session/cut/t${i % 1000}`),
      payloads: new Uint8Array(total * 8).fill(0x61).buffer,
      payloadEnds: Uint32Array.from({ length: total }, (_, i) => (i + 1) * 8),
      options: { qos: 0, retain: false },
    });
    // Closes the socket at once, while most of the chunk still waits for it to drain.
    s.session.dispose();
    const result = await s.next(is('publish-many-result'));
    expect(result).toMatchObject({ requestId: 10, error: 'Not sent: the connection closed.' });
    expect(result.failed).toBeGreaterThan(0);
    expect(result.sent + result.failed).toBe(total);
    expect(s.events.filter(is('publish-many-result'))).toHaveLength(1);
  });

  it('QoS 1 messages the broker never acknowledged are settled as unknown when the connection drops', async () => {
    // A broker that takes the PUBLISH but never answers it (authorization that never returns).
    const authorize = broker.aedes.authorizePublish;
    broker.aedes.authorizePublish = (client, packet, callback) => {
      if (packet.topic.startsWith('session/noack/')) return;
      authorize.call(broker.aedes, client, packet, callback);
    };
    cleanups.push(() => (broker.aedes.authorizePublish = authorize));
    const clientId = 'session-test-noack';
    const s = await connected(undefined, { clientId, reconnect: true });
    s.session.handle({
      type: 'publish',
      requestId: 21,
      topic: 'session/noack/one',
      payload: encode('x'),
      options: { qos: 1, retain: false },
    });
    s.session.handle({
      type: 'publish-many',
      requestId: 22,
      topics: ['session/noack/a', 'session/noack/b'],
      payloads: encode('ab').buffer,
      payloadEnds: new Uint32Array([1, 2]),
      options: { qos: 1, retain: false },
    });
    await sleep(200);
    expect(s.events.filter((e) => e.type === 'publish-result')).toHaveLength(0);
    broker.dropClient(clientId);
    expect(await s.next(is('publish-result'))).toMatchObject({
      requestId: 21,
      ok: false,
      error: expect.stringMatching(
        /^Unknown: the connection closed before the broker acknowledged/,
      ),
    });
    expect(await s.next(is('publish-many-result'))).toMatchObject({
      requestId: 22,
      sent: 0,
      failed: 0,
      unknown: 2,
    });
  });

  /**
   * A WebSocket relay in front of the broker that passes its packets on in 6.4 KB messages every
   * 100 ms, as Mosquitto's WebSocket listener does with a large one; optionally it closes once
   * `closeAfterBytes` went through.
   */
  async function slowRelay(closeAfterBytes = Infinity): Promise<string> {
    const relay = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    cleanups.push(() => new Promise((resolve) => relay.close(() => resolve(undefined))));
    relay.on('connection', (inbound) => {
      const outbound = new WebSocket(broker.wsUrl, 'mqtt');
      const early: Buffer[] = [];
      let queue = Promise.resolve();
      let passed = 0;
      inbound.on('message', (data: Buffer) =>
        outbound.readyState === WebSocket.OPEN ? outbound.send(data) : early.push(data),
      );
      outbound.on('open', () => early.forEach((d) => outbound.send(d)));
      outbound.on('message', (data: Buffer) => {
        queue = queue.then(async () => {
          for (let offset = 0; offset < data.length; offset += 6_400) {
            if (inbound.readyState !== WebSocket.OPEN) return;
            inbound.send(data.subarray(offset, offset + 6_400));
            passed += Math.min(6_400, data.length - offset);
            if (passed >= closeAfterBytes) {
              inbound.terminate();
              return;
            }
            if (data.length > 6_400) await sleep(100);
          }
        });
      });
      inbound.on('close', () => outbound.close());
      outbound.on('close', () => inbound.close());
    });
    await new Promise((resolve) => relay.once('listening', resolve));
    return `ws://127.0.0.1:${(relay.address() as { port: number }).port}/mqtt`;
  }

  async function publishLarge(bytes: number): Promise<void> {
    const publisher = await mqtt.connectAsync(broker.tcpUrl, { reconnectPeriod: 0 });
    cleanups.push(() => publisher.endAsync());
    await publisher.publishAsync('session/slow', Buffer.alloc(bytes, 0x61));
  }

  it('a large message on a slow link keeps the connection alive past the keepalive', async () => {
    // 192 KB at 64 KB/s take 3 s: twice the 1.5 s a 1 s keepalive allows without a packet.
    const s = await connected(undefined, { url: await slowRelay(), keepaliveSec: 1 });
    s.session.handle({ type: 'subscribe', filter: 'session/slow', options: { qos: 0 } });
    await s.next((e) => e.type === 'suback');
    await publishLarge(192 * 1024);
    const { batch } = await s.next(is('batch'));
    expect(batch.payloadEnds[0]).toBe(192 * 1024);
    expect(s.statuses().map((e) => e.phase)).toEqual(['connecting', 'connected']);
  }, 20_000);

  it('a connection lost while a large message arrives says so', async () => {
    const s = await connected(undefined, { url: await slowRelay(128 * 1024), reconnect: false });
    s.session.handle({ type: 'subscribe', filter: 'session/slow', options: { qos: 0 } });
    await s.next((e) => e.type === 'suback');
    await publishLarge(512 * 1024);
    const closed = await s.next(s.phase('disconnected'));
    expect(closed.reason).toMatch(
      /^The connection closed while a large message was arriving \(0\.1 MB received in \d+ s, at \d+ KB\/s\)\.$/,
    );
  }, 20_000);

  it('publish without a connection: not sent, in plain words', async () => {
    const s = open();
    s.session.handle({
      type: 'publish',
      requestId: 1,
      topic: 'x',
      payload: encode('x'),
      options: { qos: 0, retain: false },
    });
    expect(await s.next((e) => e.type === 'publish-result')).toMatchObject({
      ok: false,
      error: 'Not sent: there is no open connection to a broker. Connect first.',
    });
  });

  it('holds batches back while the page has two unconsumed, then sends the rest', async () => {
    const s = await connected();
    s.session.handle({ type: 'subscribe', filter: 'session/flow', options: { qos: 0 } });
    await s.next((e) => e.type === 'suback');
    const publisher = await mqtt.connectAsync(broker.tcpUrl, { reconnectPeriod: 0 });
    cleanups.push(() => publisher.endAsync());
    for (const text of ['1', '2']) {
      await publisher.publishAsync('session/flow', text);
      await expect.poll(() => s.batches().flatMap(texts)).toContain(text);
    }
    await publisher.publishAsync('session/flow', '3');
    await publisher.publishAsync('session/flow', '4');
    await sleep(200);
    expect(s.batches().map(texts)).toEqual([['1'], ['2']]);
    s.session.handle({ type: 'batch-consumed' });
    await expect.poll(() => s.batches().map(texts)).toEqual([['1'], ['2'], ['3', '4']]);
  });

  it('a wrong URL path: disconnected, with a plain-language reason', async () => {
    const s = open();
    const url = broker.wsUrl.replace(/\/mqtt$/, '/nothing-here');
    s.session.handle({ type: 'connect', request: request({ url }) });
    const status = await s.next(s.phase('disconnected'));
    expect(status.reason).toBe(
      `Cannot reach ${url}: no MQTT broker answered there. Check the host, port and path.`,
    );
    expect(s.statuses().map((e) => e.phase)).toEqual(['connecting', 'disconnected']);
  });

  it('bad credentials: the CONNACK reason and a hint in plain words, and no retry', async () => {
    const authenticate = broker.aedes.authenticate;
    broker.aedes.authenticate = (_client, _username, _password, done) =>
      done(Object.assign(new Error('no'), { returnCode: 4 }), false);
    cleanups.push(() => (broker.aedes.authenticate = authenticate));
    for (const protocolVersion of [5, 4] as const) {
      const s = open();
      s.session.handle({
        type: 'connect',
        request: request({ protocolVersion, username: 'who', password: 'wrong', reconnect: true }),
      });
      const status = await s.next(s.phase('disconnected'));
      expect(status).toMatchObject({
        reason: 'Bad user name or password',
        hint: 'Check the user name and password.',
        reasonCode: protocolVersion === 5 ? 0x86 : 4,
        protocolRefused: false,
      });
      expect(s.statuses().some((e) => e.phase === 'reconnecting')).toBe(false);
    }
  });

  it('retries an unreachable broker after jittered delays', async () => {
    const randoms = [0.8, 0.2];
    const s = open({ random: () => randoms.shift() ?? 0 });
    const url = 'ws://127.0.0.1:1/mqtt';
    s.session.handle({ type: 'connect', request: request({ url, reconnect: true }) });
    const first = await s.next(s.phase('reconnecting', 1));
    const second = await s.next(s.phase('reconnecting', 2));
    expect(first.reason).toBe(
      `Cannot reach ${url}: no MQTT broker answered there. Check the host, port and path.`,
    );
    // 1 s and 2 s backoff, each shortened by the jitter: 1000 × (1 − 0.8/2), 2000 × (1 − 0.2/2).
    expect([first.nextRetryInMs, second.nextRetryInMs]).toEqual([600, 1800]);
    expect(first.nextRetryInMs).toBe(reconnectDelayMs(0, 0.8));
  });

  it('reconnects after the broker drops it; a subscribe sent after that is answered', async () => {
    const clientId = 'session-test-dropped';
    const s = await connected({ random: () => 1 }, { clientId, reconnect: true });
    s.session.handle({ type: 'subscribe', filter: 'session/again', options: { qos: 1 } });
    await s.next((e) => e.type === 'suback');
    broker.dropClient(clientId);
    const retry = await s.next(s.phase('reconnecting'));
    expect(retry).toMatchObject({
      reason: 'The connection to the broker was lost.',
      nextRetryInMs: 500,
    });
    const back = await s.next(s.phase('connected', 2));
    expect(back.reconnectCount).toBe(1);
    // The page's registry sends its list again on every 'connected'.
    s.session.handle({ type: 'subscribe', filter: 'session/again', options: { qos: 1 } });
    await expect
      .poll(() => s.events.filter((e) => e.type === 'suback' && e.filter === 'session/again'))
      .toHaveLength(2);
  });

  it('dispose drops the connection without DISCONNECT, so the broker publishes the will', async () => {
    const watcher = await mqtt.connectAsync(broker.tcpUrl, { reconnectPeriod: 0 });
    cleanups.push(() => watcher.endAsync());
    await watcher.subscribeAsync('session/will', { qos: 1 });
    const will = new Promise<string>((resolve) =>
      watcher.on('message', (_topic, payload) => resolve(payload.toString())),
    );
    const s = await connected(undefined, {
      will: { topic: 'session/will', payload: 'gone', qos: 1, retain: false },
    });
    s.session.dispose();
    expect(await will).toBe('gone');
  });
});
