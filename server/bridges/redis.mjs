// The Redis bridge: Redis pub/sub channels and streams as MQTT topics of the broker that
// `npm start` runs, and the app's publishes back into Redis. It is an MQTT client (mqtt.js) of
// that broker and a Redis client (ioredis, three connections: commands, PSUBSCRIBE, blocking
// XREAD). Names and payloads: see redis-mapping.mjs. Redis may be down when it starts and may
// restart at any time: ioredis reconnects with backoff, and the retained redis/bridge/status
// topic says what the bridge sees.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import mqtt from 'mqtt';
import {
  BRIDGE_FILTERS,
  EchoGuard,
  MQTT_MAX_REMAINING_LENGTH,
  STATUS_TOPIC,
  entryPayload,
  fieldsFromPayload,
  globMatches,
  idBefore,
  parseBridgeTopic,
  pubsubTopic,
  readRequest,
  streamEntriesTopic,
  streamErrorTopic,
  streamInfoTopic,
  streamTopic,
} from './redis-mapping.mjs';

const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 5000;
/** While Redis stays unreachable, the log says so again at most this often. */
const STILL_DOWN_LOG_MS = 30_000;
const XREAD_BLOCK_MS = 1000;
const XREAD_COUNT = 100;
/** Streams bridged at most (a keyspace with more is logged once). */
const MAX_STREAMS = 1000;
const INFO_THROTTLE_MS = 500;
const MQTT_CONNECT_TIMEOUT_MS = 10_000;

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The delay before reconnect attempt `times` (1, 2, …): 0.5 s, 1 s, 2 s, 4 s, then 5 s. */
/** @param {number} times */
export function retryDelayMs(times) {
  return Math.min(RETRY_FIRST_MS * 2 ** Math.max(0, times - 1), RETRY_MAX_MS);
}

/** @param {string} url */
function redactUrl(url) {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}

/** @param {unknown} err */
const messageOf = (err) => (err instanceof Error ? err.message : String(err));

/**
 * A flat [name, value, name, value, …] reply as an object.
 * @param {unknown} reply
 * @returns {Record<string, unknown>}
 */
function pairs(reply) {
  /** @type {Record<string, unknown>} */
  const out = {};
  if (!Array.isArray(reply)) return out;
  for (let i = 0; i + 1 < reply.length; i += 2) out[String(reply[i])] = reply[i + 1];
  return out;
}

/** @param {unknown} entry an XINFO first-entry/last-entry: [id, fields] or null */
function entryId(entry) {
  return Array.isArray(entry) && entry[0] != null ? String(entry[0]) : null;
}

/**
 * Starts the bridge. Resolves once its MQTT connection is up; Redis is reached in the background
 * (and again after each loss), see status().
 * @param {{
 *   redisUrl: string,
 *   mqttUrl: string,
 *   channels?: string,
 *   streams?: string[] | null,
 *   protocolVersion?: 4 | 5,
 *   scanIntervalMs?: number,
 *   log?: (...args: unknown[]) => void,
 * }} options `channels`: the PSUBSCRIBE pattern (default "*"). `streams`: the stream keys to
 *   read; null (the default) finds them with SCAN … TYPE stream every `scanIntervalMs`.
 *   `protocolVersion`: 5 (default) carries user properties and subscribes with No Local; on 4
 *   the bridge drops its own echoes itself.
 */
