/**
 * Brokers for the end-to-end tests, and helpers the specs use to play the other side.
 *
 * Mosquitto instances (started by server/lib/mosquitto.mjs) are children of the Playwright runner
 * process (see startBrokerControlServer), killed if it exits without the teardown. Their state
 * (PID, config, ports) lives in `.e2e-tmp/mosquitto/<name>/state.json`.
 */
import { execFileSync } from 'node:child_process';
import { pbkdf2Sync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestInfo } from '@playwright/test';
import mqtt from 'mqtt';
import type { IClientOptions, IClientPublishOptions, ISubscriptionGrant, MqttClient } from 'mqtt';
import {
  isMosquittoRunning,
  launchMosquitto,
  startMosquitto as startMosquittoProcess,
  stopMosquittoByPid,
} from '../../server/lib/mosquitto.mjs';
import { freePort } from '../../server/lib/ports.mjs';
import { isRedisRunning, startRedisServer, stopRedisByPid } from '../../server/lib/redis.mjs';
import {
  findRabbitmq,
  isRabbitmqRunning,
  RABBITMQ_INSTALL_HINT,
  startRabbitmq,
  stopRabbitmqByPid,
  type RabbitmqHandle,
} from '../../server/lib/rabbitmq.mjs';
import { startRedisSide, type RedisSide } from '../../server/redis-side.mjs';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** E2E_TMP_DIR keeps parallel local runs (their brokers, logs and URLs) apart. */
export const E2E_TMP_DIR = process.env.E2E_TMP_DIR ?? path.join(REPO_ROOT, '.e2e-tmp');
export const E2E_ENV_FILE = path.join(E2E_TMP_DIR, 'env.json');
const MOSQUITTO_STATE_ROOT = path.join(E2E_TMP_DIR, 'mosquitto');

const BROKER_STOP_TIMEOUT_MS = 5_000;
const NODE_CLIENT_CONNECT_TIMEOUT_MS = 5_000;

/** Users of the auth broker. alice may use everything but `secret/#`; bob may use everything. */
export const AUTH_USERS = {
  alice: { username: 'alice', password: 'wonderland' },
  bob: { username: 'bob', password: 'builder' },
  admin: { username: 'admin', password: 'dynsec-admin' },
} as const;

export interface E2eEnv {
  appUrl: string;
  embeddedWsUrl: string;
  embeddedTcpUrl: string;
  embeddedTcpPort: number;
  mosquittoWsUrl: string;
  mosquittoTcpUrl: string;
  mosquittoTcpPort: number;
  mosquittoWsPort: number;
  authWsUrl: string;
  authTcpUrl: string;
  authTcpPort: number;
  authWsPort: number;
}

/** Environment variables the global setup sets for the workers (same data as env.json). */
export function e2eEnvToProcessEnv(env: E2eEnv): Record<string, string> {
  return {
    APP_URL: env.appUrl,
    EMBEDDED_WS_URL: env.embeddedWsUrl,
    EMBEDDED_TCP_URL: env.embeddedTcpUrl,
    EMBEDDED_TCP_PORT: String(env.embeddedTcpPort),
    MOSQUITTO_WS_URL: env.mosquittoWsUrl,
    MOSQUITTO_TCP_URL: env.mosquittoTcpUrl,
    MOSQUITTO_TCP_PORT: String(env.mosquittoTcpPort),
    AUTH_WS_URL: env.authWsUrl,
    AUTH_TCP_URL: env.authTcpUrl,
    AUTH_TCP_PORT: String(env.authTcpPort),
  };
}

/** The URLs and ports written by the global setup. */
export function readE2eEnv(): E2eEnv {
  if (!fs.existsSync(E2E_ENV_FILE)) {
    throw new Error(`${E2E_ENV_FILE} is missing: run the specs through Playwright's global setup`);
  }
  return JSON.parse(fs.readFileSync(E2E_ENV_FILE, 'utf8')) as E2eEnv;
}

export function writeE2eEnv(env: E2eEnv): void {
  fs.mkdirSync(E2E_TMP_DIR, { recursive: true });
  fs.writeFileSync(E2E_ENV_FILE, JSON.stringify(env, null, 2) + '\n');
}

