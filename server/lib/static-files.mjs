// The built app's files over HTTP (sirv): the app's index.html for client-side routes, a real 404
// for a missing file (a path with an extension), long caching for Vite's hashed assets only, and
// never a file from outside the folder, not through a symlink either.
import { realpathSync } from 'node:fs';
import path from 'node:path';
import sirv from 'sirv';

/** A last path segment with an extension ("app.js"): a file, not a client-side route. */
const HAS_EXTENSION = /\.[^/]*$/;
/** Extensions sirv may append to a path to find a file (see `candidates`). */
const EXTENSIONS = ['html'];

/**
 * @param {import('node:http').ServerResponse} res
 * @param {string} pathname
 */
function setHeaders(res, pathname) {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // Vite's hashed assets never change; everything else (index.html above all) is revalidated
  // so that a new build's hashes are picked up.
  const hashedAsset =
    pathname.startsWith('/assets/') &&
    HAS_EXTENSION.test(pathname) &&
    path.posix.basename(pathname) !== 'index.html';
  res.setHeader('Cache-Control', hashedAsset ? 'public, max-age=31536000, immutable' : 'no-cache');
}

/**
 * The request's path as sirv reads it: without query or fragment, percent-decoded by decodeURI
 * (which leaves %2F encoded).
 * @param {string} url
 */
function requestPath(url) {
  const pathname = url.split('#', 1)[0]?.split('?', 1)[0] ?? '/';
  try {
    return decodeURI(pathname);
  } catch {
    return pathname;
  }
}

/**
 * Every file sirv may answer `pathname` with, in its order: the path itself, the index file of a
 * directory, then both again with each extension appended.
 * @param {string} root
 * @param {string} pathname
 */
function candidates(root, pathname) {
  const base = path.join(root, pathname);
  const index = path.join(base, 'index');
  return ['', ...EXTENSIONS.map((ext) => `.${ext}`)].flatMap((ext) => [base + ext, index + ext]);
}

/** @param {import('node:http').ServerResponse} res */
function notFound(res) {
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
}

/**
 * A request handler for the files in `rootDir`, looked up on each request (a rebuild is served
 * at once).
 * @param {string} rootDir
 * @param {{ routes?: Record<string, string> }} [options] `routes`: exact paths answered with a
 *   file from elsewhere (e.g. `{ '/bench/baseline.html': '/abs/path/baseline.html' }`)
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void}
 */
export function staticFiles(rootDir, { routes = {} } = {}) {
  const root = path.resolve(rootDir);
  const fallbackFiles = candidates(root, '/');
  /**
   * sirv resolves symlinks like any other file (a link inside the folder to a file outside it
   * would be served): refuse a path if any file it may be answered with lies outside.
   * @param {string} pathname
   */
  const staysInside = (pathname) => {
    let realRoot;
    try {
      realRoot = realpathSync(root);
    } catch {
      return true; // no folder (yet): nothing to serve
    }
    return [...candidates(root, pathname), ...fallbackFiles].every((file) => {
      let real;
      try {
        real = realpathSync(file);
      } catch {
        return true; // not there: sirv will not serve it either
      }
      return real === realRoot || real.startsWith(realRoot + path.sep);
    });
  };

  // dev: look files up on each request rather than once at start. single: the SPA fallback to
  // index.html, except for paths with an extension (missing assets get a 404, not HTML).
  const serveApp = sirv(root, {
    dev: true,
    single: true,
    extensions: EXTENSIONS,
    ignores: [HAS_EXTENSION],
    setHeaders,
    onNoMatch: (_req, res) => notFound(res),
  });
  const extraRoutes = new Map(
    Object.entries(routes).map(([route, file]) => [
      route,
      {
        name: `/${path.basename(file)}`,
        serve: sirv(path.dirname(file), { dev: true, setHeaders }),
      },
    ]),
  );

  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    // sirv pipes a read stream without listening for its errors (a file gone since the lookup).
    res.once('pipe', (source) => source.once('error', () => res.destroy()));
    const pathname = requestPath(req.url ?? '/');
    const extra = extraRoutes.get(pathname);
    if (extra) {
      req.url = extra.name;
      extra.serve(req, res, () => notFound(res));
      return;
    }
    if (!staysInside(pathname)) {
      notFound(res);
      return;
    }
    serveApp(req, res);
  };
}
