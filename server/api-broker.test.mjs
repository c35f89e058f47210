// GET /api/broker: which broker the app is served with, and where, with no secrets in it.
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startAppServer } from './app-server.mjs';
import { makeDistDir, removeDir } from './test-helpers.mjs';

/** @type {Array<() => Promise<unknown>>} */
let cleanups = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

async function start() {
  const distDir = await makeDistDir();
  cleanups.push(() => removeDir(distDir));
  const app = await startAppServer({
    port: 0,
    distDir,
    tcpPort: 0,
    demo: false,
    log: () => undefined,
  });
  cleanups.push(() => app.close());
  return app;
}

/** @param {string} url @param {Record<string, string>} [headers] */
function get(url, headers = {}) {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode, type: res.headers['content-type'], body }),
        );
      })
      .on('error', reject);
  });
}

describe('GET /api/broker', () => {
  it('says the embedded broker speaks 3.1.1 and 5.0 on /mqtt, with its demo', async () => {
    const app = await start();
    const res = /** @type {{ status: number, type: string, body: string }} */ (
      await get(`${app.url}api/broker`)
    );
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/json');
    expect(JSON.parse(res.body)).toEqual({
      kind: 'embedded',
      name: 'aedes (embedded)',
      webSocketPath: '/mqtt',
      mqttVersions: ['3.1.1', '5.0'],
      tcpUrl: app.brokerTcpUrl,
      demo: null,
    });
  });

  it('answers a page on another host name (DNS rebinding) with 403', async () => {
    const app = await start();
    const res = /** @type {{ status: number }} */ (
      await get(`${app.url}api/broker`, { Host: `evil.example:${new URL(app.url).port}` })
    );
    expect(res.status).toBe(403);
  });

  it('never carries a user name or password inside a URL', async () => {
    const app = await start();
    /** @type {Record<string, unknown>} */ (app.info).bridged = {
      url: 'redis://user:s3cret@cache.example:6379/0',
    };
    const res = /** @type {{ body: string }} */ (await get(`${app.url}api/broker`));
    expect(res.body).not.toContain('s3cret');
    expect(JSON.parse(res.body).bridged.url).toBe('redis://cache.example:6379/0');
  });
});