// ---------------------------------------------------------------------------------------------
// Ports

/** A loopback port that was free a moment ago (e.g. for a broker that is not there). */
export function findFreePort(): Promise<number> {
  return freePort();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// ---------------------------------------------------------------------------------------------
// Mosquitto

export interface MosquittoOptions {
  /** Folder name under .e2e-tmp/mosquitto/ and the key for stop/restart. */
  name: string;
  /** Require a user name and password and apply the dynamic-security ACLs (see AUTH_USERS). */
  auth?: boolean;
  /** Fixed ports (e.g. to restart on the same ports); free ports are picked when omitted. */
  tcpPort?: number;
  wsPort?: number;
  /** Extra lines for mosquitto.conf (before the listeners). */
  extraConfig?: string[];
}

/** What .e2e-tmp/mosquitto/<name>/state.json records of a running Mosquitto. */
export interface MosquittoHandle {
  name: string;
  pid: number;
  tcpPort: number;
  wsPort: number;
  tcpUrl: string;
  wsUrl: string;
  dir: string;
  configPath: string;
  logPath: string;
}

function findDynamicSecurityPlugin(): string {
  if (process.env.MOSQUITTO_DYNSEC_PLUGIN) return process.env.MOSQUITTO_DYNSEC_PLUGIN;
  const file = 'mosquitto_dynamic_security.so';
  const dirs = ['/usr/lib', '/usr/local/lib', '/usr/lib/mosquitto'];
  for (const entry of fs.existsSync('/usr/lib') ? fs.readdirSync('/usr/lib') : []) {
    if (entry.endsWith('-linux-gnu')) dirs.unshift(path.join('/usr/lib', entry));
  }
  for (const dir of dirs) {
    if (fs.existsSync(path.join(dir, file))) return path.join(dir, file);
  }
  try {
    const listed = execFileSync('dpkg', ['-L', 'mosquitto'], { encoding: 'utf8' })
      .split('\n')
      .find((line) => line.endsWith(file));
    if (listed) return listed;
  } catch {
    // dpkg absent: fall through to the error below.
  }
  throw new Error(`${file} not found (set MOSQUITTO_DYNSEC_PLUGIN)`);
}

/** Mosquitto's dynamic-security password hash: PBKDF2-SHA512 over a 12-byte salt. */
function dynsecClient(username: string, password: string, roles: string[]) {
  const iterations = 101;
  const salt = randomBytes(12);
  const hash = pbkdf2Sync(password, salt, iterations, 64, 'sha512');
  return {
    username,
    password: hash.toString('base64'),
    salt: salt.toString('base64'),
    iterations,
    roles: roles.map((rolename) => ({ rolename })),
  };
}

function acl(acltype: string, topic: string, allow: boolean, priority = 0) {
  return { acltype, topic, allow, priority };
}

const EVERYTHING = (allow: boolean, topic: string, priority = 0) => [
  acl('publishClientSend', topic, allow, priority),
  acl('publishClientReceive', topic, allow, priority),
  acl('subscribePattern', topic, allow, priority),
  acl('unsubscribePattern', topic, allow, priority),
];

function dynsecConfig() {
  return {
    defaultACLAccess: {
      publishClientSend: false,
      publishClientReceive: false,
      subscribe: false,
      unsubscribe: true,
    },
    clients: [
      dynsecClient(AUTH_USERS.admin.username, AUTH_USERS.admin.password, ['dynsec-admin']),
      dynsecClient(AUTH_USERS.alice.username, AUTH_USERS.alice.password, ['no-secrets']),
      dynsecClient(AUTH_USERS.bob.username, AUTH_USERS.bob.password, ['everything']),
    ],
    groups: [],
    roles: [
      {
        rolename: 'dynsec-admin',
        acls: [
          acl('publishClientSend', '$CONTROL/dynamic-security/#', true),
          acl('publishClientReceive', '$CONTROL/dynamic-security/#', true),
          acl('subscribePattern', '$CONTROL/dynamic-security/#', true),
        ],
      },
      {
        rolename: 'no-secrets',
        // Higher priority is checked first: the denial of secret/# wins over the allowance of #.
        acls: [...EVERYTHING(false, 'secret/#', 10), ...EVERYTHING(true, '#', 0)],
      },
      { rolename: 'everything', acls: EVERYTHING(true, '#') },
    ],
  };
}

function statePath(name: string): string {
  return path.join(MOSQUITTO_STATE_ROOT, name, 'state.json');
}

function readState(name: string): MosquittoHandle | undefined {
  const file = statePath(name);
  if (!fs.existsSync(file)) return undefined;
  return JSON.parse(fs.readFileSync(file, 'utf8')) as MosquittoHandle;
}

/** All Mosquitto instances with a state file (used by the global teardown). */
export function listMosquittoStates(): MosquittoHandle[] {
  if (!fs.existsSync(MOSQUITTO_STATE_ROOT)) return [];
  return fs
    .readdirSync(MOSQUITTO_STATE_ROOT)
    .map((name) => readState(name))
    .filter((state): state is MosquittoHandle => state !== undefined);
}

const DYNSEC_FILE = 'dynamic-security.json';

function mosquittoConfig(opts: MosquittoOptions): (dir: string) => string[] {
  return (dir) => [
    'per_listener_settings false',
    'max_queued_messages 100000',
    'set_tcp_nodelay true',
    'log_type notice',
    'log_type information',
    'log_timestamp_format %H:%M:%S',
    // $SYS statistics every second (default 10 s), so the broker panel's specs need not wait.
    'sys_interval 1',
    ...(opts.auth
      ? [
          `plugin ${findDynamicSecurityPlugin()}`,
          `plugin_opt_config_file ${path.join(dir, DYNSEC_FILE)}`,
        ]
      : []),
    ...(opts.extraConfig ?? []),
  ];
}

function recordState(started: MosquittoHandle): MosquittoHandle {
  const { name, pid, tcpPort, wsPort, tcpUrl, wsUrl, dir, configPath, logPath } = started;
  const state: MosquittoHandle = {
    name,
    pid,
    tcpPort,
    wsPort,
    tcpUrl,
    wsUrl,
    dir,
    configPath,
    logPath,
  };
  fs.writeFileSync(statePath(name), JSON.stringify(state, null, 2) + '\n');
  return state;
}

async function localStart(opts: MosquittoOptions): Promise<MosquittoHandle> {
  const dir = path.join(MOSQUITTO_STATE_ROOT, opts.name);
  const previous = readState(opts.name);
  if (previous && isMosquittoRunning(previous.pid, previous.configPath)) {
    throw new Error(`Mosquitto "${opts.name}" is already running (PID ${previous.pid})`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  const started = await startMosquittoProcess({
    name: opts.name,
    dir,
    tcpPort: opts.tcpPort,
    wsPort: opts.wsPort,
    allowAnonymous: !opts.auth,
    files: opts.auth ? { [DYNSEC_FILE]: JSON.stringify(dynsecConfig(), null, 2) } : {},
    config: mosquittoConfig(opts),
  });
  return recordState({ ...started, name: opts.name });
}

function requireState(name: string): MosquittoHandle {
  const state = readState(name);
  if (!state) throw new Error(`no Mosquitto named "${name}" was started`);
  return state;
}

async function localStop(name: string, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  const state = readState(name);
  if (state) await stopMosquittoByPid(state, { signal, timeoutMs: BROKER_STOP_TIMEOUT_MS });
}

/** Starts a stopped Mosquitto again from its config: same ports, same dynamic-security state. */
async function localResume(name: string): Promise<MosquittoHandle> {
  const state = requireState(name);
  if (isMosquittoRunning(state.pid, state.configPath)) return state;
  return recordState({ ...(await launchMosquitto(state)), name });
}

async function localRestart(name: string, opts: RestartOptions): Promise<MosquittoHandle> {
  requireState(name);
  await localStop(name, opts.signal ?? 'SIGKILL');
  await sleep(opts.downtimeMs ?? 1_000);
  return localResume(name);
}

export interface RestartOptions {
  /** How long the broker stays down, in ms (default 1000). */
  downtimeMs?: number;
  /** SIGKILL (default) drops connections without a DISCONNECT; SIGTERM shuts down cleanly. */
  signal?: NodeJS.Signals;
}

// The brokers are children of the Playwright runner (global setup), so that Node reaps them: a
// broker started by a worker would outlive it as an orphan, and PID 1 in a container may never
// reap it. Workers ask the runner through a small HTTP control server on 127.0.0.1.
const IN_RUNNER_KEY = Symbol.for('brokerscope.e2e.brokerControl');
export const BROKER_CONTROL_ENV = 'E2E_BROKER_CONTROL_URL';

type ControlRequest =
  | { op: 'start'; opts: MosquittoOptions }
  | { op: 'stop'; name: string }
  | { op: 'resume'; name: string }
  | { op: 'restart'; name: string; opts: RestartOptions }
  | { op: 'redis-restart'; opts: RestartOptions }
  | { op: 'rabbitmq-env' };

function runLocally(
  req: ControlRequest,
): Promise<MosquittoHandle | RedisState | RabbitmqE2eEnv | void> {
  switch (req.op) {
    case 'rabbitmq-env':
      return rabbitmqReady();
    case 'redis-restart':
      return localRedisRestart(req.opts);
    case 'start':
      return localStart(req.opts);
    case 'stop':
      return localStop(req.name);
    case 'resume':
      return localResume(req.name);
    case 'restart':
      return localRestart(req.name, req.opts);
  }
}

async function control<T>(req: ControlRequest): Promise<T> {
  const inRunner = (globalThis as Record<symbol, unknown>)[IN_RUNNER_KEY] === true;
  const url = inRunner ? undefined : process.env[BROKER_CONTROL_ENV];
  if (!url) return (await runLocally(req)) as T;
  const res = await fetch(url, { method: 'POST', body: JSON.stringify(req) });
  const body = (await res.json()) as { result?: T; error?: string };
  if (!res.ok) throw new Error(`broker control: ${body.error ?? res.status}`);
  return body.result as T;
}

/** Serves start/stop/resume/restart for the workers. Runs in the Playwright runner process. */
export async function startBrokerControlServer(): Promise<{ url: string; close(): Promise<void> }> {
  (globalThis as Record<symbol, unknown>)[IN_RUNNER_KEY] = true;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const reply = (status: number, payload: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(payload));
      };
      Promise.resolve()
        .then(() => runLocally(JSON.parse(body) as ControlRequest))
        .then(
          (result) => reply(200, { result }),
          (err: Error) => reply(500, { error: err.message }),
        );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Starts Mosquitto with a TCP listener and a WebSocket listener on 127.0.0.1 (free ports unless
 * given). Its state goes to .e2e-tmp/mosquitto/<name>/; the global teardown stops it.
 */
export function startMosquitto(opts: MosquittoOptions): Promise<MosquittoHandle> {
  return control({ op: 'start', opts });
}

/** Stops a Mosquitto (SIGTERM, SIGKILL after 5 s); `resumeMosquitto` brings it back. */
export function stopMosquitto(nameOrHandle: string | MosquittoHandle): Promise<void> {
  const name = typeof nameOrHandle === 'string' ? nameOrHandle : nameOrHandle.name;
  return control({ op: 'stop', name });
}

/** Starts a stopped Mosquitto again with the same config and the same ports. */
export function resumeMosquitto(name: string): Promise<MosquittoHandle> {
  return control({ op: 'resume', name });
}

/**
 * Kills a running Mosquitto (SIGKILL by default), waits `downtimeMs`, and starts it again with
 * the same config and ports (for reconnect tests). Resolves once it accepts connections again.
 */
export function restartMosquitto(
  name: string,
  opts: RestartOptions = {},
): Promise<MosquittoHandle> {
  return control({ op: 'restart', name, opts });
}

// ---------------------------------------------------------------------------------------------
// Node-side MQTT clients (mqtt.js)

export type NodeClientOptions = IClientOptions;

/** Connects an mqtt.js client; rejects on CONNACK refusal or after a timeout. */
export function connectFromNode(url: string, opts: NodeClientOptions = {}): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    const client = mqtt.connect(url, {
      protocolVersion: 5,
      reconnectPeriod: 0,
      connectTimeout: NODE_CLIENT_CONNECT_TIMEOUT_MS,
      clientId: `e2e-node-${randomBytes(4).toString('hex')}`,
      ...opts,
    });
    const onClose = () => fail(new Error(`connection to ${url} closed before CONNACK`));
    const fail = (err: Error) => {
      client.removeListener('close', onClose);
      client.end(true);
      reject(err);
    };
    client.once('connect', () => {
      client.removeListener('error', fail);
      client.removeListener('close', onClose);
      // Later errors (e.g. a broker restarted by the test) must not crash the worker.
      client.on('error', () => undefined);
      resolve(client);
    });
    client.once('error', fail);
    client.once('close', onClose);
  });
}

