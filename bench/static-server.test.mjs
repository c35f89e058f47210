import { promises as fs } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { makeDistDir, removeDir } from '../server/test-helpers.mjs';
import { startStaticServer } from './static-server.mjs';

/** @type {Array<() => Promise<unknown> | unknown>} */
let cleanups = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

describe('bench static server', () => {
  it('serves the app, the baseline page and the mqtt.js bundle from one origin', async () => {
    const distDir = await makeDistDir();
    cleanups.push(() => removeDir(distDir));
    const server = await startStaticServer(distDir);
    cleanups.push(() => server.close());

    const app = await fetch(`${server.origin}/?broker=ws://127.0.0.1:1`);
    expect(app.status).toBe(200);
    expect(await app.text()).toContain('test app');

    const baseline = await fetch(`${server.origin}/bench/baseline.html?broker=x&filter=%23`);
    expect(baseline.status).toBe(200);
    expect(baseline.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await baseline.text()).toBe(
      await fs.readFile(new URL('./baseline.html', import.meta.url), 'utf8'),
    );

    const bundle = await fetch(`${server.origin}/bench/mqtt.esm.js`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await bundle.text()).length).toBeGreaterThan(1000);

    // Only those two files: nothing else next to them.
    expect((await fetch(`${server.origin}/bench/run.mjs`)).status).toBe(404);
  }, 15000);
});
