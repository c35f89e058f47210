// One http server for the built app plus the broker's WebSocket endpoint on /mqtt, so the
// browser talks to a single origin. The broker is either embedded aedes or a child mosquitto.
import { spawn } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDemoDevices } from './demo-devices.mjs';
import { startEmbeddedBroker } from './embedded-broker.mjs';
import { listen } from './listen.mjs';

const REPO_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MOSQUITTO_START_TIMEOUT_MS = 10000;
const MOSQUITTO_STOP_TIMEOUT_MS = 3000;

/** @type {Record<string, string>} */
const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Find the mosquitto binary: Debian's path first, then PATH.
 * @returns {string | null}
 */
function findMosquitto() {
  if (existsSync('/usr/sbin/mosquitto')) return '/usr/sbin/mosquitto';
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, process.platform === 'win32' ? 'mosquitto.exe' : 'mosquitto');
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

/**
 * A port that is free right now on 127.0.0.1: `preferred` if possible, else an ephemeral one.
 * (Tiny race until the child binds it; acceptable for a local dev tool.)
 * @param {number} preferred
 */
async function findFreePort(preferred) {
  const probe = net.createServer();
  let port;
  try {
    port = await listen(probe, preferred, '127.0.0.1');
  } catch (err) {
    if (/** @type {NodeJS.ErrnoException} */ (err).code !== 'EADDRINUSE' || preferred === 0) {
      throw err;
    }
    port = await listen(probe, 0, '127.0.0.1');
  }
  await new Promise((resolve) => probe.close(() => resolve(undefined)));
  return port;
}

/** @param {number} port @param {number} timeoutMs @param {() => string | null} failed */
async function waitForTcp(port, timeoutMs, failed) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const failure = failed();
    if (failure) throw new Error(failure);
    const ok = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`mosquitto did not open port ${port} in time`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Start mosquitto as a child process with TCP and WebSocket listeners on 127.0.0.1.
 * @param {{ tcpPort: number, log: (...args: unknown[]) => void }} options
 */
async function startMosquitto({ tcpPort, log }) {
  const binary = findMosquitto();
  if (!binary) {
    throw new Error(
      'Mosquitto is not installed (looked for /usr/sbin/mosquitto and mosquitto on PATH). ' +
        'Install it (e.g. apt-get install mosquitto) or run without --broker=mosquitto.',
    );
  }
  const actualTcpPort = await findFreePort(tcpPort);
  if (tcpPort !== 0 && actualTcpPort !== tcpPort) {
    log(`[broker] TCP port ${tcpPort} is in use; MQTT over TCP uses port ${actualTcpPort} instead`);
  }
  const wsPort = await findFreePort(0);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'brokerscope-mosquitto-'));
  const configPath = path.join(dir, 'mosquitto.conf');
  await fs.writeFile(
    configPath,
    [
      `listener ${actualTcpPort} 127.0.0.1`,
      `listener ${wsPort} 127.0.0.1`,
      'protocol websockets',
      'allow_anonymous true',
      'max_queued_messages 100000',
      'persistence false',
      'log_dest stderr',
      'log_type error',
      'log_type warning',
      '',
    ].join('\n'),
  );

  const child = spawn(binary, ['-c', configPath], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  /** @type {string | null} */
  let exitReason = null;
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text) => {
    // Keep only the tail: enough to explain a startup failure.
    stderr = (stderr + text).slice(-4000);
  });
  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      exitReason = `mosquitto exited (${signal ?? `code ${code}`})${stderr ? `: ${stderr.trim()}` : ''}`;
      resolve(undefined);
    });
    child.once('error', (err) => {
      exitReason = `could not start ${binary}: ${err.message}`;
      resolve(undefined);
    });
  });

  // If this process exits without close() (process.exit, uncaught error), don't orphan the child.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const stop = async () => {
    process.off('exit', killOnExit);
    if (exitReason === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), MOSQUITTO_STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    await fs.rm(dir, { recursive: true, force: true });
  };

  try {
    await waitForTcp(actualTcpPort, MOSQUITTO_START_TIMEOUT_MS, () => exitReason);
    await waitForTcp(wsPort, MOSQUITTO_START_TIMEOUT_MS, () => exitReason);
  } catch (err) {
    await stop();
    throw err;
  }
  let stopping = false;
  child.once('exit', () => {
    if (!stopping) log(`[broker] ${exitReason}`);
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
    tcpPort: actualTcpPort,
    handleUpgrade,
    close: async () => {
      stopping = true;
      for (const upstream of proxied) upstream.destroy();
      await stop();
    },
  };
}

/**
 * Serve one file from distDir, falling back to index.html for app routes.
 * @param {string} rootDir absolute, resolved
 * @param {http.IncomingMessage} req
 * @param {http.ServerResponse} res
 */
async function serveStatic(rootDir, req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  } catch {
    res.writeHead(400).end('Bad request');
    return;
  }
  // URL() already collapses literal '..' segments; encoded ones (%2e%2e, %2f) only appear after
  // decoding. Refuse those outright, and still check the resolved path below.
  if (pathname.includes('\0') || pathname.split(/[/\\]/).includes('..')) {
    res.writeHead(403).end('Forbidden');
    return;
  }
  let filePath = path.resolve(rootDir, '.' + path.posix.normalize('/' + pathname));
  if (filePath !== rootDir && !filePath.startsWith(rootDir + path.sep)) {
    res.writeHead(403).end('Forbidden');
    return;
  }

  let stat = await fs.stat(filePath).catch(() => null);
  if (stat?.isDirectory()) {
    filePath = path.join(filePath, 'index.html');
    stat = await fs.stat(filePath).catch(() => null);
  }
  if (!stat?.isFile()) {
    // Client-side routes get the app; missing assets (paths with an extension) get a real 404
    // so a stale hashed chunk doesn't come back as HTML.
    if (path.extname(pathname) !== '') {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    filePath = path.join(rootDir, 'index.html');
    stat = await fs.stat(filePath).catch(() => null);
    if (!stat?.isFile()) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
  }

  const ext = path.extname(filePath).toLowerCase();
  const isIndex = path.basename(filePath) === 'index.html';
  /** @type {Record<string, string | number>} */
  const headers = {
    'Content-Type': CONTENT_TYPES[ext] ?? 'application/octet-stream',
    'Content-Length': stat.size,
    'X-Content-Type-Options': 'nosniff',
    // Vite's hashed assets never change; index.html must be revalidated to pick up new hashes.
    'Cache-Control':
      !isIndex && filePath.startsWith(path.join(rootDir, 'assets') + path.sep)
        ? 'public, max-age=31536000, immutable'
        : 'no-cache',
  };
  res.writeHead(200, headers);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const data = await fs.readFile(filePath);
  res.end(data);
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
  const rootDir = path.resolve(distDir);

  /** @type {{ tcpPort: number | null, handleUpgrade: Function, close: () => Promise<void> } | null} */
  let brokerHandle = null;

  const server = http.createServer((req, res) => {
    serveStatic(rootDir, req, res).catch((err) => {
      log(`[http] ${req.url}: ${err.message}`);
      if (!res.headersSent) res.writeHead(500).end('Internal error');
      else res.destroy();
    });
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
        : await startMosquitto({ tcpPort, log });
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
