// The app server's own safety: the headers it sends (the policy index.html carries too), who may
// open its broker's WebSocket endpoint, and the limits on what they may send.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { startAppServer } from './app-server.mjs';
import { isLoopback, listeningSocketsOf } from './lib/listening-sockets.mjs';
import { findMosquitto } from './lib/mosquitto.mjs';
import { makeDistDir, removeDir } from './test-helpers.mjs';

const REPO_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** @type {Array<() => Promise<unknown> | unknown>} */
let cleanups = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

/** @param {Record<string, unknown>} [options] */
async function startApp(options = {}) {
  const distDir = await makeDistDir();
  cleanups.push(() => removeDir(distDir));
  const app = await startAppServer({
    port: 0,
    tcpPort: 0,
    demo: false,
    distDir,
    log: () => {},
    ...options,
  });
  cleanups.push(() => app.close());
  return { ...app, port: Number(new URL(app.url).port) };
}

/**
 * GET a path; the response's status, headers and body.
 * @param {string} baseUrl
 * @param {string} rawPath
 * @returns {Promise<{ status: number, headers: http.IncomingHttpHeaders, body: string }>}
 */
function get(baseUrl, rawPath) {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.get({ hostname, port, path: rawPath, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
  });
}

/**
 * A bare WebSocket upgrade request to `url` with these Origin and Host headers (none when
 * undefined; Host defaults to the URL's): the status of the answer (101 when accepted).
 * @param {string} url
 * @param {{ origin?: string, host?: string }} [headers]
 * @returns {Promise<{ status: number, body: string }>}
 */
function upgradeStatus(url, { origin, host } = {}) {
  const { hostname, port, pathname } = new URL(url);
  /** @type {Record<string, string>} */
  const headers = {
    Connection: 'Upgrade',
    Upgrade: 'websocket',
    'Sec-WebSocket-Version': '13',
    'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
    'Sec-WebSocket-Protocol': 'mqtt',
  };
  if (origin !== undefined) headers.Origin = origin;
  if (host !== undefined) headers.Host = host;
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, path: pathname, headers, agent: false });
    req.on('upgrade', (_res, socket) => {
      socket.destroy();
      resolve({ status: 101, body: '' });
    });
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

let clientCount = 0;
/** MQTT 3.1.1 CONNECT, clean session, keep-alive 60 s, a client ID of its own. */
function connectPacket() {
  const id = Buffer.from(`security-test-${++clientCount}`);
  const variable = Buffer.from([0, 4, 0x4d, 0x51, 0x54, 0x54, 4, 0x02, 0, 60, 0, id.length]);
  return Buffer.concat([Buffer.from([0x10, variable.length + id.length]), variable, id]);
}
const CONNACK_ACCEPTED = Buffer.from([0x20, 2, 0, 0]);
const PINGREQ = Buffer.from([0xc0, 0]);
const PINGRESP = Buffer.from([0xd0, 0]);

/**
 * A QoS 0 PUBLISH of `payloadBytes` bytes on topic "t".
 * @param {number} payloadBytes
 */
function publishPacket(payloadBytes) {
  const body = Buffer.concat([Buffer.from([0, 1, 0x74]), Buffer.alloc(payloadBytes, 0x61)]);
  const length = [];
  let n = body.length;
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    length.push(byte);
  } while (n > 0);
  return Buffer.concat([Buffer.from([0x30, ...length]), body]);
}

/**
 * Open a WebSocket to the broker with this Origin (none when undefined), send CONNECT and resolve
 * with the socket and the broker's first answer.
 * @param {string} url
 * @param {{ origin?: string, host?: string }} [options]
 * @returns {Promise<{ ws: WebSocket, reply: Buffer }>}
 */
function mqttConnect(url, { origin, host } = {}) {
  const ws = new WebSocket(url, 'mqtt', {
    ...(origin !== undefined ? { origin } : {}),
    ...(host !== undefined ? { headers: { Host: host } } : {}),
  });
  cleanups.push(() => ws.terminate());
  return new Promise((resolve, reject) => {
    ws.once('open', () => ws.send(connectPacket()));
    ws.once('message', (data) => resolve({ ws, reply: /** @type {Buffer} */ (data) }));
    ws.once('error', reject);
    ws.once('close', (code) => reject(new Error(`closed (${code}) before CONNACK`)));
  });
}

/**
 * The next binary message on `ws`.
 * @param {WebSocket} ws
 * @returns {Promise<Buffer>}
 */
function nextFrame(ws) {
  return new Promise((resolve, reject) => {
    ws.once('message', (data) => resolve(/** @type {Buffer} */ (data)));
    ws.once('close', (code) => reject(new Error(`closed (${code})`)));
  });
}

/**
 * Resolves once `ws` is closed, with its close code; rejects after `timeoutMs`.
 * @param {WebSocket} ws
 * @param {number} [timeoutMs]
 * @returns {Promise<number>}
 */