export function endClient(client: MqttClient): Promise<void> {
  return new Promise((resolve) => client.end(false, {}, () => resolve()));
}

export interface PublishFromNodeOptions extends IClientPublishOptions {
  client?: NodeClientOptions;
}

/** Connects, publishes one message (or several payloads in order), waits for the ack, ends. */
export async function publishFromNode(
  url: string,
  topic: string,
  payload: string | Buffer | Array<string | Buffer>,
  opts: PublishFromNodeOptions = {},
): Promise<void> {
  const { client: clientOpts, ...publishOpts } = opts;
  const client = await connectFromNode(url, clientOpts);
  try {
    for (const one of Array.isArray(payload) ? payload : [payload]) {
      await client.publishAsync(topic, one, publishOpts);
    }
  } finally {
    await endClient(client);
  }
}

export interface ReceivedMessage {
  topic: string;
  payload: Buffer;
  text: string;
  qos: number;
  retain: boolean;
  properties: Record<string, unknown>;
  receivedAtMs: number;
}

export interface NodeSubscription {
  client: MqttClient;
  messages: ReceivedMessage[];
  granted: ISubscriptionGrant[];
  /** Resolves with the messages once at least `count` (matching `predicate`) arrived. */
  waitForMessages(
    count: number,
    opts?: { timeoutMs?: number; predicate?: (m: ReceivedMessage) => boolean },
  ): Promise<ReceivedMessage[]>;
  close(): Promise<void>;
}

