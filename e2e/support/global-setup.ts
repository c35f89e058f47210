/**
 * Starts, once per Playwright run: the built app with its embedded broker and demo devices, a
 * plain Mosquitto ("mosquitto") and a Mosquitto with users and ACLs ("auth"), a redis-server with
 * a second app server that bridges it, plus the control server through which specs stop and
 * restart brokers. URLs go to .e2e-tmp/env.json and to
 * process.env, which the workers inherit.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  BROKER_CONTROL_ENV,
  E2E_TMP_DIR,
  REPO_ROOT,
  e2eEnvToProcessEnv,
  redisEnvToProcessEnv,
  startBrokerControlServer,
  startE2eRedis,
  startMosquitto,
  writeE2eEnv,
  type E2eEnv,
  startE2eRabbitmqInBackground,
} from './brokers';
import type { RabbitmqHandle } from '../../server/lib/rabbitmq.mjs';
import {
  APP_SERVER_KEY,
  BROKER_CONTROL_KEY,
  stopEverything,
  type AppServerHandle,
} from './teardown-helpers';

interface AppServerModule {
  startAppServer(opts: {
    port?: number;
    host?: string;
    distDir?: string;
    broker?: 'embedded' | 'mosquitto' | 'rabbitmq';
    tcpPort?: number;
    demo?: boolean;
    log?: (...args: unknown[]) => void;
    rabbitmq?: RabbitmqHandle;
  }): Promise<AppServerHandle>;
}

export default async function globalSetup(): Promise<void> {
  // E2E_DIST_DIR lets parallel local runs each test their own build.
  const distDir = process.env.E2E_DIST_DIR ?? path.join(REPO_ROOT, 'dist');
  if (!fs.existsSync(path.join(distDir, 'index.html'))) {
    throw new Error(`${distDir}/index.html is missing: run "vite build" before Playwright`);
  }
  // Leftovers of an interrupted run: stop them before the state files are replaced.
  await stopEverything();
  fs.rmSync(E2E_TMP_DIR, { recursive: true, force: true });
  fs.mkdirSync(E2E_TMP_DIR, { recursive: true });

  const appLogPath = path.join(E2E_TMP_DIR, 'app-server.log');
  const appLog = (...args: unknown[]) =>
    fs.appendFileSync(appLogPath, args.map((a) => String(a)).join(' ') + '\n');

  try {
    // A non-literal specifier: the module is plain JS without type declarations.
    const appServerPath = pathToFileURL(path.join(REPO_ROOT, 'server', 'app-server.mjs')).href;
    const { startAppServer } = (await import(appServerPath)) as AppServerModule;
    // RabbitMQ (5-30 s) starts first and in the background; the other brokers start meanwhile,
    // and the RabbitMQ specs wait for it through the control server (brokers.ts).
    startE2eRabbitmqInBackground(startAppServer, { distDir, log: appLog });
    const app = await startAppServer({
      port: 0,
      host: '127.0.0.1',
      distDir,
      broker: 'embedded',
      tcpPort: 0,
      demo: true,
      log: appLog,
    });
    (globalThis as Record<symbol, unknown>)[APP_SERVER_KEY] = app;

    const brokerControl = await startBrokerControlServer();
    (globalThis as Record<symbol, unknown>)[BROKER_CONTROL_KEY] = brokerControl;
    process.env[BROKER_CONTROL_ENV] = brokerControl.url;
    const mosquitto = await startMosquitto({ name: 'mosquitto' });
    const auth = await startMosquitto({ name: 'auth', auth: true });

    const env: E2eEnv = {
      appUrl: app.url,
      embeddedWsUrl: app.brokerWsUrl,
      embeddedTcpUrl: app.brokerTcpUrl,
      embeddedTcpPort: Number(new URL(app.brokerTcpUrl).port),
      mosquittoWsUrl: mosquitto.wsUrl,
      mosquittoTcpUrl: mosquitto.tcpUrl,
      mosquittoTcpPort: mosquitto.tcpPort,
      mosquittoWsPort: mosquitto.wsPort,
      authWsUrl: auth.wsUrl,
      authTcpUrl: auth.tcpUrl,
      authTcpPort: auth.tcpPort,
      authWsPort: auth.wsPort,
    };
    writeE2eEnv(env);
    Object.assign(process.env, e2eEnvToProcessEnv(env));

    // Redis: one redis-server, and an app server of its own with the Redis bridge (for
    // e2e/redis*.spec.ts; the other specs' app server has no bridge).
    const redisEnv = await startE2eRedis(startAppServer, { distDir, log: appLog });
    Object.assign(process.env, redisEnvToProcessEnv(redisEnv));
  } catch (err) {
    await stopEverything();
    throw err;
  }
}
