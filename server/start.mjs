#!/usr/bin/env node
// `npm start`: serve the built app and a broker (embedded aedes, mosquitto or RabbitMQ) on one port.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startAppServer } from './app-server.mjs';
import {
  DEFAULT_MAX_CONNECTIONS,
  DEFAULT_MAX_PAYLOAD,
  parseAllowedOrigin,
} from './lib/broker-access.mjs';
import { REDIS_INSTALL_HINT, findRedisServer } from './lib/redis.mjs';
import { parseRedisOption, startRedisSide } from './redis-side.mjs';
import { RABBITMQ_INSTALL_HINT, findRabbitmq } from './lib/rabbitmq.mjs';

const REPO_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST_DIR = path.join(REPO_DIR, 'dist');
const DEMO_PREFIX = 'demo/plant/line1';

const USAGE = `Usage: npm start -- [options]   (or: node server/start.mjs [options])

Options:
  --broker=embedded|mosquitto|rabbitmq
                               broker to run (default: embedded aedes); rabbitmq: Debian's
                               RabbitMQ with its Web MQTT (MQTT 3.1.1) behind /mqtt, and the
                               demo plant publishing over AMQP
  --port=N                     HTTP + WebSocket port (default: 5173, or $PORT)
  --host=H                     address to listen on (default: localhost = 127.0.0.1, loopback
                               only); e.g. 0.0.0.0 to be reachable from other machines
  --tcp-port=N                 MQTT over TCP port, always on 127.0.0.1 (default: 1883; a free
                               port is used if taken)
  --allow-origin=URL           also let pages from this origin (e.g. https://scope.example.org)
                               use the broker on /mqtt; repeat for more. Without it only the
                               app's own pages and clients that send no Origin may
  --max-payload=BYTES          largest WebSocket message a broker client may send (default:
                               ${DEFAULT_MAX_PAYLOAD} = 16 MB); a larger one ends its connection
  --max-connections=N          broker WebSocket connections at a time (default: ${DEFAULT_MAX_CONNECTIONS});
                               more are answered with HTTP 503
  --redis=start|URL            bridge Redis into the broker (redis/pubsub/<channel>,
                               redis/stream/<key>): "start" runs Debian's redis-server on a free
                               loopback port, with a demo ("orders" stream, "alerts" channel);
                               a URL such as redis://127.0.0.1:6379 bridges that Redis
  --redis-channels=PATTERN     channels to bridge, a PSUBSCRIBE pattern (default: *)
  --redis-streams=A,B          streams to bridge (default: every stream, found with SCAN)
  --no-demo                    don't start the simulated demo devices
  --help                       show this help
`;

class UsageError extends Error {}

/** @param {string} name @param {string} value */
function parsePort(name, value) {
  if (!/^\d+$/.test(value) || Number(value) > 65535) {
    throw new UsageError(`--${name} must be a port number from 0 to 65535, got "${value}"`);
  }
  return Number(value);
}

/** @param {string} name @param {string} value */
function parsePositive(name, value) {
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)) || Number(value) < 1) {
    throw new UsageError(`--${name} must be a whole number above 0, got "${value}"`);
  }
  return Number(value);
}

/** @param {string[]} argv */
function parseArgs(argv) {
  const options = {
    broker: /** @type {'embedded' | 'mosquitto' | 'rabbitmq'} */ ('embedded'),
    port: process.env.PORT ? parsePort('port', process.env.PORT) : 5173,
    host: 'localhost',
    tcpPort: 1883,
    demo: true,
    allowOrigins: /** @type {string[]} */ ([]),
    maxPayload: DEFAULT_MAX_PAYLOAD,
    maxConnections: DEFAULT_MAX_CONNECTIONS,
    help: false,
    redis: /** @type {string | null} */ (null),
    redisChannels: '*',
    redisStreams: /** @type {string[] | null} */ (null),
  };
  for (const arg of argv) {
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new UsageError(`Unexpected argument "${arg}"`);
    const [, name, value] = match;
    const needValue = () => {
      if (value === undefined || value === '') throw new UsageError(`--${name} needs a value`);
      return value;
    };
    const noValue = () => {
      if (value !== undefined) throw new UsageError(`--${name} takes no value`);
    };
    switch (name) {
      case 'broker': {
        const broker = needValue();
        if (broker !== 'embedded' && broker !== 'mosquitto' && broker !== 'rabbitmq') {
          throw new UsageError(
            `--broker must be "embedded", "mosquitto" or "rabbitmq", got "${broker}"`,
          );
        }
        options.broker = broker;
        break;
      }
      case 'port':
        options.port = parsePort(name, needValue());
        break;
      case 'tcp-port':
        options.tcpPort = parsePort(name, needValue());
        break;
      case 'host':
        options.host = needValue();
        break;
      case 'allow-origin':
        try {
          options.allowOrigins.push(parseAllowedOrigin(needValue()));
        } catch (err) {
          if (err instanceof UsageError) throw err;
          throw new UsageError(/** @type {Error} */ (err).message);
        }
        break;
      case 'max-payload':
        options.maxPayload = parsePositive(name, needValue());
        break;
      case 'max-connections':
        options.maxConnections = parsePositive(name, needValue());
        break;
      case 'redis':
        try {
          options.redis = parseRedisOption(needValue());
        } catch (err) {
          if (err instanceof UsageError) throw err;
          throw new UsageError(/** @type {Error} */ (err).message);
        }
        break;
      case 'redis-channels':
        options.redisChannels = needValue();
        break;
      case 'redis-streams':
        options.redisStreams = needValue()
          .split(',')
          .map((key) => key.trim())
          .filter(Boolean);
        break;
      case 'no-demo':
        noValue();
        options.demo = false;
        break;
      case 'help':
        noValue();
        options.help = true;
        break;
      default:
        throw new UsageError(`Unknown option --${name}`);
    }
  }
  if (!options.redis && (options.redisChannels !== '*' || options.redisStreams)) {
    throw new UsageError('--redis-channels and --redis-streams need --redis=start or --redis=URL');
  }
  return options;
}

