// Against one real RabbitMQ (Debian's 3.10), started by the app server with --broker=rabbitmq:
// its Web MQTT behind /mqtt (and what it answers a 5.0 CONNECT or a wrong password with), the
// demo plant over AMQP with the command dispatcher, the scenario's AMQP helper, the topic mapping
// as the broker does it, /api/broker, and that closing leaves no process behind.
import { readFileSync } from 'node:fs';
import amqp from 'amqplib';
import mqtt from 'mqtt';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppServer } from '../app-server.mjs';
import { isLoopback, listeningSocketsOf } from '../lib/listening-sockets.mjs';
import { isRabbitmqRunning } from '../lib/rabbitmq.mjs';
import { makeDistDir, nextMessage, removeDir } from '../test-helpers.mjs';
import { mqttTopicToRoutingKey, routingKeyToMqttTopic } from './amqp-mapping.mjs';

const START_TIMEOUT_MS = 150_000;

/** @type {Awaited<ReturnType<typeof startAppServer>>} */
let app;
/** @type {string} */
let distDir;
/** @type {Array<() => Promise<unknown>>} */
const cleanups = [];

beforeAll(async () => {
  distDir = await makeDistDir();
  app = await startAppServer({
    port: 0,
    host: '127.0.0.1',
    distDir,
    broker: 'rabbitmq',
    tcpPort: 0,
    demo: true,
    log: () => undefined,
  });
}, START_TIMEOUT_MS);

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  await app?.close();
  if (distDir) await removeDir(distDir);
}, 60_000);

const wsUrl = () => `ws://127.0.0.1:${new URL(app.url).port}/mqtt`;
const amqpUrl = () => /** @type {string} */ (app.rabbitmq?.amqpUrl);

/** An MQTT 3.1.1 client through the app server's /mqtt (RabbitMQ's Web MQTT behind it). */
async function mqttClient() {
  const client = await mqtt.connectAsync(wsUrl(), { protocolVersion: 4, reconnectPeriod: 0 });
  cleanups.push(() => client.endAsync());
  return client;
}

/** An AMQP channel with an exclusive queue bound to `bindingKey` on amq.topic. */
async function amqpQueue(/** @type {string} */ bindingKey) {
  const connection = await amqp.connect(amqpUrl());
  cleanups.push(() => connection.close());
  const channel = await connection.createChannel();
  const { queue } = await channel.assertQueue('', { exclusive: true });
  await channel.bindQueue(queue, 'amq.topic', bindingKey);
  /** @type {import('amqplib').ConsumeMessage[]} */
  const messages = [];
  await channel.consume(queue, (m) => m && messages.push(m), { noAck: true });
  const next = async (/** @type {(m: import('amqplib').ConsumeMessage) => boolean} */ match) => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const found = messages.find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`nothing on ${bindingKey} within 10 s`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  return { channel, next };
}

/** @param {string} text */
function mqttString(text) {
  const bytes = Buffer.from(text);
  return Buffer.concat([Buffer.from([bytes.length >> 8, bytes.length & 0xff]), bytes]);
}

/**
 * A CONNECT packet by hand (mqtt.js over Node does not show the WebSocket close code).
 * @param {{ version: 4 | 5, clientId: string, username?: string, password?: string }} options
 */
function connectPacket({ version, clientId, username, password }) {
  const flags = 0x02 | (username ? 0x80 : 0) | (password ? 0x40 : 0);
  const body = Buffer.concat([
    mqttString('MQTT'),
    Buffer.from([version, flags, 0, 60]),
    version === 5 ? Buffer.from([0]) : Buffer.alloc(0),
    mqttString(clientId),
    username ? mqttString(username) : Buffer.alloc(0),
    password ? mqttString(password) : Buffer.alloc(0),
  ]);
  return Buffer.concat([Buffer.from([0x10, body.length]), body]);
}

/**
 * Sends one CONNECT over a WebSocket and waits for what comes back: bytes, then the close code.
 * @param {Buffer} packet
 * @returns {Promise<{ code: number | null, received: Buffer[] }>}
 */
