// The Redis bridge against a real redis-server (started here on a free loopback port) and the
// embedded broker, with an mqtt.js client and an ioredis client playing the other sides.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import mqtt from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedBroker } from '../embedded-broker.mjs';
import { startRedisServer } from '../lib/redis.mjs';
import { freePort } from '../lib/ports.mjs';
import { nextMessage } from '../test-helpers.mjs';
import { retryDelayMs, startRedisBridge } from './redis.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** An mqtt.js client subscribed to `filters`, collecting what arrives. */
async function mqttClient(url, filters, protocolVersion = 5) {
  const client = await mqtt.connectAsync(url, { protocolVersion, reconnectPeriod: 0 });
  const messages = [];
  client.on('message', (topic, payload, packet) => messages.push({ topic, payload, packet }));
  if (filters.length) await client.subscribeAsync(filters, { qos: 1 });
  return { client, messages };
}

/** Resolves once `read()` returns a truthy value; rejects after `timeoutMs`. */
async function until(read, timeoutMs = 8000, what = 'condition') {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/** The retained status, as a fresh subscriber gets it. */
async function statusOf(url) {
  const { client } = await mqttClient(url, []);
  try {
    const waiting = nextMessage(client, (topic) => topic === 'redis/bridge/status', 3000);
    await client.subscribeAsync('redis/bridge/status');
    return JSON.parse((await waiting).payload.toString());
  } finally {
    await client.endAsync();
  }
}

describe('retry delays', () => {
  it('back off from 0.5 s to 5 s', () => {
    expect([1, 2, 3, 4, 5, 9].map(retryDelayMs)).toEqual([500, 1000, 2000, 4000, 5000, 5000]);
  });
});

describe('Redis bridge against redis-server', { timeout: 30_000 }, () => {
  let broker;
  let redisServer;
  let bridge;
  let redis;
  const logs = [];
  const closers = [];

  beforeAll(async () => {
    broker = await startEmbeddedBroker({ tcpPort: 0, host: '127.0.0.1' });
    redisServer = await startRedisServer();
    redis = new Redis(redisServer.url, { protocol: 2 });
    bridge = await startRedisBridge({
      redisUrl: redisServer.url,
      mqttUrl: `mqtt://127.0.0.1:${broker.tcpPort}`,
      scanIntervalMs: 300,
      log: (...args) => logs.push(args.join(' ')),
    });
    await until(() => bridge.status().state === 'connected', 8000, 'the bridge to connect');
  });
  afterEach(async () => {
    while (closers.length) await closers.pop()();
  });
  afterAll(async () => {
    await bridge?.close();
    redis?.disconnect();
    await redisServer?.stop();
    await broker?.close();
  });

  const url = () => `mqtt://127.0.0.1:${broker.tcpPort}`;
  const app = async (filters, version) => {
    const c = await mqttClient(url(), filters, version);
    closers.push(() => c.client.endAsync());
    return c;
  };

  it('forwards a PUBLISH to redis/pubsub/<channel> with the channel as a user property', async () => {
    const { client } = await app(['redis/pubsub/#']);
    const arrived = nextMessage(client, (topic) => topic === 'redis/pubsub/orders:created');
    await redis.publish('orders:created', '{"id":1}');
    const { payload, packet } = await arrived;
    expect(payload.toString()).toBe('{"id":1}');
    expect(packet.properties?.userProperties).toEqual({ 'redis-channel': 'orders:created' });
    expect(packet.retain).toBe(false);
  });

  it('passes binary payloads as bytes, both ways', async () => {
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const { client } = await app(['redis/pubsub/+']);
    const arrived = nextMessage(client, (topic) => topic === 'redis/pubsub/bin');
    await redis.publish('bin', bytes);
    expect((await arrived).payload.equals(bytes)).toBe(true);

    const listener = new Redis(redisServer.url, { protocol: 2 });
    closers.push(() => listener.disconnect());
    const got = [];
    listener.on('messageBuffer', (_channel, message) => got.push(message));
    await listener.subscribe('bin-back');
    const big = randomBytes(3 * 1024 * 1024);
    await client.publishAsync('redis/pubsub/bin-back', big, { qos: 1 });
    await until(() => got.length > 0, 8000, 'the bytes in Redis');
    expect(got[0].equals(big)).toBe(true);
  });

  it('carries a 40 MB message (above the 32 MB pub/sub output limit Redis has by default)', async () => {
    const { client } = await app(['redis/pubsub/large']);
    const large = randomBytes(40 * 1024 * 1024);
    const arrived = nextMessage(client, (topic) => topic === 'redis/pubsub/large', 20_000);
    await redis.publish('large', large);
    expect((await arrived).payload.equals(large)).toBe(true);
    expect(bridge.status().state).toBe('connected');
  });

  it('sends an app publish on redis/pubsub/<channel> to Redis once, without echoing it back', async () => {
    const listener = new Redis(redisServer.url, { protocol: 2 });
    closers.push(() => listener.disconnect());
    const got = [];
    listener.on('message', (channel, message) => got.push({ channel, message }));
    await listener.subscribe('alerts:test');
    const { client, messages } = await app(['redis/pubsub/alerts:test']);
    await client.publishAsync('redis/pubsub/alerts:test', 'door open', { qos: 1 });
    await until(() => got.length > 0, 8000, 'the message in Redis');
    await sleep(500);
    expect(got).toEqual([{ channel: 'alerts:test', message: 'door open' }]);
    // The app's own publish, once: the bridge did not bring it back from Redis a second time.
    expect(messages.map((m) => m.payload.toString())).toEqual(['door open']);
    // Someone else's equal message on Redis still comes through.
    await redis.publish('alerts:test', 'door open');
    await until(() => messages.length === 2, 8000, 'the second message');
  });

  it('keeps from looping on MQTT 3.1.1 too (no No Local there)', async () => {
    // A broker of its own: two bridges between one broker and one Redis would pass each other's
    // messages back and forth.
    const broker4 = await startEmbeddedBroker({ tcpPort: 0, host: '127.0.0.1' });
    closers.push(() => broker4.close());
    const url4 = `mqtt://127.0.0.1:${broker4.tcpPort}`;
    const bridge4 = await startRedisBridge({
      redisUrl: redisServer.url,
      mqttUrl: url4,
      channels: 'v4:*',
      protocolVersion: 4,
      log: () => undefined,
    });
    closers.push(() => bridge4.close());
    await until(() => bridge4.status().state === 'connected', 8000, 'the 3.1.1 bridge');
    const listener = new Redis(redisServer.url, { protocol: 2 });
    closers.push(() => listener.disconnect());
    const got = [];
    listener.on('message', (_channel, message) => got.push(message));
    await listener.subscribe('v4:x');
    const c = await mqttClient(url4, ['redis/pubsub/v4:x'], 4);
    closers.push(() => c.client.endAsync());
    await c.client.publishAsync('redis/pubsub/v4:x', 'once', { qos: 1 });
    await sleep(1000);
    expect(got).toEqual(['once']);
    expect(c.messages.map((m) => m.payload.toString())).toEqual(['once']);
    await redis.publish('v4:x', 'from redis');
    await until(() => c.messages.length === 2, 8000, 'the message from Redis');
    await sleep(500);
    expect(got).toEqual(['once', 'from redis']);
    expect(c.messages.map((m) => m.payload.toString())).toEqual(['once', 'from redis']);
  });

  it('never sends back to Redis what came from Redis (it carries redis-channel)', async () => {
    const listener = new Redis(redisServer.url, { protocol: 2 });
    closers.push(() => listener.disconnect());
    const got = [];
    listener.on('message', (_channel, message) => got.push(message));
    await listener.subscribe('relayed');
    const { client } = await app([]);
    await client.publishAsync('redis/pubsub/relayed', 'seen before', {
      qos: 1,
      properties: { userProperties: { 'redis-channel': 'relayed' } },
    });
    await client.publishAsync('redis/pubsub/relayed', 'new', { qos: 1 });
    await until(() => got.length > 0, 8000, 'the new message');
    await sleep(300);
    expect(got).toEqual(['new']);
  });

  it('forwards an XADD to redis/stream/<key> as JSON, with its stream and ID', async () => {
    const { client } = await app(['redis/stream/#']);
    const arrived = nextMessage(client, (topic) => topic === 'redis/stream/orders-a');
    const id = await redis.xadd('orders-a', '*', 'sku', 'A-1', 'qty', '2');
    const { payload, packet } = await arrived;
    expect(JSON.parse(payload.toString())).toEqual({ sku: 'A-1', qty: 2 });
    expect(packet.properties?.userProperties).toEqual({
      'redis-stream': 'orders-a',
      'redis-id': id,
    });
  });

  it('keeps a retained info message per stream: length, ids, groups', async () => {
    const first = await redis.xadd('orders-b', '*', 'n', '1');
    const last = await redis.xadd('orders-b', '*', 'n', '2');
    await redis.xgroup('CREATE', 'orders-b', 'billing', '0');
    await sleep(1000);
    const { client } = await app([]);
    const waiting = nextMessage(
      client,
      (topic, payload) =>
        topic === 'redis/stream/orders-b/info' && JSON.parse(payload.toString()).groups.length > 0,
    );
    await client.subscribeAsync('redis/stream/orders-b/info');
    const { payload, packet } = await waiting;
    expect(packet.retain).toBe(true);
    expect(JSON.parse(payload.toString())).toMatchObject({
      stream: 'orders-b',
      length: 2,
      firstId: first,
      lastId: last,
      groups: [{ name: 'billing', consumers: 0, pending: 0 }],
    });
  });

  it('XADDs an app publish on redis/stream/<key>/add, and says why a non-object is refused', async () => {
    const { client, messages } = await app(['redis/stream/orders-c/#', 'redis/stream/orders-c']);
    await client.publishAsync('redis/stream/orders-c/add', '{"sku":"B-2","qty":3}', { qos: 1 });
    await until(async () => (await redis.xlen('orders-c')) === 1, 8000, 'the XADD');
    const [[id, fields]] = await redis.xrange('orders-c', '-', '+');
    expect(fields).toEqual(['sku', 'B-2', 'qty', '3']);
    // The new stream is read from its first entry on.
    const echoed = await until(
      () => messages.find((m) => m.topic === 'redis/stream/orders-c'),
      8000,
      'the entry',
    );
    expect(echoed.packet.properties?.userProperties?.['redis-id']).toBe(id);

    const error = nextMessage(client, (topic) => topic === 'redis/stream/orders-c/error');
    await client.publishAsync('redis/stream/orders-c/add', '[1,2,3]', { qos: 1 });
    const refusal = JSON.parse((await error).payload.toString());
    expect(refusal).toEqual({
      stream: 'orders-c',
      error: expect.stringMatching(
        /^The payload is a JSON array, not an object\. .*publish a JSON object/,
      ),
    });
    expect(await redis.xlen('orders-c')).toBe(1);
  });

  it('answers a read request with the stream from an ID', async () => {
    const ids = [];
    for (const n of ['1', '2', '3']) ids.push(await redis.xadd('orders-d', '*', 'n', n));
    const { client } = await app(['me/replies']);
    const reply = nextMessage(client, (topic) => topic === 'me/replies');
    await client.publishAsync('redis/stream/orders-d/read', '{"from":"0"}', {
      qos: 1,
      properties: { responseTopic: 'me/replies', correlationData: Buffer.from('c-1') },
    });
    const { payload, packet } = await reply;
    expect(JSON.parse(payload.toString())).toEqual({
      stream: 'orders-d',
      from: '0',
      count: 3,
      entries: ids.map((id, i) => ({ id, fields: { n: i + 1 } })),
    });
    expect(packet.properties?.correlationData?.toString()).toBe('c-1');
  });

  it('says so and reconnects when Redis restarts; traffic resumes', async () => {
    const { client } = await app(['redis/bridge/status', 'redis/pubsub/after']);
    await redisServer.stop('SIGKILL');
    await until(() => bridge.status().state === 'disconnected', 8000, 'the loss');
    const lost = await statusOf(url());
    expect(lost.state).toBe('disconnected');
    expect(lost.text).toMatch(/^Lost Redis at redis:\/\/127\.0\.0\.1:\d+; reconnecting/);

    const back = nextMessage(
      client,
      (topic, payload) =>
        topic === 'redis/bridge/status' && JSON.parse(payload.toString()).state === 'connected',
      15_000,
    );
    redisServer = await startRedisServer({ port: redisServer.port });
    redis.disconnect();
    redis = new Redis(redisServer.url, { protocol: 2 });
    const status = JSON.parse((await back).payload.toString());
    expect(status.text).toMatch(
      /^Reconnected to Redis at redis:\/\/127\.0\.0\.1:\d+ after \d+\.\d s$/,
    );
    expect(status.reconnects).toBe(1);
    expect((await statusOf(url())).state).toBe('connected');
    expect(logs.some((line) => line.includes('Lost Redis'))).toBe(true);

    const arrived = nextMessage(client, (topic) => topic === 'redis/pubsub/after');
    await redis.publish('after', 'still here');
    expect((await arrived).payload.toString()).toBe('still here');
  });
});

describe('Redis down when the bridge starts', { timeout: 30_000 }, () => {
  it('says so, retries with backoff, and connects once Redis is there', async () => {
    const broker = await startEmbeddedBroker({ tcpPort: 0, host: '127.0.0.1' });
    const port = await freePort();
    const logs = [];
    const bridge = await startRedisBridge({
      redisUrl: `redis://127.0.0.1:${port}`,
      mqttUrl: `mqtt://127.0.0.1:${broker.tcpPort}`,
      log: (...args) => logs.push(args.join(' ')),
    });
    let server;
    try {
      await until(() => logs.length > 0, 5000, 'a log line');
      expect(logs[0]).toMatch(
        new RegExp(
          `^\\[redis-bridge\\] Cannot reach Redis at redis://127\\.0\\.0\\.1:${port} \\(.*ECONNREFUSED.*\\); retrying with backoff$`,
        ),
      );
      const down = await statusOf(`mqtt://127.0.0.1:${broker.tcpPort}`);
      expect(down).toMatchObject({
        state: 'connecting',
        text: expect.stringMatching(/^Cannot reach Redis/),
      });
      await sleep(1600); // a few attempts: 0.5 s, 1 s, …
      server = await startRedisServer({ port });
      await until(() => bridge.status().state === 'connected', 10_000, 'the connection');
      expect(bridge.status().text).toBe(`Connected to Redis at redis://127.0.0.1:${port}`);
      expect(logs.filter((line) => line.includes('Cannot reach')).length).toBe(1);
    } finally {
      await bridge.close();
      await server?.stop();
      await broker.close();
    }
  });
});
