// How the Redis bridge names things in MQTT, and how it keeps from looping: pure functions and
// small classes, no I/O (the bridge in redis.mjs does the talking).
//
//   Redis channel orders:created   <->  redis/pubsub/orders:created   (payload as sent)
//   Redis stream  orders           -->  redis/stream/orders           (a JSON object per entry)
//                                       redis/stream/orders/info      (retained: length, ids, groups)
//   app publish   redis/stream/orders/add   (a JSON object)  -->  XADD orders * field value …
//   app publish   redis/stream/orders/read  {"from": "0"}    -->  XRANGE, the reply on replyTo
//   errors        redis/stream/orders/error
//   bridge state  redis/bridge/status  (retained)
//
// A channel or key is one MQTT topic level, whatever it holds: the bytes MQTT cannot carry in
// one level ("/", "+", "#", NUL and other control bytes, "%" itself, bytes that are not UTF-8)
// are written as %XX, so the mapping is reversible and ":" stays ":".
import { createHash } from 'node:crypto';

export const REDIS_TOPIC_ROOT = 'redis';
export const PUBSUB_ROOT = `${REDIS_TOPIC_ROOT}/pubsub`;
export const STREAM_ROOT = `${REDIS_TOPIC_ROOT}/stream`;
export const STATUS_TOPIC = `${REDIS_TOPIC_ROOT}/bridge/status`;
/** What the bridge subscribes to, to carry the app's publishes into Redis. */
export const BRIDGE_FILTERS = [`${PUBSUB_ROOT}/+`, `${STREAM_ROOT}/+/add`, `${STREAM_ROOT}/+/read`];

/** MQTT's largest packet body (the Remaining Length limit), in bytes. */
export const MQTT_MAX_REMAINING_LENGTH = 268_435_455;
/** Most entries one read request returns. */
export const MAX_READ_COUNT = 1000;
export const DEFAULT_READ_COUNT = 100;

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true });

