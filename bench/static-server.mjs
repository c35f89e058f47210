// Serves the built app, the bare baseline page and mqtt.js's browser bundle from one origin.
// No broker here: both pages talk to the bench's Mosquitto directly over its WebSocket port.
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listen } from '../server/lib/ports.mjs';
import { staticFiles } from '../server/lib/static-files.mjs';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO_DIR = path.resolve(BENCH_DIR, '..');

/** Fixed routes outside the app's build. */
const EXTRA_ROUTES = {
  '/bench/baseline.html': path.join(BENCH_DIR, 'baseline.html'),
  '/bench/mqtt.esm.js': path.join(REPO_DIR, 'node_modules', 'mqtt', 'dist', 'mqtt.esm.js'),
};

/** @param {string} distDir */
export async function startStaticServer(distDir) {
  const serveFiles = staticFiles(distDir, { routes: EXTRA_ROUTES });
  const server = http.createServer((req, res) => {
    try {
      serveFiles(req, res);
    } catch (err) {
      res.writeHead(500).end(String(err));
    }
  });
  const port = await listen(server, 0, '127.0.0.1');
  return {
    origin: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
}
