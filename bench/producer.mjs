// The producer: a separate Node process that publishes pre-built QoS 0 PUBLISH packets over a
// raw TCP socket, paced (a rate in msg/s) or flooding (as fast as the socket drains), across N
// topics. Packets are written by hand, not through mqtt.js, so that the producer costs a few
// percent of a core at the rates measured and is never the bottleneck; it reports its own CPU.
// Driven over IPC by bench/producer-client.mjs.
import net from 'node:net';

const TICK_MS = 1;
/** Messages per socket write in flood mode. */
const FLOOD_CHUNK = 1000;
const TIME_DIGITS = 13;
/** About 60 bytes, with the publish time first so a page can read it back: "t", then "v". */
const PAYLOAD_TEMPLATE = '{"t":0000000000000,"v":00.0,"src":"bench","unit":"celsius"}';
const TIME_OFFSET = PAYLOAD_TEMPLATE.indexOf('"t":') + 4;
const VALUE_OFFSET = PAYLOAD_TEMPLATE.indexOf('"v":') + 4;

/** @param {number} n */
function varint(n) {
  const bytes = [];
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    bytes.push(byte);
  } while (n > 0);
  return bytes;
}

/** @param {string} clientId */
function connectPacket(clientId) {
  const id = Buffer.from(clientId);
  // MQTT 3.1.1, clean session, keepalive 0 (the producer may idle between stages).
  const variable = [0, 4, 0x4d, 0x51, 0x54, 0x54, 4, 0x02, 0, 0];
  const body = Buffer.concat([
    Buffer.from(variable),
    Buffer.from([id.length >> 8, id.length & 255]),
    id,
  ]);
  return Buffer.concat([Buffer.from([0x10, ...varint(body.length)]), body]);
}

/**
 * The topic of message index i out of n: flat up to 100 topics, else two levels deep
 * (100 per group) so that the topic tree has the shape of a real plant.
 * @param {string} prefix
 * @param {number} i
 * @param {number} n
 */
export function topicName(prefix, i, n) {
  return n <= 100 ? `${prefix}/t${i}` : `${prefix}/g${Math.floor(i / 100)}/t${i % 100}`;
}

/** @param {string} prefix @param {number} topicCount */
function buildHeaders(prefix, topicCount) {
  const payloadLength = Buffer.byteLength(PAYLOAD_TEMPLATE);
  const headers = [];
  for (let i = 0; i < topicCount; i++) {
    const topic = Buffer.from(topicName(prefix, i, topicCount));
    const remaining = 2 + topic.length + payloadLength;
    headers.push(
      Buffer.concat([
        Buffer.from([0x30, ...varint(remaining), topic.length >> 8, topic.length & 255]),
        topic,
      ]),
    );
  }
  return headers;
}

/**
 * Packs `count` PUBLISH packets, topics round-robin from `first`, all stamped `timeMs`.
 * @param {Buffer[]} headers
 * @param {number} first message index of the first packet
 * @param {number} count
 * @param {number} timeMs
 */
function packMessages(headers, first, count, timeMs) {
  const payload = Buffer.from(PAYLOAD_TEMPLATE);
  payload.write(String(timeMs).padStart(TIME_DIGITS, '0'), TIME_OFFSET, 'latin1');
  let size = 0;
  for (let k = 0; k < count; k++) {
    size += /** @type {Buffer} */ (headers[(first + k) % headers.length]).length + payload.length;
  }
  const out = Buffer.allocUnsafe(size);
  let offset = 0;
  for (let k = 0; k < count; k++) {
    const index = first + k;
    offset += /** @type {Buffer} */ (headers[index % headers.length]).copy(out, offset);
    // A slow sawtooth between 10.0 and 99.9 so charts draw a real line.
    const tenths = 100 + ((Math.floor(index / headers.length) * 7) % 900);
    payload.write(`${Math.floor(tenths / 10)}.${tenths % 10}`, VALUE_OFFSET, 'latin1');
    offset += payload.copy(out, offset);
  }
  return out;
}

/** @param {net.Socket} socket */
function drained(socket) {
  return new Promise((resolve) => socket.once('drain', resolve));
}

/**
 * The publish under way, for `progress` (answered between two ticks of the run).
 * @type {{ startMs: number, sent: () => number } | null}
 */
let running = null;

/**
 * @param {net.Socket} socket
 * @param {{ prefix: string, topics: number, ratePerSec: number, durationMs: number }} run
 *   ratePerSec 0 floods
 */
async function publish(socket, { prefix, topics, ratePerSec, durationMs }) {
  const headers = buildHeaders(prefix, topics);
  const cpuBefore = process.cpuUsage();
  const startMs = Date.now();
  const endMs = startMs + durationMs;
  let sent = 0;
  running = { startMs, sent: () => sent };
  for (;;) {
    const now = Date.now();
    if (now >= endMs) break;
    if (ratePerSec > 0) {
      const due = Math.floor((ratePerSec * (now - startMs)) / 1000) - sent;
      if (due > 0) {
        socket.write(packMessages(headers, sent, due, now));
        sent += due;
      }
      await new Promise((r) => setTimeout(r, TICK_MS));
    } else {
      const ok = socket.write(packMessages(headers, sent, FLOOD_CHUNK, now));
      sent += FLOOD_CHUNK;
      if (!ok) await drained(socket);
      else await new Promise((r) => setImmediate(r));
    }
  }
  // The stage ends when everything is handed to the kernel.
  if (socket.writableLength > 0) await drained(socket);
  const cpu = process.cpuUsage(cpuBefore);
  const finishedMs = Date.now();
  running = null;
  return {
    sent,
    startMs,
    endMs: finishedMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    cpuShare: (cpu.user + cpu.system) / 1000 / Math.max(1, finishedMs - startMs),
  };
}

/** @type {net.Socket | null} */
let socket = null;

process.on('message', async (/** @type {any} */ message) => {
  try {
    if (message.cmd === 'connect') {
      socket = net.connect(message.port, message.host);
      socket.setNoDelay(true);
      await new Promise((resolve, reject) => {
        /** @type {net.Socket} */ (socket).once('connect', resolve);
        /** @type {net.Socket} */ (socket).once('error', reject);
      });
      socket.on('error', (err) => process.send?.({ type: 'error', message: err.message }));
      socket.write(connectPacket(`bench-producer-${process.pid}`));
      const connack = await new Promise((resolve) => socket?.once('data', resolve));
      const bytes = /** @type {Buffer} */ (connack);
      if (bytes[0] !== 0x20 || bytes[3] !== 0) throw new Error('the broker refused the producer');
      socket.resume();
      process.send?.({ type: 'ready', id: message.id });
    } else if (message.cmd === 'publish') {
      if (!socket) throw new Error('not connected');
      const result = await publish(socket, message.run);
      process.send?.({ type: 'done', id: message.id, result });
    } else if (message.cmd === 'progress') {
      // Messages handed to the socket so far in the publish under way (null when idle).
      const progress = running ? { startMs: running.startMs, sent: running.sent() } : null;
      process.send?.({ type: 'progress', id: message.id, progress, atMs: Date.now() });
    } else if (message.cmd === 'quit') {
      socket?.end();
      process.disconnect?.();
      process.exit(0);
    }
  } catch (err) {
    process.send?.({ type: 'error', id: message.id, message: /** @type {Error} */ (err).message });
  }
});