/** @param {number} byte */
const percent = (byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;

/** ASCII bytes written as %XX: control bytes, DEL, and what MQTT or this escape give meaning. */
/** @param {number} byte */
const escapesAscii = (byte) =>
  byte < 0x20 || byte === 0x7f || byte === 0x25 || byte === 0x2f || byte === 0x2b || byte === 0x23;

/**
 * One MQTT topic level for a Redis channel or key (bytes). Reversible with decodeLevel.
 * @param {Buffer | string} name
 * @returns {string}
 */
export function encodeLevel(name) {
  const bytes = typeof name === 'string' ? Buffer.from(name, 'utf8') : name;
  let utf8 = true;
  try {
    fatalUtf8.decode(bytes);
  } catch {
    utf8 = false;
  }
  let out = '';
  let start = 0;
  const flush = (/** @type {number} */ end) => {
    if (end > start) out += bytes.subarray(start, end).toString(utf8 ? 'utf8' : 'latin1');
  };
  for (let i = 0; i < bytes.length; i++) {
    const byte = /** @type {number} */ (bytes[i]);
    const escape = byte < 0x80 ? escapesAscii(byte) : !utf8;
    if (!escape) continue;
    flush(i);
    out += percent(byte);
    start = i + 1;
  }
  flush(bytes.length);
  return out;
}

/**
 * The Redis name (bytes) of a topic level: %XX back to its byte; a "%" not followed by two hex
 * digits stays as it is (a person may type "50%off").
 * @param {string} level
 * @returns {Buffer}
 */
export function decodeLevel(level) {
  /** @type {Buffer[]} */
  const parts = [];
  let start = 0;
  const re = /%([0-9A-Fa-f]{2})/g;
  for (let match = re.exec(level); match; match = re.exec(level)) {
    parts.push(Buffer.from(level.slice(start, match.index), 'utf8'));
    parts.push(Buffer.from([parseInt(/** @type {string} */ (match[1]), 16)]));
    start = match.index + 3;
  }
  parts.push(Buffer.from(level.slice(start), 'utf8'));
  return Buffer.concat(parts);
}

/** @param {Buffer | string} channel */
export const pubsubTopic = (channel) => `${PUBSUB_ROOT}/${encodeLevel(channel)}`;
/** @param {Buffer | string} key */
export const streamTopic = (key) => `${STREAM_ROOT}/${encodeLevel(key)}`;
/** @param {Buffer | string} key */
export const streamInfoTopic = (key) => `${streamTopic(key)}/info`;
/** @param {Buffer | string} key */
export const streamErrorTopic = (key) => `${streamTopic(key)}/error`;
/** @param {Buffer | string} key */
export const streamAddTopic = (key) => `${streamTopic(key)}/add`;
/** @param {Buffer | string} key */
export const streamReadTopic = (key) => `${streamTopic(key)}/read`;
/** Where a read request's reply goes when it names none. @param {Buffer | string} key */
export const streamEntriesTopic = (key) => `${streamTopic(key)}/entries`;

/**
 * What an app publish asks of the bridge, or null when the topic is none of its own.
 * @param {string} topic
 * @returns {{ kind: 'publish', channel: Buffer } | { kind: 'add' | 'read', key: Buffer } | null}
 */
export function parseBridgeTopic(topic) {
  const levels = topic.split('/');
  if (levels[0] !== REDIS_TOPIC_ROOT) return null;
  if (levels.length === 3 && levels[1] === 'pubsub') {
    return { kind: 'publish', channel: decodeLevel(/** @type {string} */ (levels[2])) };
  }
  if (
    levels.length === 4 &&
    levels[1] === 'stream' &&
    (levels[3] === 'add' || levels[3] === 'read')
  ) {
    return { kind: levels[3], key: decodeLevel(/** @type {string} */ (levels[2])) };
  }
  return null;
}

/**
 * Whether a Redis glob pattern (as PSUBSCRIBE takes it: *, ?, [abc], [^a-z], \x) matches a
 * channel, byte for byte as Redis' stringmatchlen does.
 * @param {Buffer | string} pattern
 * @param {Buffer | string} channel
 */
export function globMatches(pattern, channel) {
  const p = typeof pattern === 'string' ? Buffer.from(pattern, 'utf8') : pattern;
  const s = typeof channel === 'string' ? Buffer.from(channel, 'utf8') : channel;
  /** @param {number} pi @param {number} si @returns {boolean} */
  const match = (pi, si) => {
    while (pi < p.length) {
      const c = p[pi];
      if (c === 0x2a /* * */) {
        while (p[pi + 1] === 0x2a) pi++;
        if (pi + 1 === p.length) return true;
        for (let k = si; k <= s.length; k++) if (match(pi + 1, k)) return true;
        return false;
      }
      if (si >= s.length) return false;
      if (c === 0x3f /* ? */) {
        pi++;
        si++;
        continue;
      }
      if (c === 0x5b /* [ */) {
        let i = pi + 1;
        const not = p[i] === 0x5e; /* ^ */
        if (not) i++;
        let found = false;
        const ch = /** @type {number} */ (s[si]);
        while (i < p.length && p[i] !== 0x5d /* ] */) {
          if (p[i] === 0x5c /* \ */ && i + 1 < p.length) {
            i++;
            if (p[i] === ch) found = true;
          } else if (i + 2 < p.length && p[i + 1] === 0x2d /* - */ && p[i + 2] !== 0x5d) {
            let lo = /** @type {number} */ (p[i]);
            let hi = /** @type {number} */ (p[i + 2]);
            if (lo > hi) [lo, hi] = [hi, lo];
            if (ch >= lo && ch <= hi) found = true;
            i += 2;
          } else if (p[i] === ch) found = true;
          i++;
        }
        if (found === not) return false;
        pi = i + 1;
        si++;
        continue;
      }
      if (c === 0x5c /* \ */ && pi + 1 < p.length) pi++;
      if (p[pi] !== s[si]) return false;
      pi++;
      si++;
    }
    return si === s.length;
  };
  return match(0, 0);
}

/**
 * Messages the bridge sent one way and will see come back the other way (its own PUBLISH
 * through its PSUBSCRIBE, or, without MQTT 5's No Local, its own MQTT publish): expect() one
 * before sending it, take() drops the first matching arrival. An expectation that never comes
 * back is forgotten after `ttlMs`; at most `max` wait at a time (the oldest go first).
 */
export class EchoGuard {
  /** @param {{ ttlMs?: number, max?: number, now?: () => number }} [options] */
  constructor({ ttlMs = 10_000, max = 10_000, now = Date.now } = {}) {
    this.ttlMs = ttlMs;
    this.max = max;
    this.now = now;
    /** @type {Map<string, number[]>} fingerprint -> expiry times, oldest first */
    this.pending = new Map();
    this.size = 0;
  }

  /** @param {Buffer | string} where @param {Buffer | string} payload */
  static fingerprint(where, payload) {
    const hash = createHash('sha1');
    hash.update(typeof where === 'string' ? Buffer.from(where, 'utf8') : where);
    hash.update('\0');
    hash.update(payload);
    return hash.digest('base64');
  }

  /** @param {Buffer | string} where @param {Buffer | string} payload */
  expect(where, payload) {
    this.prune();
    if (this.size >= this.max) this.dropOldest();
    const key = EchoGuard.fingerprint(where, payload);
    const list = this.pending.get(key) ?? [];
    list.push(this.now() + this.ttlMs);
    this.pending.set(key, list);
    this.size++;
  }

  /** Takes back an expectation (the send failed). @param {Buffer | string} where @param {Buffer | string} payload */
  cancel(where, payload) {
    this.removeOne(EchoGuard.fingerprint(where, payload));
  }

  /**
   * True (and forgets it) when this arrival is an expected echo.
   * @param {Buffer | string} where @param {Buffer | string} payload
   */
  take(where, payload) {
    if (this.size === 0) return false;
    this.prune();
    return this.removeOne(EchoGuard.fingerprint(where, payload));
  }

  /** @param {string} key */
  removeOne(key) {
    const list = this.pending.get(key);
    if (!list || list.length === 0) return false;
    list.shift();
    if (list.length === 0) this.pending.delete(key);
    this.size--;
    return true;
  }

  prune() {
    const now = this.now();
    for (const [key, list] of this.pending) {
      while (list.length > 0 && /** @type {number} */ (list[0]) <= now) {
        list.shift();
        this.size--;
      }
      if (list.length === 0) this.pending.delete(key);
    }
  }

  dropOldest() {
    let oldestKey = null;
    let oldest = Infinity;
    for (const [key, list] of this.pending) {
      const first = /** @type {number} */ (list[0]);
      if (first < oldest) {
        oldest = first;
        oldestKey = key;
      }
    }
    if (oldestKey !== null) this.removeOne(oldestKey);
  }
}

/** A JSON number as written (the stream's text is kept digit for digit). */
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/**
 * A field name or value as JSON text: a number stays the number it reads as (its exact
 * digits), other UTF-8 text is a string, bytes that are not UTF-8 are {"$base64": "…"}.
 * @param {Buffer} bytes
 * @param {boolean} isName
 */
function jsonOf(bytes, isName) {
  let text;
  try {
    text = fatalUtf8.decode(bytes);
  } catch {
    return isName
      ? JSON.stringify(`$base64:${bytes.toString('base64')}`)
      : `{"$base64":${JSON.stringify(bytes.toString('base64'))}}`;
  }
  if (!isName && JSON_NUMBER.test(text)) return text;
  return JSON.stringify(text);
}

/**
 * A stream entry's fields ([name, value, name, value, …] as bytes) as the payload of its MQTT
 * message: one JSON object, in the entry's order.
 * @param {Buffer[]} fields
 * @returns {Buffer}
 */
export function entryPayload(fields) {
  const parts = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    parts.push(
      `${jsonOf(/** @type {Buffer} */ (fields[i]), true)}:${jsonOf(/** @type {Buffer} */ (fields[i + 1]), false)}`,
    );
  }
  return Buffer.from(`{${parts.join(',')}}`, 'utf8');
}