export async function startRedisBridge({
  redisUrl,
  mqttUrl,
  channels = '*',
  streams = null,
  protocolVersion = 5,
  scanIntervalMs = 3000,
  log = console.log,
}) {
  const shownUrl = redactUrl(redisUrl);
  const v5 = protocolVersion === 5;
  let closing = false;
  /** Our own PUBLISHes, to drop when PSUBSCRIBE brings them back. */
  const redisEchoes = new EchoGuard();
  /** Our own MQTT publishes, when No Local is not there to keep them from us (MQTT 3.1.1). */
  const mqttEchoes = new EchoGuard();

  /** @type {{ state: string, redis: string, text: string, since: string, reconnects: number }} */
  let status = {
    state: 'connecting',
    redis: shownUrl,
    text: `Connecting to Redis at ${shownUrl}`,
    since: new Date().toISOString(),
    reconnects: 0,
  };

  // ---- MQTT side ------------------------------------------------------------------------------
  const statusPayload = () => JSON.stringify(status);
  const client = mqtt.connect(mqttUrl, {
    protocolVersion,
    clientId: `brokerscope-redis-bridge-${randomBytes(4).toString('hex')}`,
    reconnectPeriod: 1000,
    connectTimeout: MQTT_CONNECT_TIMEOUT_MS,
    will: {
      topic: STATUS_TOPIC,
      payload: Buffer.from(
        JSON.stringify({
          state: 'offline',
          redis: shownUrl,
          text: 'The Redis bridge is gone (its MQTT connection ended without a goodbye)',
        }),
      ),
      qos: 1,
      retain: true,
    },
  });
  client.on('error', (err) => {
    if (!closing) log(`[redis-bridge] MQTT: ${err.message}`);
  });
  await new Promise((resolve, reject) => {
    const onConnect = () => {
      client.off('error', onError);
      resolve(undefined);
    };
    const onError = (/** @type {Error} */ err) => {
      client.off('connect', onConnect);
      client.end(true);
      reject(
        new Error(`the Redis bridge could not connect to the broker at ${mqttUrl}: ${err.message}`),
      );
    };
    client.once('connect', onConnect);
    client.once('error', onError);
  });
  client.on('connect', () => publishStatus());

  /**
   * @param {string} topic
   * @param {Buffer | string} payload
   * @param {{ qos?: 0 | 1, retain?: boolean, userProperties?: Record<string, string>, correlationData?: Buffer }} [options]
   */
  const publish = (
    topic,
    payload,
    { qos = 0, retain = false, userProperties, correlationData } = {},
  ) => {
    const bytes = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
    /** @type {import('mqtt').IClientPublishOptions} */
    const options = { qos, retain };
    if (v5 && (userProperties || correlationData)) {
      options.properties = {
        ...(userProperties ? { userProperties } : {}),
        ...(correlationData ? { correlationData } : {}),
      };
    }
    let overhead = 2 + Buffer.byteLength(topic) + 2 + 5;
    for (const [name, value] of Object.entries(userProperties ?? {})) {
      overhead += 5 + Buffer.byteLength(name) + Buffer.byteLength(value);
    }
    if (bytes.length + overhead > MQTT_MAX_REMAINING_LENGTH) {
      log(
        `[redis-bridge] not forwarded to ${topic}: ${bytes.length} bytes is more than an MQTT ` +
          `message can carry (256 MB)`,
      );
      return;
    }
    const watchEcho = !v5 && topic.startsWith('redis/pubsub/');
    if (watchEcho) mqttEchoes.expect(topic, bytes);
    client.publish(topic, bytes, options, (err) => {
      if (!err) return;
      if (watchEcho) mqttEchoes.cancel(topic, bytes);
      if (!closing) log(`[redis-bridge] publish to ${topic} failed: ${err.message}`);
    });
  };

  function publishStatus() {
    if (closing) return;
    publish(STATUS_TOPIC, statusPayload(), { qos: 1, retain: true });
  }

  /** @param {string} state @param {string} text */
  const setStatus = (state, text) => {
    if (status.state === state && status.text === text) return;
    status = { ...status, state, text, since: new Date().toISOString() };
    publishStatus();
  };
  publishStatus();

  // ---- Redis side -----------------------------------------------------------------------------
  let attempts = 0;
  let lastDownLogAt = 0;
  let wasConnected = false;
  let lostAt = 0;
  /** @param {string} role */
  const redisOptions = (role) => ({
    protocol: /** @type {2} */ (2), // RESP2: what every Redis speaks, older ones included
    connectionName: `brokerscope-bridge-${role}`,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    autoResubscribe: false,
    retryStrategy: (/** @type {number} */ times) => (closing ? null : retryDelayMs(times)),
  });
  const cmd = new Redis(redisUrl, redisOptions('commands'));
  const sub = new Redis(redisUrl, redisOptions('pubsub'));
  const reader = new Redis(redisUrl, redisOptions('streams'));
  const connections = [cmd, sub, reader];
  let subscribed = false;

  const allReady = () =>
    cmd.status === 'ready' && reader.status === 'ready' && sub.status === 'ready' && subscribed;

  const noteState = () => {
    if (closing) return;
    if (allReady()) {
      attempts = 0;
      const downFor = lostAt ? ` after ${((Date.now() - lostAt) / 1000).toFixed(1)} s` : '';
      if (wasConnected) status = { ...status, reconnects: status.reconnects + 1 };
      const text = wasConnected
        ? `Reconnected to Redis at ${shownUrl}${downFor}`
        : `Connected to Redis at ${shownUrl}`;
      if (status.state !== 'connected') {
        log(`[redis-bridge] ${text}`);
        setStatus('connected', text);
      }
      wasConnected = true;
      lostAt = 0;
      void scanNow();
    } else if (status.state === 'connected') {
      lostAt = Date.now();
      const text = `Lost Redis at ${shownUrl}; reconnecting (every ${RETRY_MAX_MS / 1000} s at most)`;
      log(`[redis-bridge] ${text}`);
      setStatus('disconnected', text);
    }
  };

  for (const connection of connections) {
    connection.on('ready', noteState);
    connection.on('close', noteState);
    connection.on('error', (/** @type {Error} */ err) => {
      if (closing || connection !== cmd) return;
      attempts++;
      const now = Date.now();
      if (status.state === 'connected') return; // 'close' follows and says so
      const text = `Cannot reach Redis at ${shownUrl} (${err.message}); retrying with backoff`;
      if (attempts === 1 || now - lastDownLogAt > STILL_DOWN_LOG_MS) {
        lastDownLogAt = now;
        log(`[redis-bridge] ${text}${attempts > 1 ? ` (attempt ${attempts})` : ''}`);
      }
      setStatus(wasConnected ? 'disconnected' : 'connecting', text);
    });
  }

  sub.on('ready', () => {
    sub.psubscribe(channels).then(
      () => {
        subscribed = true;
        noteState();
      },
      (err) => log(`[redis-bridge] PSUBSCRIBE ${channels} failed: ${messageOf(err)}`),
    );
  });
  sub.on('close', () => {
    subscribed = false;
  });
  sub.on(
    'pmessageBuffer',
    (
      /** @type {unknown} */ _pattern,
      /** @type {Buffer} */ channel,
      /** @type {Buffer} */ message,
    ) => {
      if (redisEchoes.take(channel, message)) return;
      publish(pubsubTopic(channel), message, {
        qos: 0,
        userProperties: { 'redis-channel': channel.toString('utf8') },
      });
    },
  );

  // ---- Streams --------------------------------------------------------------------------------
  /** Stream key (latin1 of its bytes) -> the key and the ID read up to. */
  /** @type {Map<string, { key: Buffer, lastId: string }>} */
  const known = new Map();
  /** Redis' clock (ms) at the previous scan: a stream that appears later is read from then. */
  let previousScanMs = /** @type {number | null} */ (null);
  let tooManyLogged = false;
  /** @type {Map<string, string>} key -> the info JSON last published */
  const lastInfo = new Map();
  /** @type {Set<string>} */
  const infoDirty = new Set();
  let infoTimer = /** @type {NodeJS.Timeout | null} */ (null);

  /** @param {Buffer} key */
  const keyId = (key) => key.toString('latin1');

  /** @param {Buffer} key */
  async function publishInfo(key) {
    let info;
    try {
      const stream = pairs(await cmd.call('XINFO', 'STREAM', key));
      const groups = /** @type {unknown[]} */ (await cmd.call('XINFO', 'GROUPS', key));
      info = {
        stream: key.toString('utf8'),
        length: Number(stream.length),
        firstId: entryId(stream['first-entry']),
        lastId: entryId(stream['last-entry']),
        lastGeneratedId: String(stream['last-generated-id']),
        groups: (Array.isArray(groups) ? groups : []).map((group) => {
          const g = pairs(group);
          return {
            name: String(g.name),
            consumers: Number(g.consumers),
            pending: Number(g.pending),
            lastDeliveredId: String(g['last-delivered-id']),
            ...(g.lag === undefined || g.lag === null ? {} : { lag: Number(g.lag) }),
          };
        }),
      };
    } catch (err) {
      if (/no such key/i.test(messageOf(err))) return forget(key);
      return; // Redis is away: the next scan tries again
    }
    const text = JSON.stringify(info);
    if (lastInfo.get(keyId(key)) === text) return;
    lastInfo.set(keyId(key), text);
    publish(streamInfoTopic(key), text, { qos: 1, retain: true });
  }

  /** A stream that is gone: stop reading it and clear its retained info. @param {Buffer} key */
  function forget(key) {
    const id = keyId(key);
    if (!known.delete(id)) return;
    if (lastInfo.delete(id)) publish(streamInfoTopic(key), '', { qos: 1, retain: true });
  }

  /** @param {Buffer} key */
  const markInfo = (key) => {
    infoDirty.add(keyId(key));
    if (infoTimer) return;
    infoTimer = setTimeout(() => {
      infoTimer = null;
      const keys = [...infoDirty];
      infoDirty.clear();
      for (const id of keys) {
        const entry = known.get(id);
        if (entry) void publishInfo(entry.key);
      }
    }, INFO_THROTTLE_MS);
  };

  /**
   * Starts reading a stream. `from`: the ID to read after.
   * @param {Buffer} key @param {string} from
   */
  const watch = (key, from) => {
    const id = keyId(key);
    if (known.has(id)) return;
    if (known.size >= MAX_STREAMS) {
      if (!tooManyLogged)
        log(`[redis-bridge] more than ${MAX_STREAMS} streams: only the first are bridged`);
      tooManyLogged = true;
      return;
    }
    known.set(id, { key, lastId: from });
    void publishInfo(key);
  };

  /** @type {() => void} */
  let firstScanDone = () => undefined;
  /** @type {Promise<void>} */
  const firstScan = new Promise((resolve) => {
    firstScanDone = () => resolve(undefined);
  });
  /** @type {Promise<void> | null} */
  let scanRunning = null;
  /** @type {Promise<void> | null} */
  let scanQueued = null;
  /** One scan at a time; asked during one, another follows it (once, for all who asked). */
  function scanNow() {
    if (scanQueued) return scanQueued;
    if (scanRunning) {
      scanQueued = scanRunning.then(() => {
        scanQueued = null;
        return scanNow();
      });
      return scanQueued;
    }
    scanRunning = scan().finally(() => {
      scanRunning = null;
    });
    return scanRunning;
  }

  async function scan() {
    if (closing || cmd.status !== 'ready') return;
    try {
      const [seconds, micros] = /** @type {[string, string]} */ (await cmd.time());
      const nowMs = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
      /** @type {Buffer[]} */
      let found = [];
      if (streams) {
        for (const name of streams) {
          const key = Buffer.from(name, 'utf8');
          if ((await cmd.type(key)) === 'stream') found.push(key);
        }
      } else {
        let cursor = '0';
        do {
          const [next, keys] = await cmd.scanBuffer(cursor, 'COUNT', 1000, 'TYPE', 'stream');
          cursor = String(next);
          found.push(...keys);
        } while (cursor !== '0' && found.length < MAX_STREAMS * 2);
      }
      const foundIds = new Set(found.map(keyId));
      for (const [id, entry] of known) if (!foundIds.has(id)) forget(entry.key);
      for (const key of found) {
        if (known.has(keyId(key))) continue;
        if (previousScanMs === null) {
          // There when the bridge started: from now on, as XREAD … $ would.
          const stream = pairs(await cmd.call('XINFO', 'STREAM', key));
          watch(key, String(stream['last-generated-id'] ?? '0-0'));
        } else {
          // Appeared since the previous scan: its entries since then are new.
          watch(key, idBefore(`${previousScanMs}-0`));
        }
      }
      previousScanMs = nowMs;
      firstScanDone();
      for (const entry of known.values()) await publishInfo(entry.key);
    } catch (err) {
      if (!closing && cmd.status === 'ready')
        log(`[redis-bridge] stream scan failed: ${messageOf(err)}`);
    }
  }
  const scanTimer = setInterval(() => void scanNow(), scanIntervalMs);

  async function readLoop() {
    while (!closing) {
      if (reader.status !== 'ready' || known.size === 0) {
        await sleep(known.size === 0 ? 200 : 100);
        continue;
      }
      const entries = [...known.values()];
      let reply;
      try {
        reply = await reader.xreadBuffer(
          'COUNT',
          XREAD_COUNT,
          'BLOCK',
          XREAD_BLOCK_MS,
          'STREAMS',
          ...entries.map((e) => e.key),
          ...entries.map((e) => e.lastId),
        );
      } catch (err) {
        if (closing) return;
        const message = messageOf(err);
        if (/WRONGTYPE/.test(message)) {
          // One of them is no stream any more: the scan sorts out which.
          for (const entry of entries) forget(entry.key);
          void scanNow();
        }
        await sleep(200);
        continue;
      }
      if (!reply) continue;
      for (const [key, items] of reply) {
        const entry = known.get(keyId(key));
        if (!entry) continue;
        for (const [idBytes, fields] of items) {
          const id = idBytes.toString('latin1');
          entry.lastId = id;
          publish(streamTopic(key), entryPayload(fields ?? []), {
            qos: 1,
            userProperties: { 'redis-stream': key.toString('utf8'), 'redis-id': id },
          });
        }
        markInfo(key);
      }
    }
  }
  const reading = readLoop();

  // ---- App publishes into Redis ---------------------------------------------------------------
  /**
   * @param {Buffer} key
   * @param {string} text
   * @param {Record<string, string>} [extra]
   */
  const reportStreamError = (key, text, extra = {}) =>
    publish(
      streamErrorTopic(key),
      JSON.stringify({ stream: key.toString('utf8'), error: text, ...extra }),
      {
        qos: 1,
      },
    );

  /** @param {string} what */
  const notConnected = (what) =>
    `Redis at ${shownUrl} is not connected (${status.text}): ${what} was not done.`;

  client.on('message', (topic, payload, packet) => {
    const target = parseBridgeTopic(topic);
    if (!target) return;
    if (target.kind === 'publish') {
      if (!v5 && mqttEchoes.take(topic, payload)) return;
      // Forwarded from Redis (by this bridge or another): it is there already.
      if (packet.properties?.userProperties?.['redis-channel'] !== undefined) return;
      const comesBack = globMatches(channels, target.channel);
      if (comesBack) redisEchoes.expect(target.channel, payload);
      cmd.publish(target.channel, payload).catch((/** @type {unknown} */ err) => {
        if (comesBack) redisEchoes.cancel(target.channel, payload);
        log(
          `[redis-bridge] PUBLISH to ${target.channel.toString('utf8')} not done: ` +
            (cmd.status === 'ready' ? messageOf(err) : notConnected('the PUBLISH')),
        );
      });
      return;
    }
    const { key } = target;
    if (target.kind === 'add') {
      const parsed = fieldsFromPayload(payload);
      if ('error' in parsed) {
        reportStreamError(key, parsed.error);
        return;
      }
      cmd.xadd(key, '*', ...parsed.fields).then(
        (id) => {
          if (!known.has(keyId(key)) && id) watch(key, idBefore(String(id)));
        },
        (/** @type {unknown} */ err) =>
          reportStreamError(
            key,
            cmd.status === 'ready' ? `XADD failed: ${messageOf(err)}` : notConnected('the XADD'),
          ),
      );
      return;
    }
    const request = readRequest(payload);
    const props = packet.properties ?? {};
    const replyTopic =
      props.responseTopic ??
      ('replyTo' in request ? request.replyTo : undefined) ??
      streamEntriesTopic(key);
    const correlationData = props.correlationData;
    if ('error' in request) {
      publish(replyTopic, JSON.stringify({ stream: key.toString('utf8'), error: request.error }), {
        qos: 1,
        correlationData,
      });
      return;
    }
    cmd.xrangeBuffer(key, request.from, '+', 'COUNT', request.count).then(
      (items) => {
        const entries = items.map(
          ([id, fields]) =>
            `{"id":${JSON.stringify(id.toString('latin1'))},"fields":${entryPayload(fields)}}`,
        );
        const body =
          `{"stream":${JSON.stringify(key.toString('utf8'))},"from":${JSON.stringify(request.from)},` +
          `"count":${entries.length},"entries":[${entries.join(',')}]}`;
        publish(replyTopic, body, {
          qos: 1,
          correlationData,
          userProperties: { 'redis-stream': key.toString('utf8') },
        });
      },
      (/** @type {unknown} */ err) =>
        publish(
          replyTopic,
          JSON.stringify({
            stream: key.toString('utf8'),
            error:
              cmd.status === 'ready'
                ? `XRANGE failed: ${messageOf(err)}`
                : notConnected('the read'),
          }),
          { qos: 1, correlationData },
        ),
    );
  });

  await client.subscribeAsync(
    BRIDGE_FILTERS.map((filter) => filter),
    { qos: 1, ...(v5 ? { nl: true } : {}) },
  );

  return {
    /** The Redis it bridges, its password left out. */
    url: shownUrl,
    /** What the bridge sees now (the same as its retained status topic). */
    status: () => status,
    /** Resolves once the bridge has looked for streams the first time (Redis reached). */
    scanned: () => firstScan,
    /** Looks for new streams now (instead of at the next scan); resolves once it looked. */
    rescan: () => scanNow(),
    /** The stream keys it reads (as UTF-8 text). */
    streams: () => [...known.values()].map((entry) => entry.key.toString('utf8')),
    /** Says "stopped" on the status topic, then ends both sides. */
    async close() {
      if (closing) return;
      status = {
        ...status,
        state: 'stopped',
        text: 'The Redis bridge was stopped',
        since: new Date().toISOString(),
      };
      await new Promise((resolve) =>
        client.publish(STATUS_TOPIC, statusPayload(), { qos: 1, retain: true }, () =>
          resolve(undefined),
        ),
      );
      closing = true;
      clearInterval(scanTimer);
      if (infoTimer) clearTimeout(infoTimer);
      for (const connection of connections) connection.disconnect();
      await reading;
      await new Promise((resolve) => client.end(false, {}, () => resolve(undefined)));
    },
  };
}
