// A private Mosquitto child process, as the app server (`--broker=mosquitto`), the bench and the
// end-to-end tests run it: a plain MQTT listener and a WebSocket listener on free loopback
// ports (and on no other address: a caller's config cannot add a listener), a config file in its
// own folder, its output in a log file there, ready once both ports accept connections, stopped by
// its PID.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, promises as fs, openSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runsCommand, stopWhileRunning, superviseChild } from './child-process.mjs';
import { freePort, waitForPort } from './ports.mjs';

const HOST = '127.0.0.1';
const START_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;
const LOG_TAIL_LINES = 20;
const KNOWN_PATHS = ['/usr/sbin/mosquitto', '/usr/local/sbin/mosquitto'];

/**
 * The mosquitto binary: $MOSQUITTO_BIN if set, else Debian's path, /usr/local, then PATH; null if
 * none is there.
 * @returns {string | null}
 */
export function findMosquitto() {
  const fromEnv = process.env.MOSQUITTO_BIN;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  const onPath = (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter(Boolean)
    .map((dir) => path.join(dir, process.platform === 'win32' ? 'mosquitto.exe' : 'mosquitto'));
  return [...KNOWN_PATHS, ...onPath].find((candidate) => existsSync(candidate)) ?? null;
}

function requireMosquitto() {
  const binary = findMosquitto();
  if (binary) return binary;
  throw new Error(
    process.env.MOSQUITTO_BIN
      ? `Mosquitto not found at MOSQUITTO_BIN=${process.env.MOSQUITTO_BIN}`
      : `Mosquitto is not installed (looked for ${KNOWN_PATHS.join(', ')} and mosquitto on ` +
          'PATH): install it (e.g. apt-get install mosquitto) or set MOSQUITTO_BIN.',
  );
}

/** Config lines that open a listener, or move one off loopback. */
const LISTENER_OPTIONS = /^\s*(listener|port|bind_address|bind_interface|socket_domain)\b/;

/**
 * The config: caller's lines, then the listeners, each bound to 127.0.0.1. Throws if a caller's
 * line would open a listener of its own: the listeners are loopback only, and are these two.
 * @param {{ tcpPort: number, wsPort: number, allowAnonymous: boolean, config: string[] }} options
 */
function configText({ tcpPort, wsPort, allowAnonymous, config }) {
  const listenerLine = config.find((line) => LISTENER_OPTIONS.test(line));
  if (listenerLine !== undefined) {
    throw new Error(
      `Config line "${listenerLine.trim()}" opens a listener: the listeners are ` +
        `set here (TCP and WebSocket, ${HOST} only)`,
    );
  }
  const lines = ['persistence false', 'log_dest stdout', 'log_type error', 'log_type warning'];
  // Started as root (CI containers), Mosquitto would switch to user "mosquitto", who may not be
  // able to read the files here.
  if (process.getuid?.() === 0) lines.push('user root');
  lines.push(...config, `allow_anonymous ${allowAnonymous}`);
  lines.push(
    // 2.0.11 refuses to start with only a WebSocket listener: the plain one is always there.
    `listener ${tcpPort} ${HOST}`,
    'protocol mqtt',
    `listener ${wsPort} ${HOST}`,
    'protocol websockets',
    // Without it, 2.0.11 binds a WebSocket listener on every interface, whatever the address.
    'socket_domain ipv4',
  );
  return lines.join('\n') + '\n';
}

/**
 * The last lines Mosquitto logged (empty if none).
 * @param {string} logPath
 */
function readLogTail(logPath) {
  try {
    return readFileSync(logPath, 'utf8').trimEnd().split('\n').slice(-LOG_TAIL_LINES).join('\n');
  } catch {
    return '';
  }
}

/** @param {string | undefined} name */
function label(name) {
  return name ? `Mosquitto "${name}"` : 'Mosquitto';
}

/**
 * Writes the config (and `files`) and starts Mosquitto; resolves once both listeners accept
 * connections. Rejects with Mosquitto's own output when it does not come up.
 * @param {{
 *   name?: string,
 *   tcpPort?: number,
 *   wsPort?: number,
 *   allowAnonymous?: boolean,
 *   config?: string[] | ((dir: string) => string[]),
 *   files?: Record<string, string>,
 *   dir?: string,
 *   startTimeoutMs?: number,
 *   stopTimeoutMs?: number,
 * }} [options] `tcpPort`/`wsPort`: exact ports, free ones when omitted or 0. `config`: extra
 *   lines before the listeners (they may refer to files in the folder). `files`: written into the
 *   folder (mode 600) first, e.g. a password file. `dir`: a folder to use and keep; by default a
 *   fresh temporary one, removed by stop().
 */
export async function startMosquitto({
  name,
  tcpPort = 0,
  wsPort = 0,
  allowAnonymous = true,
  config = [],
  files = {},
  dir,
  startTimeoutMs = START_TIMEOUT_MS,
  stopTimeoutMs = STOP_TIMEOUT_MS,
} = {}) {
  requireMosquitto();
  const removeDir = !dir;
  const folder = dir ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'brokerscope-mosquitto-')));
  try {
    await fs.mkdir(folder, { recursive: true });
    for (const [file, content] of Object.entries(files)) {
      await fs.writeFile(path.join(folder, file), content, { mode: 0o600 });
    }
    const ports = {
      tcpPort: tcpPort || (await freePort()),
      wsPort: wsPort || (await freePort()),
    };
    const configPath = path.join(folder, 'mosquitto.conf');
    const lines = typeof config === 'function' ? config(folder) : config;
    await fs.writeFile(configPath, configText({ ...ports, allowAnonymous, config: lines }));
    return await launchMosquitto(
      { name, dir: folder, configPath, logPath: path.join(folder, 'mosquitto.log'), ...ports },
      { startTimeoutMs, stopTimeoutMs, removeDir },
    );
  } catch (err) {
    if (removeDir) await fs.rm(folder, { recursive: true, force: true });
    throw err;
  }
}