/** @param {unknown} value */
function describeJson(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a JSON array';
  return `a JSON ${typeof value}`;
}

const ADD_EXAMPLE = '{"sku": "A-1", "qty": 2}';

/**
 * The fields to XADD from an app publish on redis/stream/<key>/add: a JSON object, each member a
 * field. Strings go as they are, {"$base64": "…"} as its bytes, anything else as its JSON text.
 * @param {Buffer} payload
 * @returns {{ fields: Array<string | Buffer> } | { error: string }}
 */
export function fieldsFromPayload(payload) {
  let text;
  try {
    text = fatalUtf8.decode(payload);
  } catch {
    return {
      error: `The payload is not UTF-8 text. Publish a JSON object of fields, e.g. ${ADD_EXAMPLE}.`,
    };
  }
  /** @type {unknown} */
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    return {
      error: `The payload is not JSON. Publish a JSON object of fields, e.g. ${ADD_EXAMPLE}.`,
    };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return {
      error: `The payload is ${describeJson(value)}, not an object. A stream entry is a set of fields: publish a JSON object, e.g. ${ADD_EXAMPLE}.`,
    };
  }
  const entries = Object.entries(value);
  if (entries.length === 0) {
    return {
      error: `The payload is an empty object: a stream entry needs at least one field, e.g. ${ADD_EXAMPLE}.`,
    };
  }
  /** @type {Array<string | Buffer>} */
  const fields = [];
  for (const [name, field] of entries) {
    fields.push(name);
    if (typeof field === 'string') fields.push(field);
    else if (
      field !== null &&
      typeof field === 'object' &&
      !Array.isArray(field) &&
      Object.keys(field).length === 1 &&
      typeof (/** @type {Record<string, unknown>} */ (field).$base64) === 'string'
    ) {
      fields.push(Buffer.from(/** @type {{ $base64: string }} */ (field).$base64, 'base64'));
    } else fields.push(JSON.stringify(field));
  }
  return { fields };
}

