// Everything `--redis=…` adds to `npm start`: a private redis-server (with `--redis=start`), the
// bridge into the broker, and (with the private one and the demo plant) the Redis demo.
import { startRedisBridge } from './bridges/redis.mjs';
import { startRedisServer } from './lib/redis.mjs';
import { startRedisDemo } from './redis-demo.mjs';

/**
 * "start", or a redis:// (rediss://) URL; throws a plain message for anything else.
 * @param {string} value
 * @returns {'start' | string}
 */
export function parseRedisOption(value) {
  if (value === 'start') return value;
  let url;
  try {
    url = new URL(value);
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== 'redis:' && url.protocol !== 'rediss:') || !url.hostname) {
    throw new Error(
      `--redis must be "start" or a URL such as redis://127.0.0.1:6379, got "${value}"`,
    );
  }
  return value;
}

/**
 * Starts the Redis side. With `redis: "start"` the redis-server is ours (stopped by close());
 * with a URL the bridge connects to that Redis, and keeps trying while it is away.
 * @param {{
 *   redis: 'start' | string,
 *   brokerUrl: string,
 *   channels?: string,
 *   streams?: string[] | null,
 *   demo?: boolean,
 *   protocolVersion?: 4 | 5,
 *   log?: (...args: unknown[]) => void,
 * }} options `brokerUrl`: the broker's plain MQTT URL. `demo`: the orders stream and alerts
 *   channel, only in a Redis started here (never written into someone's own Redis).
 */
export async function startRedisSide({
  redis,
  brokerUrl,
  channels = '*',
  streams = null,
  demo = false,
  protocolVersion = 5,
  log = console.log,
}) {
  /** @type {Awaited<ReturnType<typeof startRedisServer>> | null} */
  let server = null;
  /** @type {Awaited<ReturnType<typeof startRedisBridge>> | null} */
  let bridge = null;
  /** @type {{ stop: () => Promise<void> } | null} */
  let demoHandle = null;
  let closing = false;

  const close = async () => {
    closing = true;
    await demoHandle?.stop();
    demoHandle = null;
    await bridge?.close();
    bridge = null;
    await server?.stop();
    server = null;
  };

  try {
    if (redis === 'start') {
      server = await startRedisServer();
      const started = server;
      void started.exited.then((reason) => {
        if (!closing) log(`[redis] redis-server ${reason}: ${started.logTail()}`);
      });
    }
    const url = server ? server.url : redis;
    bridge = await startRedisBridge({
      redisUrl: url,
      mqttUrl: brokerUrl,
      channels,
      streams,
      protocolVersion,
      log,
    });
    if (server && demo) {
      // Streams there before the bridge first looked are read from then on: let it look first,
      // so the demo's first order counts as new.
      await Promise.race([bridge.scanned(), new Promise((resolve) => setTimeout(resolve, 3000))]);
      demoHandle = await startRedisDemo({ redisUrl: url, log });
      // Its first order is in the stream now: show it without waiting for the next scan.
      await bridge.rescan();
    }
    return {
      /** The Redis bridged (its password, if any, left out). */
      url: bridge.url,
      /** True when the redis-server is the one started here. */
      started: server !== null,
      pid: server?.pid ?? null,
      channels,
      streams,
      demo: demoHandle !== null,
      status: () => /** @type {NonNullable<typeof bridge>} */ (bridge).status(),
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
