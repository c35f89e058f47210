// Embedded aedes 2 broker (MQTT 3.1.1 + 5.0) with a TCP listener and a WebSocket endpoint that
// an http server can hand its '/mqtt' upgrades to.
import net from 'node:net';
import { Duplex } from 'node:stream';
import { Aedes } from 'aedes';
import { WebSocketServer, WebSocket } from 'ws';
import { DEFAULT_MAX_PAYLOAD } from './lib/broker-access.mjs';
import { listen } from './lib/ports.mjs';

// Above this many bytes queued in a WebSocket we hold back the write callback, so aedes sees
// backpressure (and waits for 'drain') instead of buffering without limit.
const WS_HIGH_WATER_BYTES = 4 * 1024 * 1024;
const WS_DRAIN_POLL_MS = 5;

/**
 * Listen on `port`; when it is taken, fall back to an ephemeral port.
 * @param {net.Server} server
 * @param {number} port
 * @param {string} host
 * @returns {Promise<number>} the port actually bound
 */
function listenWithFallback(server, port, host) {
  const tryListen = (/** @type {number} */ p) => listen(server, p, host);
  return tryListen(port).catch((/** @type {NodeJS.ErrnoException} */ err) => {
    if (err.code !== 'EADDRINUSE' || port === 0) throw err;
    return tryListen(0).then((actual) => {
      console.log(`[broker] TCP port ${port} is in use; MQTT over TCP uses port ${actual} instead`);
      return actual;
    });
  });
}

/**
 * Wrap a WebSocket in a Duplex that coalesces all chunks written in the same tick into one
 * WebSocket frame. mqtt-packet writes one MQTT packet as several small chunks (header, length,
 * topic, properties, payload); sending each as its own frame costs browsers 4-5x throughput.
 *
 * When the peer closes, the stream behaves as a TCP socket does after a FIN: what the peer sent
 * before closing is still read to the end, then the stream ends (and aedes closes the client on
 * 'end'). aedes reads one batch of packets at a time and reads the next only once every packet
 * of the batch is delivered, so under a burst much of what a client sent is still unread here
 * when its close arrives; destroying the stream at that moment silently dropped the end of the
 * burst of any publisher that disconnects right after publishing.
 * @param {WebSocket} ws
 * @returns {Duplex}
 */
function createCoalescingWsStream(ws) {
  /** @type {Buffer[]} */
  let pending = [];
  let pendingBytes = 0;
  let flushScheduled = false;
  /** @type {ReturnType<typeof setTimeout> | null} */
  let drainTimer = null;

  const flush = () => {
    flushScheduled = false;
    if (pending.length === 0) return;
    const data = pending.length === 1 ? pending[0] : Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    if (ws.readyState !== WebSocket.OPEN) return;
    // A failed send means the socket is gone; ws then emits 'close', which ends the stream once
    // what the peer sent has been read. Destroying it here would discard that.
    ws.send(data, { binary: true }, () => {});
  };

  /** Ack the write once the socket's queue is below the high-water mark. */
  const ackWhenDrained = (/** @type {(err?: Error | null) => void} */ callback) => {
    // bufferedAmount only grows after flush(), so compare against what is about to be sent too.
    if (
      ws.readyState !== WebSocket.OPEN ||
      ws.bufferedAmount + pendingBytes <= WS_HIGH_WATER_BYTES
    ) {
      callback();
      return;
    }
    drainTimer = setTimeout(() => {
      drainTimer = null;
      ackWhenDrained(callback);
    }, WS_DRAIN_POLL_MS);
  };

  const enqueue = (
    /** @type {Buffer[]} */ chunks,
    /** @type {(err?: Error | null) => void} */ cb,
  ) => {
    if (ws.readyState !== WebSocket.OPEN) {
      // The peer has closed: nothing can reach it any more. Discard the bytes without an error,
      // as an error makes aedes destroy the stream and drop what the peer sent before closing
      // (its last publishes) unread. aedes closes the client at the stream's 'end'.
      cb();
      return;
    }
    for (const chunk of chunks) {
      pending.push(chunk);
      pendingBytes += chunk.length;
    }
    if (!flushScheduled) {
      flushScheduled = true;
      // nextTick runs after mqtt-packet's own uncork (also a nextTick), so a whole packet, and
      // every other packet written in this tick, lands in one frame.
      process.nextTick(flush);
    }
    ackWhenDrained(cb);
  };

  const stream = new Duplex({
    allowHalfOpen: false,
    write(chunk, _encoding, cb) {
      enqueue([chunk], cb);
    },
    writev(entries, cb) {
      enqueue(
        entries.map((e) => e.chunk),
        cb,
      );
    },
    read() {
      if (ws.isPaused) ws.resume();
    },
    final(cb) {
      flush();
      if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close();
      cb();
    },
    destroy(err, cb) {
      if (drainTimer) clearTimeout(drainTimer);
      drainTimer = null;
      flush();
      pending = [];
      if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) {
        if (err) ws.terminate();
        else ws.close();
      }
      cb(err);
    },
  });

  ws.on('message', (data, isBinary) => {
    /** @type {Buffer} */
    let buf;
    if (Buffer.isBuffer(data)) buf = data;
    else if (Array.isArray(data)) buf = Buffer.concat(data);
    else buf = Buffer.from(/** @type {ArrayBuffer} */ (data));
    // MQTT is binary-only over WebSockets; text frames still carry bytes, so accept them.
    void isBinary;
    if (!stream.push(buf)) ws.pause();
  });
  ws.on('close', () => {
    // End of input, not destroy: the data already pushed is still read by aedes (see above).
    // With allowHalfOpen false the stream then ends its writable side by itself.
    if (!stream.destroyed) stream.push(null);
  });
  ws.on('error', (err) => {
    if (!stream.destroyed) stream.destroy(err);
  });

  return stream;
}

