// A private RabbitMQ (Debian's rabbitmq-server 3.10) as `npm start -- --broker=rabbitmq`, the
// server tests and the end-to-end set-up run it: a plain process (no systemd), with its own
// folder for config, data, logs and Erlang cookie, the MQTT and Web MQTT plugins enabled, and
// every listener on a free 127.0.0.1 port (AMQP, MQTT, Web MQTT, Erlang distribution, and its
// own epmd). Ready once AMQP, MQTT and Web MQTT accept connections (5-12 s on an idle machine,
// more under load); stopped by its process group and epmd by its PID.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  promises as fs,
  openSync,
  readFileSync,
  readdirSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, waitForPort } from './ports.mjs';

const HOST = '127.0.0.1';
const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 15_000;
const LOG_TAIL_LINES = 25;
const KNOWN_SERVERS = ['/usr/lib/rabbitmq/bin/rabbitmq-server'];
const KNOWN_EPMD = ['/usr/bin/epmd', '/usr/local/bin/epmd'];
/** Set in the environment of every process of one RabbitMQ (and its epmd): who is whose. */
const MARKER = 'BROKERSCOPE_RABBITMQ_DIR';
/** The plugins RabbitMQ starts with: MQTT over TCP and over WebSocket. */
export const RABBITMQ_PLUGINS = ['rabbitmq_mqtt', 'rabbitmq_web_mqtt'];
/** The Web MQTT plugin's path. */
export const WEB_MQTT_PATH = '/ws';
/** RabbitMQ's default user: allowed from loopback only, which is where everything here runs. */
export const RABBITMQ_USER = { username: 'guest', password: 'guest' };

/** How to get it, for the message when it is missing. */
export const RABBITMQ_INSTALL_HINT =
  'install it (e.g. apt-get install --no-install-recommends rabbitmq-server) or set ' +
  'RABBITMQ_SERVER_BIN to its rabbitmq-server script';

/**
 * Debian's rabbitmq-server start script (the one that runs in the foreground, not the wrapper
 * in /usr/sbin that switches user): $RABBITMQ_SERVER_BIN if set; null if it is not there.
 * @returns {string | null}
 */
export function findRabbitmq() {
  const fromEnv = process.env.RABBITMQ_SERVER_BIN;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  return KNOWN_SERVERS.find((candidate) => existsSync(candidate)) ?? null;
}

/** @returns {string | null} */
function findEpmd() {
  const onPath = (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter(Boolean)
    .map((dir) => path.join(dir, 'epmd'));
  return [...KNOWN_EPMD, ...onPath].find((candidate) => existsSync(candidate)) ?? null;
}

/**
 * The installed version ("3.10.8"), read from its library folder; undefined if not found.
 * @param {string} [server] the start script
 */
export function rabbitmqVersion(server = findRabbitmq() ?? '') {
  try {
    const lib = path.join(path.dirname(path.dirname(server)), 'lib');
    const folder = readdirSync(lib).find((name) => name.startsWith('rabbitmq_server-'));
    return folder?.slice('rabbitmq_server-'.length);
  } catch {
    return undefined;
  }
}

/**
 * rabbitmq.conf: every listener on 127.0.0.1 at the given ports; anonymous MQTT clients act as
 * guest on vhost "/" (guest may only come from loopback); MQTT publishes go to amq.topic; the
 * log goes to standard output (which the launcher writes to a file).
 * @param {{ amqpPort: number, mqttPort: number, webMqttPort: number }} ports
 */
export function rabbitmqConfigText({ amqpPort, mqttPort, webMqttPort }) {
  for (const [name, port] of Object.entries({ amqpPort, mqttPort, webMqttPort })) {
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new Error(`${name} must be a port number from 1 to 65535, got ${port}`);
    }
  }
  return [
    '# Written by Brokerscope (server/lib/rabbitmq.mjs): every listener on 127.0.0.1 only.',
    `listeners.tcp.1 = ${HOST}:${amqpPort}`,
    `mqtt.listeners.tcp.1 = ${HOST}:${mqttPort}`,
    `web_mqtt.tcp.ip = ${HOST}`,
    `web_mqtt.tcp.port = ${webMqttPort}`,
    'mqtt.allow_anonymous = true',
    `mqtt.default_user = ${RABBITMQ_USER.username}`,
    `mqtt.default_pass = ${RABBITMQ_USER.password}`,
    'mqtt.vhost = /',
    'mqtt.exchange = amq.topic',
    `loopback_users.${RABBITMQ_USER.username} = true`,
    'log.console = true',
    'log.console.level = info',
    'log.file = false',
    '',
  ].join('\n');
}