/** Subscribes from Node and collects every message received. */
export async function subscribeFromNode(
  url: string,
  filter: string | string[],
  opts: { qos?: 0 | 1 | 2; client?: NodeClientOptions } = {},
): Promise<NodeSubscription> {
  const client = await connectFromNode(url, opts.client);
  const messages: ReceivedMessage[] = [];
  const waiters = new Set<() => void>();
  client.on('message', (topic, payload, packet) => {
    messages.push({
      topic,
      payload,
      text: payload.toString('utf8'),
      qos: packet.qos,
      retain: packet.retain,
      properties: (packet.properties ?? {}) as Record<string, unknown>,
      receivedAtMs: Date.now(),
    });
    for (const wake of waiters) wake();
  });
  let granted: ISubscriptionGrant[];
  try {
    granted = await client.subscribeAsync(filter, { qos: opts.qos ?? 0 });
  } catch (err) {
    await endClient(client);
    throw err;
  }
  return {
    client,
    messages,
    granted,
    waitForMessages(count, { timeoutMs = 10_000, predicate = () => true } = {}) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const matching = messages.filter(predicate);
          if (matching.length < count) return;
          cleanup();
          resolve(matching);
        };
        const timer = setTimeout(() => {
          cleanup();
          const got = messages.filter(predicate).length;
          reject(new Error(`expected ${count} messages on ${String(filter)}, got ${got}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    close: () => endClient(client),
  };
}

/** A topic prefix no other test (or earlier run) uses, e.g. `e2e/3f2a-publish-a-message`. */
export function uniqueTopicPrefix(testInfo: Pick<TestInfo, 'title' | 'workerIndex'>): string {
  const slug = testInfo.title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40);
  const unique = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  return `e2e/${unique}-w${testInfo.workerIndex}-${slug || 'test'}`;
}

// ---------------------------------------------------------------------------------------------
// Redis: one redis-server per run (a child of the runner, its state in .e2e-tmp/redis/), and an
// app server of its own with the Redis bridge (embedded broker, no demo), for e2e/redis*.spec.ts
// only: no other spec sees the bridge's topics.

const REDIS_DIR = path.join(E2E_TMP_DIR, 'redis');
const REDIS_STATE_FILE = path.join(REDIS_DIR, 'state.json');
const REDIS_ENV_FILE = path.join(REDIS_DIR, 'env.json');
const REDIS_SIDE_KEY = Symbol.for('brokerscope.e2e.redisSide');

/** What .e2e-tmp/redis/state.json records of the running redis-server. */
export interface RedisState {
  pid: number;
  port: number;
  url: string;
  dir: string;
}

/** The URLs the Redis specs use (.e2e-tmp/redis/env.json, and REDIS_* variables). */
export interface RedisE2eEnv {
  /** redis://127.0.0.1:<port> */
  redisUrl: string;
  /** The app server with the Redis bridge. */
  redisAppUrl: string;
  redisAppWsUrl: string;
  redisAppTcpUrl: string;
}

interface RedisAppServer {
  url: string;
  brokerWsUrl: string;
  brokerTcpUrl: string;
  info?: Record<string, unknown> | null;
  close(): Promise<void>;
}

type StartAppServer = (opts: {
  port: number;
  host: string;
  distDir: string;
  broker: 'embedded';
  tcpPort: number;
  demo: boolean;
  log: (...args: unknown[]) => void;
}) => Promise<RedisAppServer>;

function readRedisState(): RedisState | undefined {
  if (!fs.existsSync(REDIS_STATE_FILE)) return undefined;
  return JSON.parse(fs.readFileSync(REDIS_STATE_FILE, 'utf8')) as RedisState;
}

function recordRedisState(started: RedisState): RedisState {
  const state: RedisState = {
    pid: started.pid,
    port: started.port,
    url: started.url,
    dir: started.dir,
  };
  fs.mkdirSync(REDIS_DIR, { recursive: true });
  fs.writeFileSync(REDIS_STATE_FILE, JSON.stringify(state, null, 2) + '\n');
  return state;
}

async function localRedisRestart(opts: RestartOptions): Promise<RedisState> {
  const state = readRedisState();
  if (!state) throw new Error('no redis-server was started');
  await stopRedisByPid(state, { signal: opts.signal ?? 'SIGKILL' });
  await sleep(opts.downtimeMs ?? 1_000);
  const again = await startRedisServer({ port: state.port, dir: state.dir });
  return recordRedisState({ ...again, dir: state.dir });
}

/**
 * Starts the run's redis-server and the app server with the Redis bridge (global setup only).
 * `startAppServer` is server/app-server.mjs' (the global setup loads it).
 */
export async function startE2eRedis(
  startAppServer: StartAppServer,
  { distDir, log }: { distDir: string; log: (...args: unknown[]) => void },
): Promise<RedisE2eEnv> {
  const dir = path.join(REDIS_DIR, 'server');
  fs.mkdirSync(dir, { recursive: true });
  const server = recordRedisState(await startRedisServer({ dir }));
  const app = await startAppServer({
    port: 0,
    host: '127.0.0.1',
    distDir,
    broker: 'embedded',
    tcpPort: 0,
    demo: false,
    log,
  });
  let side: RedisSide;
  try {
    side = await startRedisSide({ redis: server.url, brokerUrl: app.brokerTcpUrl, log });
  } catch (err) {
    await app.close();
    throw err;
  }
  (globalThis as Record<symbol, unknown>)[REDIS_SIDE_KEY] = { app, side };
  // GET /api/broker answers app.info (where the server has it): say that Redis is bridged.
  if (app.info) app.info.redis = { url: side.url, started: false, topics: 'redis/#' };
  const env: RedisE2eEnv = {
    redisUrl: server.url,
    redisAppUrl: app.url,
    redisAppWsUrl: app.brokerWsUrl,
    redisAppTcpUrl: app.brokerTcpUrl,
  };
  fs.writeFileSync(REDIS_ENV_FILE, JSON.stringify(env, null, 2) + '\n');
  return env;
}

export function redisEnvToProcessEnv(env: RedisE2eEnv): Record<string, string> {
  return {
    REDIS_URL: env.redisUrl,
    REDIS_APP_URL: env.redisAppUrl,
    REDIS_APP_WS_URL: env.redisAppWsUrl,
    REDIS_APP_TCP_URL: env.redisAppTcpUrl,
  };
}

export function readRedisE2eEnv(): RedisE2eEnv {
  if (!fs.existsSync(REDIS_ENV_FILE)) {
    throw new Error(
      `${REDIS_ENV_FILE} is missing: run the specs through Playwright's global setup`,
    );
  }
  return JSON.parse(fs.readFileSync(REDIS_ENV_FILE, 'utf8')) as RedisE2eEnv;
}

/** Stops the bridge, its app server and the redis-server (by the PID on record, if it runs). */
export async function stopE2eRedis(): Promise<void> {
  const holder = globalThis as Record<symbol, unknown>;
  const started = holder[REDIS_SIDE_KEY] as { app: RedisAppServer; side: RedisSide } | undefined;
  delete holder[REDIS_SIDE_KEY];
  try {
    await started?.side.close();
    await started?.app.close();
  } finally {
    const state = readRedisState();
    if (state && isRedisRunning(state.pid, state.port)) await stopRedisByPid(state);
  }
}

/**
 * Kills the redis-server (SIGKILL by default), waits `downtimeMs`, and starts it again on the
 * same port (empty: it keeps nothing). Resolves once it accepts connections again.
 */
export function restartRedis(opts: RestartOptions = {}): Promise<RedisState> {
  return control({ op: 'redis-restart', opts });
}

// ---------------------------------------------------------------------------------------------
// RabbitMQ: one per run, and an app server of its own with --broker=rabbitmq against it (its Web
// MQTT behind /mqtt, the demo plant over AMQP, the scenario's AMQP helper), for
// e2e/rabbitmq*.spec.ts. RabbitMQ takes 5-30 s to start: the global setup starts it in the
// background of the runner and does not wait; the specs ask the runner (rabbitmqEnv()), which
// answers once it is up, so the other specs run meanwhile. Its PIDs (start script, epmd) are in
// .e2e-tmp/rabbitmq/state.json for the teardown.

const RABBITMQ_DIR = path.join(E2E_TMP_DIR, 'rabbitmq');
const RABBITMQ_STATE_FILE = path.join(RABBITMQ_DIR, 'state.json');
const RABBITMQ_STARTING_KEY = Symbol.for('brokerscope.e2e.rabbitmqStarting');

/** The URLs the RabbitMQ specs use, or why RabbitMQ is not there. */
export interface RabbitmqE2eEnv {
  /** Set when RabbitMQ could not be started (not installed, did not come up). */
  error?: string;
  /** RabbitMQ's own Web MQTT, ws://127.0.0.1:<port>/ws (MQTT 3.1.1 only). */
  webMqttUrl: string;
  /** amqp://guest:guest@127.0.0.1:<port> */
  amqpUrl: string;
  /** RabbitMQ's MQTT over TCP. */
  tcpUrl: string;
  /** The app server with --broker=rabbitmq (Web MQTT behind its /mqtt, demo over AMQP). */
  appUrl: string;
  appWsUrl: string;
  /** How long RabbitMQ took to accept connections, and when it did (ms since the epoch). */
  startMs: number;
  readyAtMs: number;
}

interface RabbitmqState {
  pid: number;
  epmdPid: number;
  dir: string;
}

interface RabbitmqAppServer {
  url: string;
  brokerWsUrl: string;
  close(): Promise<void>;
}

type StartRabbitmqAppServer = (opts: {
  port: number;
  host: string;
  distDir: string;
  broker: 'rabbitmq';
  tcpPort: number;
  demo: boolean;
  log: (...args: unknown[]) => void;
  rabbitmq: RabbitmqHandle;
}) => Promise<RabbitmqAppServer>;

interface RabbitmqStarting {
  ready: Promise<RabbitmqE2eEnv>;
  app?: RabbitmqAppServer;
}

function readRabbitmqState(): RabbitmqState | undefined {
  if (!fs.existsSync(RABBITMQ_STATE_FILE)) return undefined;
  return JSON.parse(fs.readFileSync(RABBITMQ_STATE_FILE, 'utf8')) as RabbitmqState;
}

const unavailable = (error: string): RabbitmqE2eEnv => ({
  error,
  webMqttUrl: '',
  amqpUrl: '',
  tcpUrl: '',
  appUrl: '',
  appWsUrl: '',
  startMs: 0,
  readyAtMs: 0,
});

/**
 * Starts the run's RabbitMQ and then its app server, in the background (global setup only);
 * never rejects: a failure becomes the env's `error`, which the RabbitMQ specs fail with.
 */
export function startE2eRabbitmqInBackground(
  startAppServer: StartRabbitmqAppServer,
  { distDir, log }: { distDir: string; log: (...args: unknown[]) => void },
): void {
  const starting: RabbitmqStarting = { ready: Promise.resolve(unavailable('not started')) };
  starting.ready = (async () => {
    if (!findRabbitmq()) return unavailable(`RabbitMQ is not installed: ${RABBITMQ_INSTALL_HINT}`);
    let rabbitmq: RabbitmqHandle;
    try {
      fs.mkdirSync(RABBITMQ_DIR, { recursive: true });
      rabbitmq = await startRabbitmq({ dir: path.join(RABBITMQ_DIR, 'server') });
    } catch (err) {
      return unavailable((err as Error).message);
    }
    const state: RabbitmqState = {
      pid: rabbitmq.pid,
      epmdPid: rabbitmq.epmdPid,
      dir: rabbitmq.dir,
    };
    fs.writeFileSync(RABBITMQ_STATE_FILE, JSON.stringify(state, null, 2) + '\n');
    log(`[rabbitmq] ${rabbitmq.version ?? ''} accepting connections after ${rabbitmq.startMs} ms`);
    try {
      starting.app = await startAppServer({
        port: 0,
        host: '127.0.0.1',
        distDir,
        broker: 'rabbitmq',
        tcpPort: 0,
        demo: true,
        log,
        rabbitmq,
      });
    } catch (err) {
      return unavailable(`the app server with RabbitMQ did not start: ${(err as Error).message}`);
    }
    return {
      webMqttUrl: rabbitmq.webMqttUrl,
      amqpUrl: rabbitmq.amqpUrl,
      tcpUrl: rabbitmq.tcpUrl,
      appUrl: starting.app.url,
      appWsUrl: starting.app.brokerWsUrl,
      startMs: rabbitmq.startMs,
      readyAtMs: Date.now(),
    };
  })();
  (globalThis as Record<symbol, unknown>)[RABBITMQ_STARTING_KEY] = starting;
}

/** In the runner: the env once RabbitMQ and its app server are up (or why they are not). */
function rabbitmqReady(): Promise<RabbitmqE2eEnv> {
  const starting = (globalThis as Record<symbol, unknown>)[RABBITMQ_STARTING_KEY] as
    RabbitmqStarting | undefined;
  return starting?.ready ?? Promise.resolve(unavailable('the global setup did not start it'));
}

/**
 * For the specs: waits until the run's RabbitMQ is up (it starts in the background, 5-30 s) and
 * returns its URLs; throws, saying why, when it could not start.
 */
export async function rabbitmqEnv(): Promise<RabbitmqE2eEnv> {
  const env = await control<RabbitmqE2eEnv>({ op: 'rabbitmq-env' });
  if (env.error) throw new Error(`RabbitMQ is not available for this run: ${env.error}`);
  return env;
}

/**
 * Stops the app server with RabbitMQ, then RabbitMQ and its epmd by the PIDs on record (also
 * those of an interrupted run); waits for a start still under way first.
 */
export async function stopE2eRabbitmq(): Promise<void> {
  const holder = globalThis as Record<symbol, unknown>;
  const starting = holder[RABBITMQ_STARTING_KEY] as RabbitmqStarting | undefined;
  delete holder[RABBITMQ_STARTING_KEY];
  let appError: unknown;
  try {
    if (starting) await starting.ready;
    await starting?.app?.close();
  } catch (err) {
    appError = err;
  }
  const state = readRabbitmqState();
  // Also its epmd when the VM is gone already (stopRabbitmqByPid checks each PID's marker).
  if (state) await stopRabbitmqByPid(state);
  if (state && isRabbitmqRunning(state.pid, state.dir)) {
    throw new Error(`RabbitMQ (PID ${state.pid}) is still running after the teardown`);
  }
  fs.rmSync(RABBITMQ_STATE_FILE, { force: true });
  if (appError) throw appError;
}
