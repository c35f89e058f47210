import { promises as fs } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import mqtt from 'mqtt';
import { WebSocket } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { startAppServer } from './app-server.mjs';
import { findMosquitto } from './lib/mosquitto.mjs';
import { canConnect } from './lib/ports.mjs';
import { makeDistDir, nextMessage, removeDir } from './test-helpers.mjs';

/** @type {Array<() => Promise<unknown> | unknown>} */
let cleanups = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

/** @param {Parameters<typeof startAppServer>[0]} options */
async function startApp(options) {
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
  return { ...app, distDir };
}

/**
 * GET a raw path (no client-side normalisation of '..').
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

/** @param {string} url @param {import('mqtt').IClientOptions} options */
async function connect(url, options) {
  const client = await mqtt.connectAsync(url, { reconnectPeriod: 0, ...options });
  cleanups.push(() => client.endAsync());
  return client;
}

describe('app server static files', () => {
  it('serves index.html, assets, and the app for unknown routes', async () => {
    const app = await startApp({});
    expect(app.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);

    const index = await get(app.url, '/');
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toMatch(/^text\/html/);
    expect(index.headers['cache-control']).toBe('no-cache');
    expect(index.body).toContain('test app');

    const asset = await get(app.url, '/assets/app.js');
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/^text\/javascript/);

    const route = await get(app.url, '/some/client/route');
    expect(route.status).toBe(200);
    expect(route.body).toContain('test app');

    expect((await get(app.url, '/assets/missing.js')).status).toBe(404);
  }, 15000);

  it('sends nosniff everywhere, caches hashed assets for good and revalidates the rest', async () => {
    const app = await startApp({});
    for (const rawPath of ['/', '/index.html', '/some/route', '/assets/app.js']) {
      const res = await get(app.url, rawPath);
      expect(res.status, rawPath).toBe(200);
      expect(res.headers['x-content-type-options'], rawPath).toBe('nosniff');
      expect(res.headers['cache-control'], rawPath).toBe(
        rawPath === '/assets/app.js' ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    }
    // A client-side route under /assets/ gets the app, and the app is never cached for good.
    const route = await get(app.url, '/assets/route');
    expect(route.body).toContain('test app');
    expect(route.headers['cache-control']).toBe('no-cache');
  }, 15000);

  it('answers HEAD without a body and refuses other methods', async () => {
    const app = await startApp({});
    const { hostname, port } = new URL(app.url);
    /** @param {string} method */
    const request = (method) =>
      new Promise((resolve, reject) => {
        const req = http.request({ hostname, port, path: '/', method, agent: false }, (res) => {
          let body = '';
          res.on('data', (chunk) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
        });
        req.on('error', reject);
        req.end();
      });
    expect(await request('HEAD')).toMatchObject({ status: 200, body: '' });
    expect(await request('POST')).toMatchObject({ status: 405, headers: { allow: 'GET, HEAD' } });
  }, 15000);

  it('refuses directory traversal', async () => {
    const app = await startApp({});
    for (const rawPath of [
      '/../package.json',
      '/assets/../../package.json',
      '/%2e%2e/package.json',
      '/..%2fpackage.json',
      '/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    ]) {
      const res = await get(app.url, rawPath);
      expect(res.status, rawPath).toBeGreaterThanOrEqual(400);
      expect(res.body, rawPath).not.toContain('"name"');
      expect(res.body, rawPath).not.toContain('root:');
    }
  }, 15000);

  it('does not follow a symlink out of the app folder', async () => {
    const outside = await fs.mkdtemp(path.join(os.tmpdir(), 'brokerscope-outside-'));
    cleanups.push(() => removeDir(outside));
    await fs.writeFile(path.join(outside, 'secret.txt'), 'top secret');
    await fs.writeFile(path.join(outside, 'index.html'), 'top secret page');
    const app = await startApp({});
    const { distDir } = app;
    await fs.symlink(path.join(outside, 'secret.txt'), path.join(distDir, 'secret.txt'));
    await fs.symlink(path.join(outside, 'secret.txt'), path.join(distDir, 'assets', 'x.js'));
    await fs.symlink(path.join(outside, 'index.html'), path.join(distDir, 'page.html'));
    await fs.symlink(outside, path.join(distDir, 'linked'));
    // A link that stays inside is fine.
    await fs.symlink(path.join(distDir, 'assets', 'app.js'), path.join(distDir, 'app-link.js'));

    for (const rawPath of [
      '/secret.txt',
      '/assets/x.js',
      '/page', // sirv also tries page.html
      '/linked/secret.txt',
      '/linked/', // and a directory's index.html
      '/linked',
    ]) {
      const res = await get(app.url, rawPath);
      expect(res.status, rawPath).toBe(404);
      expect(res.body, rawPath).not.toContain('top secret');
    }
    expect((await get(app.url, '/app-link.js')).body).toBe('console.log(1);');
  }, 15000);

  it('refuses WebSocket upgrades on paths other than /mqtt', async () => {
    const app = await startApp({});
    const ws = new WebSocket(new URL('/other', app.brokerWsUrl).href, 'mqtt');
    cleanups.push(() => ws.terminate());
    await expect(
      new Promise((resolve, reject) => {
        ws.once('open', resolve);
        ws.once('error', reject);
      }),
    ).rejects.toThrow();
  }, 15000);

  it('reports a port that is in use clearly', async () => {
    const app = await startApp({});
    const port = Number(new URL(app.url).port);
    await expect(startAppServer({ port, tcpPort: 0, demo: false })).rejects.toThrow(
      `Port ${port} is in use: pass --port=N`,
    );
  }, 15000);
});

describe('app server with mosquitto', () => {
  it('runs mosquitto, proxies /mqtt to it, and stops it on close', async () => {
    // CI installs mosquitto; a missing binary must fail loudly rather than skip.
    expect(
      findMosquitto(),
      'mosquitto is not installed: apt-get install mosquitto (needed by this test)',
    ).not.toBeNull();

    const app = await startApp({ broker: 'mosquitto', demo: true });
    const tcpPort = Number(new URL(app.brokerTcpUrl).port);

    const wsClient = await connect(app.brokerWsUrl, { protocolVersion: 5 });
    const status = nextMessage(wsClient, (topic) => topic === 'demo/plant/line1/status');
    await wsClient.subscribeAsync(['demo/plant/line1/status', 'test/#'], { qos: 1 });
    expect((await status).payload.toString()).toBe('online');

    const tcpClient = await connect(app.brokerTcpUrl, { protocolVersion: 5 });
    const received = nextMessage(wsClient, (topic) => topic === 'test/props');
    await tcpClient.publishAsync('test/props', 'hi', {
      qos: 1,
      properties: { userProperties: { site: 'north' } },
    });
    const { payload, packet } = await received;
    expect(payload.toString()).toBe('hi');
    expect(packet.properties?.userProperties).toEqual({ site: 'north' });

    await wsClient.endAsync();
    await tcpClient.endAsync();
    await app.close();
    expect(await canConnect(tcpPort)).toBe(false);
  }, 30000);
});
