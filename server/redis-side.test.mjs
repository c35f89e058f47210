// What `--redis=…` adds to `npm start`: its options, and a private redis-server with the bridge
// and the demo (an orders stream and an alerts channel) that show within 3 s and leave nothing
// running.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import mqtt from 'mqtt';
import { describe, expect, it } from 'vitest';
import { startEmbeddedBroker } from './embedded-broker.mjs';
import { isRedisRunning } from './lib/redis.mjs';
import { parseRedisOption, startRedisSide } from './redis-side.mjs';

const START = path.join(path.dirname(fileURLToPath(import.meta.url)), 'start.mjs');

/** @param {string[]} args */
function run(args) {
  const result = spawnSync(process.execPath, [START, ...args], {
    encoding: 'utf8',
    timeout: 10_000,
    env: { ...process.env, PORT: '' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('--redis options', () => {
  it('takes "start" or a redis:// URL', () => {
    expect(parseRedisOption('start')).toBe('start');
    expect(parseRedisOption('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
    expect(parseRedisOption('rediss://user:pw@cache.example:6380/0')).toBe(
      'rediss://user:pw@cache.example:6380/0',
    );
    expect(() => parseRedisOption('localhost:6379')).toThrow(/--redis must be "start" or a URL/);
    expect(() => parseRedisOption('http://x')).toThrow(/--redis must be "start" or a URL/);
  });

  it('--help explains them', () => {
    const { code, stdout } = run(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/--redis=start\|URL [^-]*redis-server[^-]*redis:\/\/127\.0\.0\.1:6379/);
    expect(stdout).toMatch(/--redis-channels=PATTERN .*PSUBSCRIBE/);
    expect(stdout).toMatch(/--redis-streams=A,B /);
  });

  it.each([
    [['--redis'], /--redis needs a value/],
    [['--redis=ftp://x.example'], /--redis must be "start" or a URL/],
    [['--redis-channels=orders:*'], /need --redis=start or --redis=URL/],
    [['--redis-streams=orders'], /need --redis=start or --redis=URL/],
  ])('refuses %j', (args, message) => {
    const { code, stderr } = run(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });
});

describe('--redis=start', () => {
  it('shows the demo stream and channel within 3 s, and leaves no redis-server', async () => {
    const broker = await startEmbeddedBroker({ tcpPort: 0, host: '127.0.0.1' });
    const brokerUrl = `mqtt://127.0.0.1:${broker.tcpPort}`;
    const side = await startRedisSide({ redis: 'start', brokerUrl, demo: true, log: () => {} });
    try {
      expect(side.started).toBe(true);
      expect(side.url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
      expect(isRedisRunning(/** @type {number} */ (side.pid), Number(new URL(side.url).port))).toBe(
        true,
      );
      // A page that subscribes once the server is up.
      const client = await mqtt.connectAsync(brokerUrl, { protocolVersion: 5 });
      /** @type {Map<string, { payload: Buffer, packet: import('mqtt').IPublishPacket }>} */
      const seen = new Map();
      client.on('message', (topic, payload, packet) => {
        if (!seen.has(topic)) seen.set(topic, { payload, packet });
      });
      const since = Date.now();
      await client.subscribeAsync('redis/#');
      while (
        !(seen.has('redis/stream/orders') && seen.has('redis/pubsub/alerts')) &&
        Date.now() - since < 3000
      ) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await client.endAsync();
      expect([...seen.keys()]).toEqual(
        expect.arrayContaining([
          'redis/bridge/status',
          'redis/stream/orders/info',
          'redis/stream/orders',
          'redis/pubsub/alerts',
        ]),
      );
      const order = JSON.parse(seen.get('redis/stream/orders')?.payload.toString() ?? '{}');
      expect(order).toMatchObject({ order: expect.stringMatching(/^o-\d+$/), status: 'created' });
      expect(seen.get('redis/pubsub/alerts')?.packet.properties?.userProperties).toEqual({
        'redis-channel': 'alerts',
      });
    } finally {
      await side.close();
      await broker.close();
    }
    expect(isRedisRunning(/** @type {number} */ (side.pid), Number(new URL(side.url).port))).toBe(
      false,
    );
  }, 20_000);

  it('writes no demo into a Redis it did not start', async () => {
    const broker = await startEmbeddedBroker({ tcpPort: 0, host: '127.0.0.1' });
    const side = await startRedisSide({
      redis: 'redis://127.0.0.1:1',
      brokerUrl: `mqtt://127.0.0.1:${broker.tcpPort}`,
      demo: true,
      log: () => {},
    });
    try {
      expect(side.started).toBe(false);
      expect(side.demo).toBe(false);
      expect(side.status().state).toBe('connecting');
    } finally {
      await side.close();
      await broker.close();
    }
  });
});
