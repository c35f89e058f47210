// One http server for the built app plus the broker's WebSocket endpoint on /mqtt, so the
// browser talks to a single origin. The broker is either embedded aedes or a child mosquitto.
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDemoDevices } from './demo-devices.mjs';
import { startEmbeddedBroker } from './embedded-broker.mjs';
import { findMosquitto, startMosquitto } from './lib/mosquitto.mjs';
import { freePort, listen } from './lib/ports.mjs';
import { staticFiles } from './lib/static-files.mjs';

const REPO_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Start mosquitto as a child process with TCP and WebSocket listeners on 127.0.0.1, and proxy
 * WebSocket upgrades to it.
 * @param {{ tcpPort: number, log: (...args: unknown[]) => void }} options
 */
async function startMosquittoBroker({ tcpPort, log }) {
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
    let requestHead = `${req.method} / HTTP/1.1\r\n`;
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      requestHead += `${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}\r\n`;
    }
    requestHead += '\r\n';
    const teardown = () => {
      proxied.delete(upstream);
      upstream.destroy();
      socket.destroy();
    };
    upstream.once('connect', () => {
      upstream.setNoDelay(true);
      upstream.write(requestHead);
      if (head.length > 0) upstream.write(head);
      socket.pipe(upstream);
      upstream.pipe(socket);
    });
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
 *   tcpPort?: number, demo?: boolean, log?: (...args: unknown[]) => void,
 * }} [options]
 */
export async function startAppServer({
  port = 5173,
  host = '127.0.0.1',
  distDir = path.join(REPO_DIR, 'dist'),
  broker = 'embedded',
  tcpPort = 1883,
  demo = true,
  log = console.log,
} = {}) {
  if (broker !== 'embedded' && broker !== 'mosquitto') {
    throw new Error(`Unknown broker "${broker}": use "embedded" or "mosquitto"`);
  }

  /** @type {{ tcpPort: number | null, handleUpgrade: Function, close: () => Promise<void> } | null} */
  let brokerHandle = null;

  const serveFiles = staticFiles(distDir);
  const server = http.createServer((req, res) => {
    try {
      serveFiles(req, res);
    } catch (err) {
      log(`[http] ${req.url}: ${/** @type {Error} */ (err).message}`);
      if (!res.headersSent) res.writeHead(500).end('Internal error');
      else res.destroy();
    }
  });
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    if (pathname !== '/mqtt' || !brokerHandle) {
      socket.destroy();
      return;
    }
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
        ? await startEmbeddedBroker({ tcpPort, host: '127.0.0.1' })
        : await startMosquittoBroker({ tcpPort, log });
    const brokerTcpUrl = `mqtt://127.0.0.1:${brokerHandle.tcpPort}`;
    if (demo) demoHandle = await startDemoDevices({ brokerUrl: brokerTcpUrl });

    const urlHost = host.includes(':') ? `[${host}]` : host;
    return {
      url: `http://${urlHost}:${actualPort}/`,
      brokerWsUrl: `ws://${urlHost}:${actualPort}/mqtt`,
      brokerTcpUrl,
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