/** enabled_plugins, as `rabbitmq-plugins enable --offline` writes it. */
export function enabledPluginsText() {
  return `[${RABBITMQ_PLUGINS.join(',')}].\n`;
}

/**
 * The environment RabbitMQ runs with: this process's own minus any RABBITMQ_* / ERL_* setting
 * (a caller's shell must not move a port or a data folder), plus the folder's files, the ports
 * and the marker that tells its processes apart.
 * @param {{ dir: string, nodeName: string, distPort: number, epmdPort: number }} options
 * @param {NodeJS.ProcessEnv} [base]
 */
export function rabbitmqEnv({ dir, nodeName, distPort, epmdPort }, base = process.env) {
  /** @type {Record<string, string>} */
  const env = {};
  for (const [key, value] of Object.entries(base)) {
    if (value !== undefined && !/^(RABBITMQ_|ERL_)/.test(key) && key !== MARKER) env[key] = value;
  }
  return {
    ...env,
    // The Erlang cookie (.erlang.cookie) is created in $HOME.
    HOME: dir,
    RABBITMQ_CONF_ENV_FILE: path.join(dir, 'rabbitmq-env.conf'),
    RABBITMQ_NODENAME: nodeName,
    RABBITMQ_CONFIG_FILE: path.join(dir, 'rabbitmq.conf'),
    RABBITMQ_ADVANCED_CONFIG_FILE: path.join(dir, 'advanced.config'),
    RABBITMQ_ENABLED_PLUGINS_FILE: path.join(dir, 'enabled_plugins'),
    RABBITMQ_MNESIA_BASE: path.join(dir, 'mnesia'),
    RABBITMQ_LOG_BASE: path.join(dir, 'log'),
    RABBITMQ_PID_FILE: path.join(dir, 'rabbitmq.pid'),
    RABBITMQ_DIST_PORT: String(distPort),
    // The Erlang distribution listener on loopback too (it takes every address otherwise).
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: '-kernel inet_dist_use_interface {127,0,0,1}',
    ERL_EPMD_ADDRESS: HOST,
    ERL_EPMD_PORT: String(epmdPort),
    [MARKER]: dir,
  };
}

/** @param {string} text */
const stripColours = (text) => text.replace(/\x1b\[[0-9;]*m/g, ''); // eslint-disable-line no-control-regex

/** @param {string} logPath */
function readLogTail(logPath) {
  try {
    return stripColours(readFileSync(logPath, 'utf8'))
      .trimEnd()
      .split('\n')
      .slice(-LOG_TAIL_LINES)
      .join('\n');
  } catch {
    return '';
  }
}

/** @param {number} pid @param {NodeJS.Signals} signal */
function killQuietly(pid, signal) {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

/**
 * Whether process `pid` runs with the marker of the RabbitMQ in `dir` (so a reused PID is never
 * signalled). Without /proc, whether it lives.
 * @param {number} pid @param {string} dir
 */
function hasMarker(pid, dir) {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`${MARKER}=${dir}`);
  } catch {
    return existsSync('/proc') ? false : true;
  }
}

/**
 * The live processes of the RabbitMQ in `dir` (start script, Erlang VM and its helpers), by
 * their marker; epmd's `epmdPid` is left out.
 * @param {string} dir @param {number} [epmdPid]
 */
function markedProcesses(dir, epmdPid) {
  let entries;
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  return entries
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => pid !== epmdPid && pid !== process.pid && hasMarker(pid, dir));
}

/**
 * Whether the RabbitMQ started in `dir` (group leader `pid`) still has a process running.
 * @param {number} pid @param {string} dir
 */
