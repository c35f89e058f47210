// Serves the built app, the bare baseline page and mqtt.js's browser bundle from one origin.
// No broker here: both pages talk to the bench's Mosquitto directly over its WebSocket port.
import { promises as fs } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO_DIR = path.resolve(BENCH_DIR, '..');

/** @type {Record<string, string>} */
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
};

/** Fixed routes outside the app's build. */
const EXTRA_ROUTES = {
  '/bench/baseline.html': path.join(BENCH_DIR, 'baseline.html'),
  '/bench/mqtt.esm.js': path.join(REPO_DIR, 'node_modules', 'mqtt', 'dist', 'mqtt.esm.js'),
};

/** @param {string} distDir */
export async function startStaticServer(distDir) {
  const root = path.resolve(distDir);
  const server = http.createServer(async (req, res) => {
    try {
      const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      let file = /** @type {Record<string, string>} */ (EXTRA_ROUTES)[pathname];
      if (!file) {
        const candidate = path.resolve(root, '.' + path.posix.normalize('/' + pathname));
        const inside = candidate.startsWith(root + path.sep);
        const stat = inside ? await fs.stat(candidate).catch(() => null) : null;
        file = stat?.isFile() ? candidate : path.join(root, 'index.html');
      }
      const body = await fs.readFile(file);
      res.writeHead(200, {
        'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
        'Content-Length': body.length,
        'Cache-Control': 'no-cache',
      });
      res.end(body);
    } catch (err) {
      res.writeHead(500).end(String(err));
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    origin: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
}
