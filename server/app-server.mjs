// One http server for the built app plus the broker's WebSocket endpoint on /mqtt, so the
// browser talks to a single origin. The broker is embedded aedes, a child mosquitto, or a child
// RabbitMQ (its Web MQTT behind /mqtt; the demo then publishes over AMQP). GET /api/broker says
// which, and where (no secrets).
// Every response carries the app's Content-Security-Policy and the other security headers; /mqtt
// takes the app's own pages and clients without an Origin only (see lib/broker-access.mjs), up
// to a number of connections at a time and a size of message.
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startAmqpDemo } from './bridges/amqp-demo.mjs';
import { startAmqpHelper } from './bridges/amqp-helper.mjs';
import { startDemoDevices } from './demo-devices.mjs';
import { startEmbeddedBroker } from './embedded-broker.mjs';
import {
  DEFAULT_MAX_CONNECTIONS,
  DEFAULT_MAX_PAYLOAD,
  createBrokerAccess,
  parseAllowedOrigin,
  refuseUpgrade,
} from './lib/broker-access.mjs';
import { findMosquitto, startMosquitto } from './lib/mosquitto.mjs';
import { freePort, listen } from './lib/ports.mjs';
import { RABBITMQ_USER, startRabbitmq } from './lib/rabbitmq.mjs';
import { SECURITY_HEADERS } from './lib/security-headers.mjs';
import { staticFiles } from './lib/static-files.mjs';
import { createWebSocketProxy } from './lib/ws-proxy.mjs';

/** How many distinct refusals are logged (a refused page retries, and must not flood the log). */
const LOGGED_REFUSALS = 100;

const REPO_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEMO_PREFIX = 'demo/plant/line1';
const BROKERS = ['embedded', 'mosquitto', 'rabbitmq'];

/**
 * Start mosquitto as a child process with TCP and WebSocket listeners on 127.0.0.1, and proxy
 * WebSocket upgrades to it.
 * @param {{ tcpPort: number, maxPayload: number, log: (...args: unknown[]) => void }} options
 *   `maxPayload`: a client that sends a larger WebSocket message is disconnected
 */
async function startMosquittoBroker({ tcpPort, maxPayload, log }) {
  if (!findMosquitto()) {
    throw new Error(
      'Mosquitto is not installed (or set MOSQUITTO_BIN to its path). ' +
        'Install it (e.g. apt-get install mosquitto) or run without --broker=mosquitto.',
    );
  }
  const actualTcpPort = await freePort(tcpPort);
  if (tcpPort !== 0 && actualTcpPort !== tcpPort) {
    log(`[broker] TCP port ${tcpPort} is in use; MQTT over TCP uses port ${actualTcpPort} instead`);
  }
  const mosquitto = await startMosquitto({
    tcpPort: actualTcpPort,
    config: ['max_queued_messages 100000'],
  });
  const { wsPort } = mosquitto;
  let stopping = false;
  void mosquitto.exited.then((reason) => {
    if (stopping) return;
    const tail = mosquitto.logTail();
    log(`[broker] mosquitto ${reason}${tail ? `: ${tail}` : ''}`);
  });

  const proxy = createWebSocketProxy({ port: wsPort, path: '/', maxPayload });

  return {
    tcpPort: mosquitto.tcpPort,
    handleUpgrade: proxy.handleUpgrade,
    close: async () => {
      stopping = true;
      proxy.closeAll();
      await mosquitto.stop();
    },
  };
}

/**
 * RabbitMQ behind /mqtt: a private one started here (slow: progress every second), or one that
 * is already running (`existing`, e.g. the end-to-end set-up's), which close() leaves running.
 * @param {{
 *   tcpPort: number, maxPayload: number, log: (...args: unknown[]) => void,
 *   onProgress?: (elapsedSeconds: number) => void, existing?: RabbitmqEndpoints,
 * }} options
 */
async function startRabbitmqBroker({ tcpPort, maxPayload, log, onProgress, existing }) {
  const rabbitmq =
    existing ?? (await startRabbitmq({ mqttPort: tcpPort || undefined, onProgress }));
  if (!existing && tcpPort !== 0 && rabbitmq.mqttPort !== tcpPort) {
    log(
      `[broker] TCP port ${tcpPort} is in use; MQTT over TCP uses port ${rabbitmq.mqttPort} instead`,
    );
  }
  const proxy = createWebSocketProxy({ port: rabbitmq.webMqttPort, path: '/ws', maxPayload });
  return {
    tcpPort: rabbitmq.mqttPort,
    handleUpgrade: proxy.handleUpgrade,
    rabbitmq,
    close: async () => {
      proxy.closeAll();
      if (!existing) await /** @type {{ stop: () => Promise<void> }} */ (rabbitmq).stop();
    },
  };
}