function closed(ws, timeoutMs = 5000) {
  if (ws.readyState === WebSocket.CLOSED) return Promise.resolve(1006);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('still open')), timeoutMs);
    ws.once('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

const EXPECTED_HEADER_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
  "img-src 'self' data: blob:; font-src 'self'; connect-src 'self' ws: wss:; " +
  "worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; " +
  "frame-ancestors 'none'";

/**
 * The directives of a policy, by name (order kept, whitespace normalised).
 * @param {string} policy
 */
function directives(policy) {
  return policy
    .split(';')
    .map((d) => d.trim().split(/\s+/).join(' '))
    .filter(Boolean);
}

describe('security headers', () => {
  it('sends the policy, frame-ancestors, Referrer-Policy and COOP on pages, assets and 404s', async () => {
    const app = await startApp();
    for (const rawPath of ['/', '/index.html', '/some/route', '/assets/app.js', '/missing.js']) {
      const res = await get(app.url, rawPath);
      expect(res.headers['content-security-policy'], rawPath).toBe(EXPECTED_HEADER_POLICY);
      expect(res.headers['referrer-policy'], rawPath).toBe('no-referrer');
      expect(res.headers['cross-origin-opener-policy'], rawPath).toBe('same-origin');
      expect(res.headers['x-content-type-options'], rawPath).toBe('nosniff');
    }
  }, 15000);

  it('index.html carries the same policy in a <meta>, first in <head>, without what only a header can say', async () => {
    const html = await fs.readFile(path.join(REPO_DIR, 'index.html'), 'utf8');
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"\s*\/?>/i.exec(
      html,
    );
    expect(meta, 'a Content-Security-Policy <meta> in index.html').not.toBeNull();
    const policy = directives(/** @type {RegExpExecArray} */ (meta)[1]);
    // frame-ancestors is ignored (with a console error) in a <meta>: the server adds it.
    expect([...policy, "frame-ancestors 'none'"]).toEqual(directives(EXPECTED_HEADER_POLICY));
    expect(policy).toContain("script-src 'self'");
    expect(policy.join('; ')).not.toMatch(/unsafe-eval|\*|https?:/);
    // A <meta> policy covers only what comes after it: nothing that loads anything before it.
    const head = html.slice(html.indexOf('<head>'), /** @type {RegExpExecArray} */ (meta).index);
    expect(head).not.toMatch(/<(script|link|style)\b/i);
    expect(html).toMatch(/<meta\s+name="referrer"\s+content="no-referrer"\s*\/?>/);
  });
});

describe('who may open the broker WebSocket', () => {
  it('refuses pages from another origin with 403 and accepts its own origins and Node tools', async () => {
    const app = await startApp();
    const url = app.brokerWsUrl;
    for (const origin of [
      'http://evil.example',
      `http://evil.example:${app.port}`,
      `http://localhost:${app.port + 1}`,
      `https://localhost:${app.port}`,
      'null',
      'file://',
    ]) {
      expect((await upgradeStatus(url, { origin })).status, origin).toBe(403);
    }
    for (const origin of [
      `http://localhost:${app.port}`,
      `http://127.0.0.1:${app.port}`,
      `http://[::1]:${app.port}`,
      undefined,
    ]) {
      expect((await upgradeStatus(url, { origin })).status, String(origin)).toBe(101);
      const { ws, reply } = await mqttConnect(url, { origin });
      expect(reply, String(origin)).toEqual(CONNACK_ACCEPTED);
      ws.close();
    }
  }, 20000);

  it('refuses a Host that is not a name of this server (DNS rebinding)', async () => {
    const app = await startApp();
    const url = app.brokerWsUrl;
    for (const host of [
      'evil.example',
      `evil.example:${app.port}`,
      `localhost:${app.port + 1}`,
      `evil.example@127.0.0.1:${app.port}`,
    ]) {
      const res = await upgradeStatus(url, { host });
      expect(res.status, host).toBe(403);
      // Also with the origin the rebinding page really has.
      expect((await upgradeStatus(url, { host, origin: `http://${host}` })).status, host).toBe(403);
    }
    for (const host of [`localhost:${app.port}`, `127.0.0.1:${app.port}`, `[::1]:${app.port}`]) {
      expect((await upgradeStatus(url, { host })).status, host).toBe(101);
    }
    // The page gets a reason it can read.
    expect((await upgradeStatus(url, { origin: 'http://evil.example' })).body).toMatch(
      /--allow-origin/,
    );
  }, 20000);

  it('--allow-origin widens it to that origin (and its host name) only', async () => {
    const app = await startApp({
      allowOrigins: ['https://scope.example.org', 'http://192.168.1.20:8080/'],
    });
    const url = app.brokerWsUrl;
    expect((await upgradeStatus(url, { origin: 'https://scope.example.org' })).status).toBe(101);
    expect((await upgradeStatus(url, { origin: 'http://192.168.1.20:8080' })).status).toBe(101);
    // A reverse proxy passes the public name on as Host.
    const proxied = { origin: 'https://scope.example.org', host: 'scope.example.org' };
    expect((await upgradeStatus(url, proxied)).status).toBe(101);
    const { reply } = await mqttConnect(url, proxied);
    expect(reply).toEqual(CONNACK_ACCEPTED);
    for (const origin of [
      'http://scope.example.org',
      'https://other.example.org',
      'http://192.168.1.20:8081',
    ]) {
      expect((await upgradeStatus(url, { origin })).status, origin).toBe(403);
    }
    expect((await upgradeStatus(url, { host: 'other.example.org' })).status).toBe(403);
  }, 20000);

  it('rejects an --allow-origin that is not an http(s) origin', async () => {
    for (const allowOrigins of [['evil.example'], ['ftp://x.example'], ['http://x.example/path']]) {
      const started = startAppServer({ port: 0, tcpPort: 0, demo: false, allowOrigins, log() {} });
      void started.then((app) => cleanups.push(() => app.close())).catch(() => {});
      await expect(started, allowOrigins[0]).rejects.toThrow(/allow-origin/);
    }
  });

  it('listens on loopback only unless told otherwise, its MQTT over TCP included', async () => {
    const app = await startApp();
    const ports = [app.port, Number(new URL(app.brokerTcpUrl).port)];
    const bound = listeningSocketsOf(process.pid).filter((s) => ports.includes(s.port));
    expect(bound.map((s) => s.port).sort()).toEqual([...ports].sort());
    for (const socket of bound) expect(isLoopback(socket.address), socket.address).toBe(true);
  }, 15000);

  it('reports what it accepts', async () => {
    const app = await startApp();
    expect(app.access).toEqual({
      origins: [
        `http://localhost:${app.port}`,
        `http://127.0.0.1:${app.port}`,
        `http://[::1]:${app.port}`,
      ],
      maxPayload: 16 * 1024 * 1024,
      maxConnections: 200,
    });
  }, 15000);
});