/** A stream ID or one of XRANGE's bounds ("-", "+", "(" before an ID for an open one). */
const RANGE_ID = /^(?:-|\+|\(?\d+(?:-\d+)?)$/;

/**
 * A read request on redis/stream/<key>/read: {"from": "0", "count": 100, "replyTo": "topic"};
 * every member is optional (from the start, 100 entries, the reply on …/entries).
 * @param {Buffer} payload
 * @returns {{ from: string, count: number, replyTo?: string } | { error: string }}
 */
export function readRequest(payload) {
  const text = payload.toString('utf8').trim();
  /** @type {Record<string, unknown>} */
  let request = {};
  if (text !== '') {
    /** @type {unknown} */
    let value;
    try {
      value = JSON.parse(text);
    } catch {
      return { error: 'The read request is not JSON: publish e.g. {"from": "0", "count": 100}.' };
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return { error: 'The read request must be a JSON object, e.g. {"from": "0", "count": 100}.' };
    }
    request = /** @type {Record<string, unknown>} */ (value);
  }
  const from = request.from === undefined ? '-' : String(request.from);
  if (!RANGE_ID.test(from)) {
    return {
      error: `"from" must be a stream ID such as "0" or "1700000000000-0", got ${JSON.stringify(request.from)}.`,
    };
  }
  const count = request.count === undefined ? DEFAULT_READ_COUNT : Number(request.count);
  if (!Number.isInteger(count) || count < 1 || count > MAX_READ_COUNT) {
    return { error: `"count" must be a whole number from 1 to ${MAX_READ_COUNT}.` };
  }
  const replyTo = request.replyTo;
  if (
    replyTo !== undefined &&
    (typeof replyTo !== 'string' || /[+#]/.test(replyTo) || replyTo === '')
  ) {
    return { error: '"replyTo" must be a topic name (no wildcards).' };
  }
  return { from, count, ...(replyTo === undefined ? {} : { replyTo }) };
}

/**
 * The ID just before `id` (XREAD reads after the ID it is given), e.g. "5-0" -> "4-18446744073709551615".
 * @param {string} id
 */
export function idBefore(id) {
  const [msText = '0', seqText = '0'] = id.split('-');
  const ms = BigInt(msText);
  const seq = BigInt(seqText);
  if (seq > 0n) return `${ms}-${seq - 1n}`;
  if (ms > 0n) return `${ms - 1n}-18446744073709551615`;
  return '0-0';
}