function rawConnect(packet) {
  return new Promise((resolve) => {
    const socket = new WebSocket(wsUrl(), ['mqtt']);
    /** @type {Buffer[]} */
    const received = [];
    const timer = setTimeout(() => {
      socket.terminate();
      resolve({ code: null, received });
    }, 10_000);
    socket.on('open', () => socket.send(packet));
    socket.on('message', (data) => received.push(Buffer.from(/** @type {Buffer} */ (data))));
    socket.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, received });
    });
    socket.on('error', () => undefined);
  });
}

/** @param {number} pid */
function childrenOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
  } catch {
    return [];
  }
}

describe('RabbitMQ behind the app server (--broker=rabbitmq)', () => {
  it('listens on loopback only: AMQP, MQTT, Web MQTT, Erlang distribution and its epmd', () => {
    const rabbit = app.rabbitmq;
    expect(rabbit?.pid).toBeGreaterThan(0);
    const vm = childrenOf(/** @type {number} */ (rabbit?.pid));
    const sockets = [...vm, /** @type {number} */ (rabbit?.epmdPid)].flatMap((pid) =>
      listeningSocketsOf(pid),
    );
    const ports = sockets.map((s) => s.port);
    for (const url of [amqpUrl(), app.brokerTcpUrl, /** @type {string} */ (rabbit?.webMqttUrl)]) {
      expect(ports).toContain(Number(new URL(url).port));
    }
    expect(sockets.length).toBeGreaterThanOrEqual(5);
    for (const socket of sockets) expect(isLoopback(socket.address), socket.address).toBe(true);
  });

  it('says what it runs at /api/broker, without a password', async () => {
    const res = await fetch(`${app.url}api/broker`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({
      kind: 'rabbitmq',
      webSocketPath: '/mqtt',
      mqttVersions: ['3.1.1'],
      amqp: { user: 'guest', exchange: 'amq.topic' },
      amqpHelper: true,
      demo: { prefix: 'demo/plant/line1', via: 'amqp' },
    });
    expect(text).not.toMatch(/guest:guest|pass/i);
  });

  it('closes a 5.0 CONNECT with 1011 and no CONNACK; a wrong password with 1002', async () => {
    const v5 = await rawConnect(connectPacket({ version: 5, clientId: 'bs-test-v5' }));
    expect(v5).toEqual({ code: 1011, received: [] });
    const wrong = await rawConnect(
      connectPacket({ version: 4, clientId: 'bs-test-pw', username: 'guest', password: 'wrong' }),
    );
    expect(wrong).toEqual({ code: 1002, received: [] });
    // And 3.1.1 with the right one gets its CONNACK (0x20, accepted).
    const right = await rawConnect(
      connectPacket({ version: 4, clientId: 'bs-test-ok', username: 'guest', password: 'guest' }),
    );
    expect(right.received[0]?.subarray(0, 4)).toEqual(Buffer.from([0x20, 0x02, 0x00, 0x00]));
  }, 30_000);

  it('grants QoS 2 as QoS 1, and maps topics to routing keys as amqp-mapping.mjs says', async () => {
    const client = await mqttClient();
    const granted = await client.subscribeAsync('bs-test/map/#', { qos: 2 });
    expect(granted[0]?.qos).toBe(1);
    const { channel, next } = await amqpQueue('bs-test.map.#');

    const dotted = 'bs-test/map/firmware/v1.2';
    const arrived = nextMessage(client, (topic) => topic.startsWith('bs-test/map/firmware'));
    await client.publishAsync(dotted, 'dot', { qos: 1 });
    const seen = await next((m) => m.content.toString() === 'dot');
    expect(seen.fields.routingKey).toBe(mqttTopicToRoutingKey(dotted));
    expect(seen.properties.deliveryMode).toBe(2);
    expect(seen.properties.headers).toMatchObject({ 'x-mqtt-publish-qos': 1, 'x-mqtt-dup': false });
    expect((await arrived).topic).toBe(routingKeyToMqttTopic(mqttTopicToRoutingKey(dotted)));
    expect((await arrived).topic).toBe('bs-test/map/firmware/v1/2');

    await client.publishAsync('bs-test/map/qos0', 'zero', { qos: 0 });
    expect((await next((m) => m.content.toString() === 'zero')).properties.deliveryMode).toBe(1);

    const fromAmqp = nextMessage(client, (_topic, payload) => payload.toString() === 'amqp');
    channel.publish('amq.topic', 'bs-test.map.eu/west.star*', Buffer.from('amqp'));
    expect((await fromAmqp).topic).toBe(routingKeyToMqttTopic('bs-test.map.eu/west.star*'));
    expect((await fromAmqp).topic).toBe('bs-test/map/eu/west/star+');
  });

  it('runs the demo plant over AMQP: telemetry on amq.topic, seen as MQTT topics', async () => {
    const { next } = await amqpQueue('demo.plant.line1.temperature');
    const amqpSide = await next(() => true);
    expect(amqpSide.properties).toMatchObject({
      appId: 'brokerscope-demo',
      contentType: 'application/json',
    });
    expect(JSON.parse(amqpSide.content.toString())).toHaveProperty('celsius');

    const client = await mqttClient();
    const temperature = nextMessage(client, (topic) => topic === 'demo/plant/line1/temperature');
    await client.subscribeAsync('demo/plant/line1/temperature', { qos: 0 });
    expect(JSON.parse((await temperature).payload.toString())).toHaveProperty('celsius');
  });

  it('dispatches a motor command from its AMQP queue and replies over AMQP with the correlationId', async () => {
    const { next } = await amqpQueue('demo.plant.*.motor.set.reply');
    const client = await mqttClient();
    await client.subscribeAsync('demo/plant/line1/motor/set/reply', { qos: 1 });
    const reply = nextMessage(
      client,
      (topic, payload) =>
        topic === 'demo/plant/line1/motor/set/reply' && payload.toString().includes('bs-test-7'),
    );
    await client.publishAsync(
      'demo/plant/line1/motor/set',
      JSON.stringify({ rpm: 2345, correlationId: 'bs-test-7' }),
      { qos: 1 },
    );
    expect(JSON.parse((await reply).payload.toString())).toEqual({
      ok: true,
      rpm: 2345,
      correlationId: 'bs-test-7',
    });
    const overAmqp = await next((m) => m.content.toString().includes('bs-test-7'));
    expect(overAmqp.properties.appId).toBe('brokerscope-demo');
    expect(overAmqp.fields.routingKey).toBe('demo.plant.line1.motor.set.reply');
  });

  it('answers a scenario probe with the AMQP view, and publishes back over AMQP', async () => {
    const client = await mqttClient();
    const root = 'brokerscope/scenarios/mqtt-amqp-bstest';
    await client.subscribeAsync(`${root}/#`, { qos: 1 });
    const report = nextMessage(client, (topic) => topic === `${root}/amqp-report`);
    const back = nextMessage(client, (topic) => topic.startsWith(`${root}/from-amqp/`));
    await client.publishAsync(
      `${root}/amqp-probe/plant/line1/temperature`,
      JSON.stringify({ celsius: 21.5, sendBack: 'plant.line1.door' }),
      { qos: 1 },
    );
    expect(JSON.parse((await report).payload.toString())).toMatchObject({
      exchange: 'amq.topic',
      routingKey: 'brokerscope.scenarios.mqtt-amqp-bstest.amqp-probe.plant.line1.temperature',
      persistent: true,
      headers: { 'x-mqtt-publish-qos': 1 },
    });
    expect((await back).topic).toBe(`${root}/from-amqp/plant/line1/door`);
  });

  it('stops RabbitMQ and its epmd on close', async () => {
    const rabbit = /** @type {{ pid: number, epmdPid: number, dir: string }} */ (app.rabbitmq);
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
    await app.close();
    expect(isRabbitmqRunning(rabbit.pid, rabbit.dir)).toBe(false);
    expect(() => process.kill(rabbit.epmdPid, 0)).toThrow();
  }, 60_000);
});