/**
 * @typedef {{ amqpPort: number, mqttPort: number, webMqttPort: number, amqpUrl: string,
 *   webMqttUrl: string, version?: string, pid?: number, epmdPid?: number, dir?: string }} RabbitmqEndpoints
 */

/**
 * What GET /api/broker answers: the broker kind, its MQTT versions, where to reach it (the
 * WebSocket path on this server; for RabbitMQ also its own ports on 127.0.0.1) and the demo.
 * Never a password.
 * @param {{ broker: string, tcpPort: number | null, demo: boolean,
 *   rabbitmq?: RabbitmqEndpoints, amqpHelper: boolean }} facts
 */
export function brokerInfo({ broker, tcpPort, demo, rabbitmq, amqpHelper }) {
  const tcpUrl = tcpPort ? `mqtt://127.0.0.1:${tcpPort}` : null;
  if (broker === 'rabbitmq' && rabbitmq) {
    return {
      kind: 'rabbitmq',
      name: `RabbitMQ${rabbitmq.version ? ` ${rabbitmq.version}` : ''}`,
      webSocketPath: '/mqtt',
      mqttVersions: ['3.1.1'],
      tcpUrl,
      webMqttUrl: rabbitmq.webMqttUrl,
      amqp: {
        url: `amqp://127.0.0.1:${rabbitmq.amqpPort}`,
        user: RABBITMQ_USER.username,
        vhost: '/',
        exchange: 'amq.topic',
      },
      amqpHelper,
      demo: demo ? { prefix: DEMO_PREFIX, via: 'amqp' } : null,
    };
  }
  return {
    kind: broker,
    name: broker === 'embedded' ? 'aedes (embedded)' : 'Mosquitto',
    webSocketPath: '/mqtt',
    mqttVersions: ['3.1.1', '5.0'],
    tcpUrl,
    demo: demo ? { prefix: DEMO_PREFIX, via: 'mqtt' } : null,
  };
}

/**
 * Start the app server.
 * @param {{
 *   port?: number, host?: string, distDir?: string,
 *   broker?: 'embedded' | 'mosquitto' | 'rabbitmq', tcpPort?: number, demo?: boolean,
 *   allowOrigins?: string[], maxPayload?: number, maxConnections?: number,
 *   log?: (...args: unknown[]) => void, onBrokerProgress?: (elapsedSeconds: number) => void,
 *   rabbitmq?: RabbitmqEndpoints,
 * }} [options] `host`: the address to listen on (loopback unless told). `allowOrigins`: origins
 *   whose pages may use the broker besides the server's own (e.g. "https://scope.example.org").
 *   `maxPayload`: the largest WebSocket message a broker client may send, in bytes.
 *   `maxConnections`: broker WebSocket connections at a time; more get HTTP 503.
 *   `onBrokerProgress`: called every second while a slow broker (RabbitMQ) starts. `rabbitmq`:
 *   with broker "rabbitmq", a running RabbitMQ to use (left running by close()) instead of a
 *   new one.
 */