export function isRabbitmqRunning(pid, dir) {
  if (hasMarker(pid, dir)) return true;
  return markedProcesses(dir).length > 0;
}

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Stops a RabbitMQ by its PIDs, whoever started it (e.g. leftovers of an interrupted test run):
 * SIGTERM to its process group (the start script stops the VM cleanly), SIGKILL to what is left
 * after the timeout, then its epmd. Only processes carrying its marker are signalled.
 * @param {{ pid: number, epmdPid?: number, dir: string }} instance
 * @param {{ timeoutMs?: number }} [options]
 */
export async function stopRabbitmqByPid(
  { pid, epmdPid, dir },
  { timeoutMs = STOP_TIMEOUT_MS } = {},
) {
  const left = () => markedProcesses(dir, epmdPid);
  if (left().length > 0) {
    if (hasMarker(pid, dir)) killQuietly(-pid, 'SIGTERM');
    else for (const one of left()) killQuietly(one, 'SIGTERM');
    const deadline = Date.now() + timeoutMs;
    while (left().length > 0 && Date.now() < deadline) await sleep(50);
    for (const one of left()) killQuietly(one, 'SIGKILL');
    while (left().length > 0) await sleep(25);
  }
  if (epmdPid && hasMarker(epmdPid, dir)) {
    killQuietly(epmdPid, 'SIGTERM');
    const deadline = Date.now() + 2000;
    while (hasMarker(epmdPid, dir) && Date.now() < deadline) await sleep(25);
    if (hasMarker(epmdPid, dir)) killQuietly(epmdPid, 'SIGKILL');
  }
}

/**
 * Starts RabbitMQ with MQTT and Web MQTT, each listener on a free loopback port; resolves once
 * AMQP, MQTT and Web MQTT accept connections. Rejects with RabbitMQ's own log when it does not
 * come up, and when it is not installed (saying how to install it).
 * @param {{
 *   dir?: string,
 *   mqttPort?: number,
 *   onProgress?: (elapsedSeconds: number) => void,
 *   startTimeoutMs?: number,
 *   stopTimeoutMs?: number,
 * }} [options] `dir`: a folder to use and keep (emptied first); by default a fresh temporary one,
 *   removed by stop(). `mqttPort`: the MQTT-over-TCP port wanted (another free one if it is
 *   taken). `onProgress`: called every second while it starts.
 */
