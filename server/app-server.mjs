// One http server for the built app plus the broker's WebSocket endpoint on /mqtt, so the
// browser talks to a single origin. The broker is either embedded aedes or a child mosquitto.
// Every response carries the app's Content-Security-Policy and the other security headers; /mqtt
// takes the app's own pages and clients without an Origin only (see lib/broker-access.mjs), up
// to a number of connections at a time and a size of message.
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDemoDevices } from './demo-devices.mjs';
import { startEmbeddedBroker } from './embedded-broker.mjs';
import {
  DEFAULT_MAX_CONNECTIONS,
  DEFAULT_MAX_PAYLOAD,
  createBrokerAccess,
  parseAllowedOrigin,
  refuseUpgrade,
} from './lib/broker-access.mjs';
import { findMosquitto, startMosquitto } from './lib/mosquitto.mjs';
import { freePort, listen } from './lib/ports.mjs';
import { SECURITY_HEADERS } from './lib/security-headers.mjs';
import { staticFiles } from './lib/static-files.mjs';
import { webSocketMessageLimit } from './lib/ws-message-limit.mjs';

/** How many distinct refusals are logged (a refused page retries, and must not flood the log). */
const LOGGED_REFUSALS = 100;

const REPO_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Start mosquitto as a child process with TCP and WebSocket listeners on 127.0.0.1, and proxy
 * WebSocket upgrades to it.
 * @param {{ tcpPort: number, maxPayload: number, log: (...args: unknown[]) => void }} options
 *   `maxPayload`: a client that sends a larger WebSocket message is disconnected
 */
async function startMosquittoBroker({ tcpPort, maxPayload, log }) {
  if (!findMosquitto()) {
    throw new Error(
      'Mosquitto is not installed (or set MOSQUITTO_BIN to its path). ' +
        'Install it (e.g. apt-get install mosquitto) or run without --broker=mosquitto.',
    );
  }
  const actualTcpPort = await freePort(tcpPort);
  if (tcpPort !== 0 && actualTcpPort !== tcpPort) {
    log(`[broker] TCP port ${tcpPort} is in use; MQTT over TCP uses port ${actualTcpPort} instead`);
  }
  const mosquitto = await startMosquitto({
    tcpPort: actualTcpPort,
    config: ['max_queued_messages 100000'],
  });
  const { wsPort } = mosquitto;
  let stopping = false;
  void mosquitto.exited.then((reason) => {
    if (stopping) return;
    const tail = mosquitto.logTail();
    log(`[broker] mosquitto ${reason}${tail ? `: ${tail}` : ''}`);
  });

  /** @type {Set<net.Socket>} */
  const proxied = new Set();
  /**
   * Pipe the raw upgrade to mosquitto's WebSocket listener; mosquitto does the handshake
   * itself (including echoing Sec-WebSocket-Protocol: mqtt).
   * @param {http.IncomingMessage} req
   * @param {import('node:stream').Duplex} socket
   * @param {Buffer} head
   */
  const handleUpgrade = (req, socket, head) => {
    const upstream = net.connect(wsPort, '127.0.0.1');
    proxied.add(upstream);
    // The client's frames pass through a counter of message sizes on their way.
    const limit = webSocketMessageLimit(maxPayload);
    let requestHead = `${req.method} / HTTP/1.1\r\n`;
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      requestHead += `${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}\r\n`;
    }
    requestHead += '\r\n';
    const teardown = () => {
      proxied.delete(upstream);
      upstream.destroy();
      socket.destroy();
      limit.destroy();
    };
    upstream.once('connect', () => {
      upstream.setNoDelay(true);
      upstream.write(requestHead);
      if (head.length > 0) limit.write(head);
      socket.pipe(limit).pipe(upstream);
      upstream.pipe(socket);
    });
    limit.on('error', teardown);
    upstream.on('error', teardown);
    upstream.on('close', teardown);
    socket.on('error', teardown);
    socket.on('close', teardown);
  };

  return {
    tcpPort: mosquitto.tcpPort,
    handleUpgrade,
    close: async () => {
      stopping = true;
      for (const upstream of proxied) upstream.destroy();
      await mosquitto.stop();
    },
  };
}

/**
 * Start the app server.
 * @param {{
 *   port?: number, host?: string, distDir?: string, broker?: 'embedded' | 'mosquitto',
 *   tcpPort?: number, demo?: boolean, allowOrigins?: string[], maxPayload?: number,
 *   maxConnections?: number, log?: (...args: unknown[]) => void,
 * }} [options] `host`: the address to listen on (loopback unless told). `allowOrigins`: origins
 *   whose pages may use the broker besides the server's own (e.g. "https://scope.example.org").
 *   `maxPayload`: the largest WebSocket message a broker client may send, in bytes.
 *   `maxConnections`: broker WebSocket connections at a time; more get HTTP 503.
 */