/**
 * Start an embedded aedes broker.
 * @param {{ tcpPort?: number, host?: string, maxPayload?: number }} [options] `maxPayload`: the
 *   largest WebSocket message a client may send, in bytes (a larger one closes the connection
 *   with 1009); 16 MB unless told
 */
export async function startEmbeddedBroker({
  tcpPort = 1883,
  host = '127.0.0.1',
  maxPayload = DEFAULT_MAX_PAYLOAD,
} = {}) {
  const aedes = await Aedes.createBroker();
  // aedes emits 'error' (e.g. persistence failures) though its typings don't list it; without a
  // listener that would crash the process.
  /** @type {import('node:events').EventEmitter} */ (aedes).on('error', (err) =>
    console.error('[broker] error:', err),
  );

  /** @type {Set<net.Socket>} */
  const tcpSockets = new Set();
  const tcpServer = net.createServer((socket) => {
    tcpSockets.add(socket);
    socket.once('close', () => tcpSockets.delete(socket));
    aedes.handle(socket);
  });
  /** @type {number | null} */
  let actualTcpPort = null;
  try {
    actualTcpPort = await listenWithFallback(tcpServer, tcpPort, host);
  } catch (err) {
    await new Promise((resolve) => aedes.close(() => resolve(undefined)));
    throw err;
  }

  const wss = new WebSocketServer({
    noServer: true,
    // MQTT clients offer 'mqtt' (or the old 'mqttv3.1'); browsers drop the connection if the
    // server doesn't echo a subprotocol they offered.
    handleProtocols: (protocols) => {
      if (protocols.has('mqtt')) return 'mqtt';
      if (protocols.has('mqttv3.1')) return 'mqttv3.1';
      return false;
    },
    perMessageDeflate: false,
    maxPayload,
  });
  wss.on('connection', (ws, req) => {
    const stream = createCoalescingWsStream(ws);
    stream.on('error', () => {
      // aedes reports connection errors itself; this just keeps the error from being unhandled.
    });
    aedes.handle(stream, req);
  });

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:stream').Duplex} socket
   * @param {Buffer} head
   */
  const handleUpgrade = (req, socket, head) => {
    if (aedes.closed) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  };

  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    for (const ws of wss.clients) ws.terminate();
    await new Promise((resolve) => wss.close(() => resolve(undefined)));
    const tcpClosed = new Promise((resolve) => tcpServer.close(() => resolve(undefined)));
    await new Promise((resolve) => aedes.close(() => resolve(undefined)));
    // Sockets that never sent CONNECT are not aedes clients yet; end them so close() resolves.
    for (const socket of tcpSockets) socket.destroy();
    await tcpClosed;
  };

  return { aedes, tcpPort: actualTcpPort, handleUpgrade, close };
}
