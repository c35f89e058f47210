/**
 * The pub/sub, streams and retained comparison against the app server's embedded aedes, with the
 * server's Redis bridge and a real redis-server (started here), and without them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProtocolVersion } from '../../domain/mqtt-types';
import { createInProcessConnection } from '../../test-support/in-process-connection';
import { startTestBroker, type TestBroker } from '../../test-support/test-broker';
import { startRedisBridge, type RedisBridge } from '../../../server/bridges/redis.mjs';
import { startRedisServer, type RedisServerHandle } from '../../../server/lib/redis.mjs';
import { freePort } from '../../../server/lib/ports.mjs';
import { HOW_TO_START_BRIDGE, pubsubStreamsRetained } from './pubsub-streams-retained-steps';
import { runScenario } from './scenario-runner';
import { REPORT_SCENARIOS, SCENARIOS } from './scenarios';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
let runs = 0;

function run(broker: TestBroker, protocolVersion: ProtocolVersion = 5) {
  return runScenario(
    pubsubStreamsRetained,
    {
      base: { url: broker.wsUrl, protocolVersion },
      createConnection: () => createInProcessConnection(),
      sleep,
      now: () => Date.now(),
      runId: `psr${++runs}v${protocolVersion}`,
    },
    () => undefined,
  );
}

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(25);
  }
}

describe('Pub/sub, streams and retained messages', { timeout: 30_000 }, () => {
  it('is listed with the scenarios, and left out of the report card', () => {
    expect(SCENARIOS).toContain(pubsubStreamsRetained);
    expect(REPORT_SCENARIOS).not.toContain(pubsubStreamsRetained);
    // …as is MQTT and AMQP (it needs RabbitMQ and the server's AMQP helper).
    expect(REPORT_SCENARIOS).toHaveLength(SCENARIOS.length - 2);
  });

  describe('on a broker without a Redis bridge', () => {
    let broker: TestBroker;
    beforeAll(async () => {
      broker = await startTestBroker();
    });
    afterAll(() => broker?.stop());

    it('says how to start one', async () => {
      const final = await run(broker);
      expect(final.outcome).toEqual({
        kind: 'untested',
        text: `Could not test: this broker has no Redis bridge (nothing retained on redis/bridge/status). ${HOW_TO_START_BRIDGE}`,
        untested: expect.stringContaining('npm start -- --redis=start') as string,
      });
    });
  });

  describe('with the Redis bridge and redis-server', () => {
    let broker: TestBroker;
    let redis: RedisServerHandle;
    let bridge: RedisBridge;
    beforeAll(async () => {
      broker = await startTestBroker();
      redis = await startRedisServer();
      bridge = await startRedisBridge({
        redisUrl: redis.url,
        mqttUrl: broker.tcpUrl,
        log: () => undefined,
      });
      await until(() => bridge.status().state === 'connected', 8000);
    });
    afterAll(async () => {
      await bridge?.close();
      await redis?.stop();
      await broker?.stop();
    });

    it.each([5, 4] as const)(
      'MQTT %s: the late subscriber gets nothing from pub/sub, all from the stream, the last retained value',
      async (version) => {
        const final = await run(broker, version);
        expect(final.steps.filter((s) => s.status !== 'done')).toEqual([]);
        expect(final.outcome?.kind).toBe('ok');
        expect(final.outcome?.text).toBe(
          'Pub/sub: the late subscriber got nothing (Redis kept none of the 3 messages). Stream: read from ID 0, it got all 3 in order (o-1, o-2 and o-3). Retained: it got only the last value (o-3). Pub/sub fits events that may be lost, a stream events that must be replayed, a retained message state.',
        );
        expect(final.steps.find((s) => s.label.startsWith('The live subscriber'))?.detail).toBe(
          'pub/sub 3, stream 3 (back from Redis with their IDs), retained 3',
        );
      },
    );

    it('says so when the bridge cannot reach Redis', async () => {
      const port = await freePort();
      const other = await startTestBroker();
      const lonely = await startRedisBridge({
        redisUrl: `redis://127.0.0.1:${port}`,
        mqttUrl: other.tcpUrl,
        log: () => undefined,
      });
      try {
        const final = await run(other);
        expect(final.outcome?.kind).toBe('untested');
        expect(final.outcome?.text).toMatch(
          /^Could not test: the Redis bridge is there but not connected to Redis \((Connecting to|Cannot reach) Redis at redis:\/\/127\.0\.0\.1:\d+/,
        );
      } finally {
        await lonely.close();
        await other.stop();
      }
    });
  });
});
