// Who may open the app server's broker WebSocket (/mqtt), and how an upgrade is refused.
//
// A browser lets any page open a WebSocket to any host, and sends the page's origin along: a page
// on another site could otherwise use the broker on this machine. Accepted: the app's own pages
// (the server's names with its port) and clients that send no Origin (Node tools,
// mosquitto_sub); the Host header must be one of the server's names too, so that a page on a
// domain that resolves to 127.0.0.1 (DNS rebinding) is refused as well. --allow-origin adds an
// origin and its host name (e.g. a reverse proxy's public name).
import { STATUS_CODES } from 'node:http';
import os from 'node:os';

export const DEFAULT_MAX_PAYLOAD = 16 * 1024 * 1024;
export const DEFAULT_MAX_CONNECTIONS = 200;

/** The names of this machine's loopback interface, as they appear in URLs. */
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];
const ANY_ADDRESS = new Set(['', '0.0.0.0', '::', '[::]']);
/** A Host header: a name, an IPv4 address or a bracketed IPv6 address, then maybe a port. */
const HOST_HEADER = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * `value` as an origin ("https://host:port"); throws unless it is an http(s) URL without path,
 * query or credentials.
 * @param {string} value
 */
export function parseAllowedOrigin(value) {
  const invalid = () =>
    new Error(
      `--allow-origin needs an http(s) origin like http://host:port (no path), got "${value}"`,
    );
  let url;
  try {
    url = new URL(value);
  } catch {
    throw invalid();
  }
  if (
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    url.username ||
    url.password ||
    url.pathname !== '/' ||
    url.search ||
    url.hash ||
    !/^[a-z]+:\/\/[^/]+\/?$/i.test(value)
  ) {
    throw invalid();
  }
  return url.origin;
}

/**
 * The names under which this server's own pages reach it: the loopback names, plus the address it
 * listens on, or every address of this machine when it listens on all of them.
 * @param {string} listenHost
 */
function ownNames(listenHost) {
  const names = new Set(LOOPBACK_NAMES);
  if (ANY_ADDRESS.has(listenHost)) {
    for (const addresses of Object.values(os.networkInterfaces())) {
      for (const { address, family, scopeid } of addresses ?? []) {
        if (scopeid) continue; // link-local IPv6: not usable in a URL without its zone
        names.add(family === 'IPv6' ? `[${address}]` : address);
      }
    }
  } else {
    names.add(listenHost.includes(':') ? `[${listenHost}]` : listenHost.toLowerCase());
  }
  return [...names];
}

/**
 * The Host headers a request to `url` may carry: with its port, and without it when that is the
 * scheme's default.
 * @param {URL} url
 */
function hostHeaders(url) {
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return [url.host, `${url.hostname}:${port}`];
}

/**
 * The rules for one server.
 * @param {{ port: number, listenHost: string, allowOrigins?: string[] }} options
 */
export function createBrokerAccess({ port, listenHost, allowOrigins = [] }) {
  const own = ownNames(listenHost).map((name) => new URL(`http://${name}:${port}`));
  const extra = allowOrigins.map((origin) => new URL(parseAllowedOrigin(origin)));
  const origins = [...new Set([...own, ...extra].map((url) => url.origin))];
  const acceptedOrigins = new Set(origins);
  const acceptedHosts = new Set([...own, ...extra].flatMap(hostHeaders));
  const hint = 'start the server with --allow-origin=<origin> to accept another origin';

  return {
    /** The origins whose pages may connect (besides clients that send no Origin). */
    origins,
    /**
     * Why `req` may not open the broker WebSocket, or null if it may.
     * @param {import('node:http').IncomingMessage} req
     * @returns {string | null}
     */
    refusal(req) {
      const host = req.headers.host;
      if (!host || !HOST_HEADER.test(host) || !acceptedHosts.has(host.toLowerCase())) {
        return `Host "${host ?? ''}" is not a name of this server (${hint})`;
      }
      const origin = req.headers.origin;
      if (origin !== undefined && !acceptedOrigins.has(origin.toLowerCase())) {
        return `pages from ${origin} may not use this broker (${hint})`;
      }
      return null;
    },
  };
}

/**
 * Answer an upgrade request with an HTTP error and close the connection.
 * @param {import('node:stream').Duplex} socket
 * @param {number} status
 * @param {string} message
 */
export function refuseUpgrade(socket, status, message) {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = `${message}\n`;
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
      'Connection: close\r\n' +
      'Content-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      '\r\n' +
      body,
  );
}
