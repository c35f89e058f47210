// A private redis-server child process, as `npm start -- --redis=start`, the server tests and the
// end-to-end set-up run it: one loopback port (127.0.0.1 only), nothing saved to disk (no RDB, no
// AOF), no cap on a subscriber's output (a 512 MB value may pass), its working folder and log file
// in a folder of its own, ready once the port accepts connections, stopped by its PID.
import { spawn } from 'node:child_process';
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runsCommand, stopWhileRunning, superviseChild } from './child-process.mjs';
import { freePort, waitForPort } from './ports.mjs';

const HOST = '127.0.0.1';
const START_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;
const LOG_TAIL_LINES = 20;
const KNOWN_PATHS = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'];

/** How to get it, for the message when it is missing. */
export const REDIS_INSTALL_HINT =
  'install it (e.g. apt-get install redis-server) or set REDIS_SERVER_BIN to its path';

/**
 * The redis-server binary: $REDIS_SERVER_BIN if set, else Debian's path, /usr/local, then PATH;
 * null if none is there.
 * @returns {string | null}
 */
export function findRedisServer() {
  const fromEnv = process.env.REDIS_SERVER_BIN;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  const onPath = (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter(Boolean)
    .map((dir) => path.join(dir, 'redis-server'));
  return [...KNOWN_PATHS, ...onPath].find((candidate) => existsSync(candidate)) ?? null;
}

function requireRedisServer() {
  const binary = findRedisServer();
  if (binary) return binary;
  throw new Error(
    process.env.REDIS_SERVER_BIN
      ? `redis-server not found at REDIS_SERVER_BIN=${process.env.REDIS_SERVER_BIN}`
      : `redis-server is not installed (looked for ${KNOWN_PATHS.join(', ')} and on PATH): ` +
          REDIS_INSTALL_HINT,
  );
}

/** What redis-server logs once it accepts connections. */
const READY_LINE = 'Ready to accept connections';

/** @param {string} logPath */
function readLog(logPath) {
  try {
    return readFileSync(logPath, 'utf8');
  } catch {
    return '';
  }
}

/** @param {string} logPath */
function readLogTail(logPath) {
  try {
    return readFileSync(logPath, 'utf8').trimEnd().split('\n').slice(-LOG_TAIL_LINES).join('\n');
  } catch {
    return '';
  }
}

/**
 * The command line: one loopback listener, no persistence, the log in the folder.
 * @param {number} port @param {string} dir
 */
export function redisServerArgs(port, dir) {
  return [
    '--port',
    String(port),
    '--bind',
    HOST,
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    dir,
    '--logfile',
    path.join(dir, 'redis.log'),
    '--daemonize',
    'no',
    // Redis drops a subscriber whose unsent output passes 32 MB (the default): one large
    // message would cut the bridge off. Values may be 512 MB; pass them.
    '--client-output-buffer-limit',
    'pubsub 0 0 0',
  ];
}

/**
 * Starts redis-server; resolves once its port accepts connections. Rejects with its own log
 * when it does not come up.
 * @param {{ port?: number, dir?: string, startTimeoutMs?: number, stopTimeoutMs?: number }} [options]
 *   `port`: an exact port (e.g. to come back on the same one), a free one when omitted or 0.
 *   `dir`: a folder to use and keep; by default a fresh temporary one, removed by stop().
 */
export async function startRedisServer({
  port = 0,
  dir,
  startTimeoutMs = START_TIMEOUT_MS,
  stopTimeoutMs = STOP_TIMEOUT_MS,
} = {}) {
  const binary = requireRedisServer();
  const removeDir = !dir;
  const folder = dir ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'brokerscope-redis-')));
  await fs.mkdir(folder, { recursive: true });
  const actualPort = port || (await freePort());
  const logPath = path.join(folder, 'redis.log');
  // Started again in a kept folder, its log goes on: only what this run writes counts.
  const logStart = readLog(logPath).length;
  const child = spawn(binary, redisServerArgs(actualPort, folder), {
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  const {
    pid,
    exited,
    exitReason,
    stop: stopProcess,
  } = superviseChild(child, binary, stopTimeoutMs);
  const removeFolder = () => (removeDir ? fs.rm(folder, { recursive: true, force: true }) : null);

  try {
    // Its own log says when it is ready: a port that answers may be someone else's (a race for
    // a free port, or a fixed one that is taken).
    const deadline = Date.now() + startTimeoutMs;
    while (!readLog(logPath).slice(logStart).includes(READY_LINE)) {
      const reason = exitReason();
      if (reason !== null) throw new Error(reason);
      if (Date.now() > deadline) throw new Error(`not ready within ${startTimeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await waitForPort(actualPort, {
      host: HOST,
      timeoutMs: startTimeoutMs,
      failed: exitReason,
    });
    if (!pid) throw new Error('no process ID');
  } catch (err) {
    await stopProcess('SIGKILL');
    const tail = readLogTail(logPath);
    await removeFolder();
    throw new Error(
      `redis-server did not start: ${/** @type {Error} */ (err).message}` +
        (tail ? `\n${tail}` : ''),
      { cause: err },
    );
  }

  return {
    pid,
    port: actualPort,
    url: `redis://${HOST}:${actualPort}`,
    dir: folder,
    logPath,
    /** Resolves, with why, once the process has exited (stopped or not). */
    exited,
    /** The last lines redis-server logged. */
    logTail: () => readLogTail(logPath),
    /**
     * Signals the process (SIGTERM unless told; SIGKILL after the stop timeout), waits for it to
     * exit, and removes its temporary folder.
     * @param {NodeJS.Signals} [signal]
     */
    stop: async (signal = 'SIGTERM') => {
      await stopProcess(signal);
      await removeFolder();
    },
  };
}

/**
 * Whether `pid` is a live redis-server on `port` (guards against a reused PID).
 * @param {number} pid
 * @param {number} port
 */
export function isRedisRunning(pid, port) {
  // redis-server rewrites its process title to "redis-server 127.0.0.1:PORT".
  return runsCommand(
    pid,
    (cmdline) => cmdline.includes('redis-server') && cmdline.includes(`:${port}`),
  );
}

/**
 * Stops a redis-server by PID, whoever started it: `signal` (SIGTERM unless told), SIGKILL after
 * the timeout; resolves once it is gone. Does nothing if that PID is no redis-server on `port`.
 * @param {{ pid: number, port: number }} instance
 * @param {{ signal?: NodeJS.Signals, timeoutMs?: number }} [options]
 */
export async function stopRedisByPid(
  { pid, port },
  { signal = 'SIGTERM', timeoutMs = STOP_TIMEOUT_MS } = {},
) {
  await stopWhileRunning(pid, () => isRedisRunning(pid, port), { signal, timeoutMs });
}