/** @param {number} bytes */
function formatBytes(bytes) {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KB`;
  return `${bytes} bytes`;
}

async function main() {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`${err.message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (options.help) {
    process.stdout.write(USAGE);
    return;
  }
  if (options.broker === 'rabbitmq' && !findRabbitmq()) {
    console.error(`RabbitMQ is not installed: ${RABBITMQ_INSTALL_HINT}.`);
    process.exit(1);
  }
  if (!existsSync(path.join(DIST_DIR, 'index.html'))) {
    console.error(`${path.join(DIST_DIR, 'index.html')} is missing. Run npm run build first.`);
    process.exit(1);
  }

  // 'localhost' can resolve to ::1 first on some systems while the broker's TCP side is IPv4;
  // bind 127.0.0.1 explicitly and keep the friendly name for the printed URLs.
  const listenHost = options.host === 'localhost' ? '127.0.0.1' : options.host;
  // On all addresses, the printed URLs use localhost: a page opened as http://0.0.0.0:port/ is
  // not one of the origins the broker accepts.
  const displayHost = ['localhost', '0.0.0.0', '::'].includes(options.host)
    ? 'localhost'
    : options.host.includes(':')
      ? `[${options.host}]`
      : options.host;

  // RabbitMQ takes 5-15 s to start: say so while it does.
  const showProgress = options.broker === 'rabbitmq';
  if (showProgress) process.stdout.write('  starting RabbitMQ…');
  const progress = (/** @type {number} */ seconds) => {
    if (process.stdout.isTTY) process.stdout.write(`\r  starting RabbitMQ… ${seconds} s`);
    else if (seconds % 5 === 0) process.stdout.write(` ${seconds} s…`);
  };

  if (options.redis === 'start' && !findRedisServer()) {
    console.error(`redis-server is not installed: ${REDIS_INSTALL_HINT}.`);
    process.exit(1);
  }

  let app;
  try {
    app = await startAppServer({
      port: options.port,
      host: listenHost,
      distDir: DIST_DIR,
      broker: options.broker,
      tcpPort: options.tcpPort,
      demo: options.demo,
      allowOrigins: options.allowOrigins,
      maxPayload: options.maxPayload,
      maxConnections: options.maxConnections,
      onBrokerProgress: showProgress ? progress : undefined,
    });
  } catch (err) {
    if (showProgress) process.stdout.write('\n');
    console.error(`Could not start: ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  }
  if (showProgress) process.stdout.write('\n');

  /** @type {Awaited<ReturnType<typeof startRedisSide>> | null} */
  let redisSide = null;
  if (options.redis) {
    try {
      redisSide = await startRedisSide({
        redis: options.redis,
        brokerUrl: app.brokerTcpUrl,
        channels: options.redisChannels,
        streams: options.redisStreams,
        demo: options.demo,
        // RabbitMQ's MQTT is 3.1.1: no user properties there, and no No Local.
        protocolVersion: /** @type {string} */ (options.broker) === 'rabbitmq' ? 4 : 5,
      });
    } catch (err) {
      console.error(
        `Could not start the Redis bridge: ${err instanceof Error ? err.message : err}`,
      );
      await app.close();
      process.exit(1);
    }
    // GET /api/broker answers app.info: the page learns there that Redis is bridged.
    const info = /** @type {{ info?: Record<string, unknown> }} */ (app).info;
    if (info) {
      info.redis = {
        url: redisSide.url,
        started: redisSide.started,
        topics: 'redis/#',
        statusTopic: 'redis/bridge/status',
      };
    }
  }

  const port = new URL(app.url).port;
  const brokerName =
    options.broker === 'embedded'
      ? 'aedes (embedded): MQTT 3.1.1 and 5.0, no shared subscriptions'
      : options.broker === 'rabbitmq'
        ? `RabbitMQ ${app.rabbitmq?.version ?? ''} (child process): MQTT 3.1.1 only over WebSocket`
        : 'Mosquitto (child process)';
  const lines = [
    '',
    `  Brokerscope    http://${displayHost}:${port}/`,
    '',
    `  Broker         ${brokerName}`,
    `  WebSocket      ws://${displayHost}:${port}/mqtt`,
    `  TCP            ${app.brokerTcpUrl}   (mosquitto_sub -p ${new URL(app.brokerTcpUrl).port} -t '#' -v)`,
    ...(redisSide
      ? [
          `  Redis          ${redisSide.url}   (${redisSide.started ? `redis-server started here, PID ${redisSide.pid}; redis-cli -p ${new URL(redisSide.url).port}` : 'bridged'})`,
        ]
      : []),
    ...(app.rabbitmq
      ? [
          `  Web MQTT       ${app.rabbitmq.webMqttUrl}   (RabbitMQ's own; the page uses /mqtt)`,
          `  AMQP           ${app.rabbitmq.amqpUrl}   (exchange amq.topic, routing key = topic with / as .)`,
        ]
      : []),
    '',
    ...app.access.origins.map(
      (origin, i) => `  ${i === 0 ? 'Accepts' : '       '}        pages from ${origin}`,
    ),
    '                 and clients that send no Origin (Node, command-line tools);',
    '                 other pages get HTTP 403 (--allow-origin=URL to add one)',
    `  Limits         ${formatBytes(app.access.maxPayload)} per WebSocket message (--max-payload), ` +
      `${app.access.maxConnections} connections (--max-connections)`,
  ];
  if (!['localhost', '127.0.0.1', '::1'].includes(options.host)) {
    lines.push(
      '',
      `  Listening on ${options.host}: other machines that reach it can load the app, and the`,
      '  broker has no password. Use a firewall or a trusted network.',
    );
  }
  if (options.demo) {
    lines.push(
      `  Demo topics    ${DEMO_PREFIX}/{temperature,humidity,motor,sensors,pressure,door,status,camera/thumbnail}`,
      `  Demo command   ${DEMO_PREFIX}/motor/set  {"rpm": 2000} | {"command": "stop"|"start"}`,
      `                 replies to the MQTT 5 response topic, else ${DEMO_PREFIX}/motor/set/reply`,
    );
  }
  if (options.demo && app.rabbitmq) {
    lines.push(
      `  Over AMQP      the plant publishes over AMQP to amq.topic (status: retained, over MQTT);`,
      `                 a dispatcher consumes ${DEMO_PREFIX.split('/').slice(0, 2).join('.')}.*.motor.set over AMQP and replies`,
      `                 on ${DEMO_PREFIX}/motor/set/reply with the request's correlationId (MQTT 3.1.1:`,
      '                 AMQP headers are not shown as user properties, and no response topic)',
    );
  }
  if (redisSide) {
    lines.push(
      `  Redis bridge   channels ${options.redisChannels} -> redis/pubsub/<channel>; ` +
        `${options.redisStreams ? `streams ${options.redisStreams.join(', ')}` : 'every stream'} -> redis/stream/<key>`,
      '                 publish on redis/pubsub/<channel> (PUBLISH) or redis/stream/<key>/add (XADD);',
      '                 its state: redis/bridge/status (retained)',
    );
    if (redisSide.demo) {
      lines.push(
        '  Redis demo     stream "orders" (an order every 2 s) -> redis/stream/orders,',
        '                 channel "alerts" -> redis/pubsub/alerts',
      );
    }
  }
  lines.push('', '  Press Ctrl+C to stop.', '');
  console.log(lines.join('\n'));

  let shuttingDown = false;
  const shutdown = (/** @type {string} */ signal) => {
    if (shuttingDown) {
      // Second Ctrl+C: the user wants out now.
      process.exit(130);
    }
    shuttingDown = true;
    console.log(`\n${signal}: shutting down…`);
    Promise.resolve(redisSide?.close())
      .then(() => app.close())
      .then(
        () => process.exit(0),
        (err) => {
          console.error(err);
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

await main();
