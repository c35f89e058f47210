// Loopback ports for the servers and brokers this project starts: listening, picking a free
// port, and waiting until something accepts connections.
import net from 'node:net';

/**
 * Starts a server listening; resolves with the port it got (useful with port 0), rejects with
 * the listen error (e.g. EADDRINUSE) and leaves no listener behind either way.
 * @param {net.Server} server
 * @param {number} port
 * @param {string} host
 * @returns {Promise<number>}
 */
export function listen(server, port, host) {
  return new Promise((resolve, reject) => {
    const onError = (/** @type {Error} */ err) => {
      server.off('listening', onListening);
      reject(err);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve(/** @type {net.AddressInfo} */ (server.address()).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/**
 * A port that is free right now on `host`: `preferred` if it is free, else one the system picks.
 * Free a moment ago only: whoever binds it next (a child process) may still lose a race.
 * @param {number} [preferred] 0 (the default) for any free port
 * @param {string} [host]
 * @returns {Promise<number>}
 */
export async function freePort(preferred = 0, host = '127.0.0.1') {
  const probe = net.createServer();
  probe.unref();
  let port;
  try {
    port = await listen(probe, preferred, host);
  } catch (err) {
    if (/** @type {NodeJS.ErrnoException} */ (err).code !== 'EADDRINUSE' || preferred === 0) {
      throw err;
    }
    port = await listen(probe, 0, host);
  }
  await new Promise((resolve) => probe.close(() => resolve(undefined)));
  return port;
}

/**
 * Whether something accepts TCP connections on host:port right now.
 * @param {number} port
 * @param {string} [host]
 * @returns {Promise<boolean>}
 */
export function canConnect(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (/** @type {boolean} */ ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Resolves once host:port accepts connections. Rejects after `timeoutMs`, or as soon as
 * `failed()` returns a reason (e.g. the process that should open the port has exited).
 * @param {number} port
 * @param {{ host?: string, timeoutMs?: number, failed?: () => string | null | undefined }} [options]
 * @returns {Promise<void>}
 */
export async function waitForPort(port, { host = '127.0.0.1', timeoutMs = 10000, failed } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const failure = failed?.();
    if (failure) throw new Error(failure);
    if (await canConnect(port, host)) return;
    if (Date.now() > deadline) {
      throw new Error(`port ${host}:${port} did not accept connections within ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