describe('limits on broker connections', () => {
  it('closes a connection that sends a WebSocket message larger than maxPayload', async () => {
    const app = await startApp({ maxPayload: 4096 });
    const { ws, reply } = await mqttConnect(app.brokerWsUrl);
    expect(reply).toEqual(CONNACK_ACCEPTED);
    // Under the limit: still connected.
    ws.send(publishPacket(3000));
    ws.send(PINGREQ);
    expect(await nextFrame(ws)).toEqual(PINGRESP);
    ws.send(publishPacket(5000));
    expect(await closed(ws)).toBe(1009); // Message Too Big
  }, 15000);

  it('answers 503 above maxConnections, and takes new ones once some have gone', async () => {
    const app = await startApp({ maxConnections: 2 });
    const first = await mqttConnect(app.brokerWsUrl);
    await mqttConnect(app.brokerWsUrl);
    const refused = await upgradeStatus(app.brokerWsUrl);
    expect(refused.status).toBe(503);
    first.ws.close();
    await closed(first.ws);
    await expect.poll(async () => (await upgradeStatus(app.brokerWsUrl)).status).toBe(101);
  }, 15000);

  it('defaults to 16 MB messages', async () => {
    const app = await startApp();
    const { ws } = await mqttConnect(app.brokerWsUrl);
    ws.send(publishPacket(16 * 1024 * 1024 - 100));
    ws.send(PINGREQ);
    expect(await nextFrame(ws)).toEqual(PINGRESP);
    ws.send(publishPacket(16 * 1024 * 1024 + 1));
    await closed(ws);
  }, 20000);
});

describe('the same checks in front of mosquitto', () => {
  it('refuses foreign origins and hosts, caps connections and message size', async () => {
    expect(findMosquitto(), 'apt-get install mosquitto (needed by this test)').not.toBeNull();
    const app = await startApp({ broker: 'mosquitto', maxPayload: 4096, maxConnections: 2 });
    const url = app.brokerWsUrl;
    expect((await upgradeStatus(url, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await upgradeStatus(url, { host: 'evil.example' })).status).toBe(403);

    const own = await mqttConnect(url, { origin: `http://localhost:${app.port}` });
    expect(own.reply).toEqual(CONNACK_ACCEPTED);
    const tool = await mqttConnect(url);
    expect(tool.reply).toEqual(CONNACK_ACCEPTED);
    expect((await upgradeStatus(url)).status).toBe(503);

    own.ws.send(publishPacket(3000));
    own.ws.send(PINGREQ);
    expect(await nextFrame(own.ws)).toEqual(PINGRESP);
    // Sent in fragments: the message, not the frame, is what counts.
    const large = publishPacket(5000);
    own.ws.send(large.subarray(0, 2500), { fin: false });
    own.ws.send(large.subarray(2500), { fin: true });
    await closed(own.ws);
    await expect.poll(async () => (await upgradeStatus(url)).status).toBe(101);
  }, 30000);
});