export async function startAppServer({
  port = 5173,
  host = '127.0.0.1',
  distDir = path.join(REPO_DIR, 'dist'),
  broker = 'embedded',
  tcpPort = 1883,
  demo = true,
  allowOrigins = [],
  maxPayload = DEFAULT_MAX_PAYLOAD,
  maxConnections = DEFAULT_MAX_CONNECTIONS,
  log = console.log,
} = {}) {
  if (broker !== 'embedded' && broker !== 'mosquitto') {
    throw new Error(`Unknown broker "${broker}": use "embedded" or "mosquitto"`);
  }
  allowOrigins.forEach(parseAllowedOrigin); // throws on a bad one, before anything starts
  if (!Number.isSafeInteger(maxPayload) || maxPayload < 1) {
    throw new Error(`maxPayload must be a positive number of bytes, got ${maxPayload}`);
  }
  if (!Number.isSafeInteger(maxConnections) || maxConnections < 1) {
    throw new Error(`maxConnections must be a positive number, got ${maxConnections}`);
  }

  /** @type {{ tcpPort: number | null, handleUpgrade: Function, close: () => Promise<void> } | null} */
  let brokerHandle = null;

  const serveFiles = staticFiles(distDir);
  const server = http.createServer((req, res) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    try {
      serveFiles(req, res);
    } catch (err) {
      log(`[http] ${req.url}: ${/** @type {Error} */ (err).message}`);
      if (!res.headersSent) res.writeHead(500).end('Internal error');
      else res.destroy();
    }
  });
  /** @type {ReturnType<typeof createBrokerAccess> | null} */
  let access = null;
  /** Sockets of the broker WebSocket connections now open (or opening). */
  const brokerSockets = new Set();
  /** @type {Set<string>} */
  const loggedRefusals = new Set();
  /** @param {string} message */
  const logRefusal = (message) => {
    if (loggedRefusals.has(message) || loggedRefusals.size >= LOGGED_REFUSALS) return;
    loggedRefusals.add(message);
    log(`[broker] refused a WebSocket: ${message}`);
  };
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    if (pathname !== '/mqtt' || !brokerHandle || !access) {
      socket.destroy();
      return;
    }
    const refusal = access.refusal(req);
    if (refusal) {
      logRefusal(refusal);
      refuseUpgrade(socket, 403, `Forbidden: ${refusal}`);
      return;
    }
    if (brokerSockets.size >= maxConnections) {
      const message = `already ${maxConnections} broker connections (--max-connections)`;
      logRefusal(message);
      refuseUpgrade(socket, 503, `Too many connections: ${message}`);
      return;
    }
    brokerSockets.add(socket);
    socket.once('close', () => brokerSockets.delete(socket));
    brokerHandle.handleUpgrade(req, socket, head);
  });

  let actualPort;
  try {
    actualPort = await listen(server, port, host);
  } catch (err) {
    if (/** @type {NodeJS.ErrnoException} */ (err).code === 'EADDRINUSE') {
      throw new Error(`Port ${port} is in use: pass --port=N`, { cause: err });
    }
    throw err;
  }
  const brokerAccess = createBrokerAccess({ port: actualPort, listenHost: host, allowOrigins });
  access = brokerAccess;

  /** @type {{ stop: () => Promise<void> } | null} */
  let demoHandle = null;
  const close = async () => {
    await demoHandle?.stop();
    demoHandle = null;
    const serverClosed = new Promise((resolve) => server.close(() => resolve(undefined)));
    server.closeAllConnections();
    await brokerHandle?.close();
    brokerHandle = null;
    await serverClosed;
  };

  try {
    brokerHandle =
      broker === 'embedded'
        ? await startEmbeddedBroker({ tcpPort, host: '127.0.0.1', maxPayload })
        : await startMosquittoBroker({ tcpPort, maxPayload, log });
    const brokerTcpUrl = `mqtt://127.0.0.1:${brokerHandle.tcpPort}`;
    if (demo) demoHandle = await startDemoDevices({ brokerUrl: brokerTcpUrl });

    const urlHost = host.includes(':') ? `[${host}]` : host;
    return {
      url: `http://${urlHost}:${actualPort}/`,
      brokerWsUrl: `ws://${urlHost}:${actualPort}/mqtt`,
      brokerTcpUrl,
      /** Who may use the broker's WebSocket, and how much. */
      access: { origins: brokerAccess.origins, maxPayload, maxConnections },
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