export async function startAppServer({
  port = 5173,
  host = '127.0.0.1',
  distDir = path.join(REPO_DIR, 'dist'),
  broker = 'embedded',
  tcpPort = 1883,
  demo = true,
  allowOrigins = [],
  maxPayload = DEFAULT_MAX_PAYLOAD,
  maxConnections = DEFAULT_MAX_CONNECTIONS,
  log = console.log,
  onBrokerProgress,
  rabbitmq,
} = {}) {
  if (!BROKERS.includes(broker)) {
    throw new Error(`Unknown broker "${broker}": use "embedded", "mosquitto" or "rabbitmq"`);
  }
  allowOrigins.forEach(parseAllowedOrigin); // throws on a bad one, before anything starts
  if (!Number.isSafeInteger(maxPayload) || maxPayload < 1) {
    throw new Error(`maxPayload must be a positive number of bytes, got ${maxPayload}`);
  }
  if (!Number.isSafeInteger(maxConnections) || maxConnections < 1) {
    throw new Error(`maxConnections must be a positive number, got ${maxConnections}`);
  }

  /** @type {{ tcpPort: number | null, handleUpgrade: Function, close: () => Promise<void>, rabbitmq?: RabbitmqEndpoints } | null} */
  let brokerHandle = null;
  /** @type {ReturnType<typeof brokerInfo> | null} */
  let info = null;

  const serveFiles = staticFiles(distDir);
  const server = http.createServer((req, res) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    if (new URL(req.url ?? '/', 'http://x').pathname === '/api/broker') {
      // Same rules as the broker itself: a page on a rebinding domain gets nothing.
      const refusal = access?.refusal(req);
      const [status, body] = refusal
        ? [403, { error: refusal }]
        : info
          ? [200, info]
          : [503, { error: 'the broker is starting' }];
      res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      // No secrets: a URL someone added (e.g. a bridged service's) loses any user:password@.
      res.end(
        JSON.stringify(body, (_key, value) =>
          typeof value === 'string'
            ? value.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/]*@/i, '$1')
            : value,
        ),
      );
      return;
    }
    try {
      serveFiles(req, res);
    } catch (err) {
      log(`[http] ${req.url}: ${/** @type {Error} */ (err).message}`);
      if (!res.headersSent) res.writeHead(500).end('Internal error');
      else res.destroy();
    }
  });
  /** @type {ReturnType<typeof createBrokerAccess> | null} */
  let access = null;
  /** Sockets of the broker WebSocket connections now open (or opening). */
  const brokerSockets = new Set();
  /** @type {Set<string>} */
  const loggedRefusals = new Set();
  /** @param {string} message */
  const logRefusal = (message) => {
    if (loggedRefusals.has(message) || loggedRefusals.size >= LOGGED_REFUSALS) return;
    loggedRefusals.add(message);
    log(`[broker] refused a WebSocket: ${message}`);
  };
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    if (pathname !== '/mqtt' || !brokerHandle || !access) {
      socket.destroy();
      return;
    }
    const refusal = access.refusal(req);
    if (refusal) {
      logRefusal(refusal);
      refuseUpgrade(socket, 403, `Forbidden: ${refusal}`);
      return;
    }
    if (brokerSockets.size >= maxConnections) {
      const message = `already ${maxConnections} broker connections (--max-connections)`;
      logRefusal(message);
      refuseUpgrade(socket, 503, `Too many connections: ${message}`);
      return;
    }
    brokerSockets.add(socket);
    socket.once('close', () => brokerSockets.delete(socket));
    brokerHandle.handleUpgrade(req, socket, head);
  });

  let actualPort;
  try {
    actualPort = await listen(server, port, host);
  } catch (err) {
    if (/** @type {NodeJS.ErrnoException} */ (err).code === 'EADDRINUSE') {
      throw new Error(`Port ${port} is in use: pass --port=N`, { cause: err });
    }
    throw err;
  }
  const brokerAccess = createBrokerAccess({ port: actualPort, listenHost: host, allowOrigins });
  access = brokerAccess;

  /** @type {{ stop: () => Promise<void> } | null} */
  let demoHandle = null;
  /** @type {{ stop: () => Promise<void> } | null} */
  let helperHandle = null;
  const close = async () => {
    await demoHandle?.stop();
    demoHandle = null;
    await helperHandle?.stop();
    helperHandle = null;
    const serverClosed = new Promise((resolve) => server.close(() => resolve(undefined)));
    server.closeAllConnections();
    await brokerHandle?.close();
    brokerHandle = null;
    await serverClosed;
  };

  try {
    brokerHandle =
      broker === 'embedded'
        ? await startEmbeddedBroker({ tcpPort, host: '127.0.0.1', maxPayload })
        : broker === 'mosquitto'
          ? await startMosquittoBroker({ tcpPort, maxPayload, log })
          : await startRabbitmqBroker({
              tcpPort,
              maxPayload,
              log,
              onProgress: onBrokerProgress,
              existing: rabbitmq,
            });
    const brokerTcpUrl = `mqtt://127.0.0.1:${brokerHandle.tcpPort}`;
    const rabbit = brokerHandle.rabbitmq;
    if (rabbit) {
      // The AMQP side: the scenario's helper, and the demo plant publishing over AMQP.
      helperHandle = await startAmqpHelper({ amqpUrl: rabbit.amqpUrl, log });
      if (demo) {
        demoHandle = await startAmqpDemo({
          amqpUrl: rabbit.amqpUrl,
          mqttUrl: brokerTcpUrl,
          prefix: DEMO_PREFIX,
        });
      }
    } else if (demo) {
      demoHandle = await startDemoDevices({ brokerUrl: brokerTcpUrl });
    }
    info = brokerInfo({
      broker,
      tcpPort: brokerHandle.tcpPort,
      demo,
      rabbitmq: rabbit,
      amqpHelper: helperHandle !== null,
    });

    const urlHost = host.includes(':') ? `[${host}]` : host;
    return {
      url: `http://${urlHost}:${actualPort}/`,
      brokerWsUrl: `ws://${urlHost}:${actualPort}/mqtt`,
      brokerTcpUrl,
      /** With broker "rabbitmq": its AMQP URL (with the default user) and its own Web MQTT URL. */
      rabbitmq: rabbit
        ? {
            amqpUrl: rabbit.amqpUrl,
            webMqttUrl: rabbit.webMqttUrl,
            version: rabbit.version,
            pid: rabbit.pid,
            epmdPid: rabbit.epmdPid,
            dir: rabbit.dir,
          }
        : undefined,
      /** What GET /api/broker answers. */
      info,
      /** Who may use the broker's WebSocket, and how much. */
      access: { origins: brokerAccess.origins, maxPayload, maxConnections },
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