/**
 * Starts Mosquitto from a config startMosquitto wrote before (e.g. to bring a stopped broker back
 * on the same ports, with the same files); resolves once both ports accept connections.
 * @param {{ name?: string, dir: string, configPath: string, logPath: string, tcpPort: number, wsPort: number }} instance
 * @param {{ startTimeoutMs?: number, stopTimeoutMs?: number, removeDir?: boolean }} [options]
 *   `removeDir`: stop() removes `dir` (default: keep it)
 */
export async function launchMosquitto(
  instance,
  { startTimeoutMs = START_TIMEOUT_MS, stopTimeoutMs = STOP_TIMEOUT_MS, removeDir = false } = {},
) {
  const { name, dir, configPath, logPath, tcpPort, wsPort } = instance;
  const binary = requireMosquitto();
  const logFd = openSync(logPath, 'a');
  let child;
  try {
    child = spawn(binary, ['-c', configPath], { stdio: ['ignore', logFd, logFd] });
  } finally {
    closeSync(logFd);
  }
  const {
    pid,
    exited,
    exitReason,
    stop: stopProcess,
  } = superviseChild(child, binary, stopTimeoutMs);
  const removeFolder = () => (removeDir ? fs.rm(dir, { recursive: true, force: true }) : null);

  try {
    for (const port of [tcpPort, wsPort]) {
      await waitForPort(port, { host: HOST, timeoutMs: startTimeoutMs, failed: exitReason });
    }
    if (!pid) throw new Error('no process ID');
  } catch (err) {
    await stopProcess('SIGKILL');
    const tail = readLogTail(logPath);
    await removeFolder();
    throw new Error(
      `${label(name)} did not start: ${/** @type {Error} */ (err).message}` +
        (tail ? `\n${tail}` : ` (no output; config ${configPath})`),
      { cause: err },
    );
  }

  return {
    name,
    pid,
    tcpPort,
    wsPort,
    tcpUrl: `mqtt://${HOST}:${tcpPort}`,
    wsUrl: `ws://${HOST}:${wsPort}`,
    dir,
    configPath,
    logPath,
    /** Resolves, with why, once the process has exited (stopped or not). */
    exited,
    /** The last lines Mosquitto logged. */
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
 * Whether `pid` is a live Mosquitto running `configPath` (guards against a reused PID, e.g. for
 * a broker another process started and recorded).
 * @param {number} pid
 * @param {string} configPath
 */
export function isMosquittoRunning(pid, configPath) {
  return runsCommand(pid, (cmdline) => cmdline.includes(configPath));
}

/**
 * Stops a Mosquitto by PID, whoever started it: `signal` (SIGTERM unless told), SIGKILL after
 * the timeout; resolves once it is gone. Does nothing if that PID no longer runs `configPath`.
 * @param {{ pid: number, configPath: string }} instance
 * @param {{ signal?: NodeJS.Signals, timeoutMs?: number }} [options]
 */
export async function stopMosquittoByPid(
  { pid, configPath },
  { signal = 'SIGTERM', timeoutMs = STOP_TIMEOUT_MS } = {},
) {
  await stopWhileRunning(pid, () => isMosquittoRunning(pid, configPath), { signal, timeoutMs });
}