export async function startRabbitmq({
  dir,
  mqttPort,
  onProgress,
  startTimeoutMs = START_TIMEOUT_MS,
  stopTimeoutMs = STOP_TIMEOUT_MS,
} = {}) {
  const server = findRabbitmq();
  const epmd = findEpmd();
  if (!server || !epmd) {
    throw new Error(
      process.env.RABBITMQ_SERVER_BIN && !server
        ? `rabbitmq-server not found at RABBITMQ_SERVER_BIN=${process.env.RABBITMQ_SERVER_BIN}`
        : `RabbitMQ is not installed (looked for ${[...KNOWN_SERVERS, ...(server ? KNOWN_EPMD : [])].join(', ')}): ` +
            RABBITMQ_INSTALL_HINT,
    );
  }
  const startedAt = Date.now();
  const removeDir = !dir;
  const folder = dir ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'brokerscope-rabbitmq-')));
  if (dir) await fs.rm(dir, { recursive: true, force: true });
  await fs.mkdir(folder, { recursive: true, mode: 0o700 });

  const ports = {
    amqpPort: await freePort(),
    mqttPort: await freePort(mqttPort ?? 0),
    webMqttPort: await freePort(),
    distPort: await freePort(),
    epmdPort: await freePort(),
  };
  const nodeName = `brokerscope-${randomBytes(4).toString('hex')}@localhost`;
  await fs.writeFile(path.join(folder, 'rabbitmq.conf'), rabbitmqConfigText(ports));
  await fs.writeFile(path.join(folder, 'enabled_plugins'), enabledPluginsText());
  await fs.writeFile(path.join(folder, 'rabbitmq-env.conf'), '');
  const env = rabbitmqEnv({ dir: folder, nodeName, ...ports });
  const logPath = path.join(folder, 'rabbitmq.log');

  // epmd first, as a child of ours (RabbitMQ would start one that outlives it, as a daemon).
  const epmdChild = spawn(epmd, ['-port', String(ports.epmdPort), '-address', HOST], {
    stdio: 'ignore',
    env,
  });
  const epmdPid = epmdChild.pid;
  /** @type {import('node:child_process').ChildProcess | undefined} */
  let child;
  /** @type {string | null} */
  let exitReason = null;
  const killOnExit = () => {
    if (child?.pid) killQuietly(-child.pid, 'SIGKILL');
    if (epmdPid) killQuietly(epmdPid, 'SIGKILL');
  };
  process.once('exit', killOnExit);
  const stopAll = async () => {
    if (child?.pid)
      await stopRabbitmqByPid(
        { pid: child.pid, epmdPid, dir: folder },
        { timeoutMs: stopTimeoutMs },
      );
    else if (epmdPid) killQuietly(epmdPid, 'SIGTERM');
    process.off('exit', killOnExit);
  };
  const removeFolder = () => (removeDir ? fs.rm(folder, { recursive: true, force: true }) : null);

  /** @type {Promise<string>} */
  let exited = Promise.resolve('not started');
  /** @type {ReturnType<typeof setInterval> | undefined} */
  let progressTimer;
  try {
    await waitForPort(ports.epmdPort, { host: HOST, timeoutMs: 5000 });
    const logFd = openSync(logPath, 'a');
    try {
      // Its own process group: stop() signals the start script and the VM together, and a
      // Ctrl+C in the terminal reaches only this process, which stops it in order.
      child = spawn(server, [], { stdio: ['ignore', logFd, logFd], env, detached: true });
    } finally {
      closeSync(logFd);
    }
    const started = child;
    exited = new Promise((resolve) => {
      const finish = (/** @type {string} */ reason) => {
        if (exitReason !== null) return;
        exitReason = reason;
        resolve(reason);
      };
      started.once('exit', (code, signal) => finish(`exited (${signal ?? `code ${code}`})`));
      started.once('error', (err) => finish(`could not run ${server}: ${err.message}`));
    });
    if (onProgress) {
      progressTimer = setInterval(
        () => onProgress(Math.round((Date.now() - startedAt) / 1000)),
        1000,
      );
    }
    for (const port of [ports.amqpPort, ports.mqttPort, ports.webMqttPort]) {
      const left = Math.max(1000, startTimeoutMs - (Date.now() - startedAt));
      await waitForPort(port, { host: HOST, timeoutMs: left, failed: () => exitReason });
    }
    if (!child.pid || !epmdPid) throw new Error('no process ID');
  } catch (err) {
    await stopAll();
    const tail = readLogTail(logPath);
    await removeFolder();
    throw new Error(
      `RabbitMQ did not start: ${/** @type {Error} */ (err).message}` + (tail ? `\n${tail}` : ''),
      { cause: err },
    );
  } finally {
    clearInterval(progressTimer);
  }

  const pid = child.pid;
  return {
    pid,
    epmdPid,
    nodeName,
    version: rabbitmqVersion(server),
    ...ports,
    /** AMQP 0-9-1 with the default user (loopback only). */
    amqpUrl: `amqp://${RABBITMQ_USER.username}:${RABBITMQ_USER.password}@${HOST}:${ports.amqpPort}`,
    tcpUrl: `mqtt://${HOST}:${ports.mqttPort}`,
    webMqttUrl: `ws://${HOST}:${ports.webMqttPort}${WEB_MQTT_PATH}`,
    dir: folder,
    logPath,
    /** How long it took to accept connections, in ms. */
    startMs: Date.now() - startedAt,
    /** Resolves, with why, once the start script has exited (stopped or not). */
    exited,
    /** The last lines RabbitMQ logged. */
    logTail: () => readLogTail(logPath),
    /** Stops RabbitMQ (cleanly, SIGKILL after the stop timeout) and epmd, removes a temporary folder. */
    stop: async () => {
      await stopAll();
      await removeFolder();
    },
  };
}
