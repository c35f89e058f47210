import { listMosquittoStates, stopE2eRabbitmq, stopE2eRedis, stopMosquitto } from './brokers';

export interface AppServerHandle {
  url: string;
  brokerWsUrl: string;
  brokerTcpUrl: string;
  close(): Promise<void>;
}

/** Where the global setup keeps the app server handle (setup and teardown share the process). */
export const APP_SERVER_KEY = Symbol.for('brokerscope.e2e.appServer');

export const BROKER_CONTROL_KEY = Symbol.for('brokerscope.e2e.brokerControlServer');

/** Closes the app servers and stops every Mosquitto and the redis-server listed in .e2e-tmp (by PID). */
export async function stopEverything(): Promise<void> {
  const holder = globalThis as Record<symbol, unknown>;
  const app = holder[APP_SERVER_KEY] as AppServerHandle | undefined;
  const control = holder[BROKER_CONTROL_KEY] as { close(): Promise<void> } | undefined;
  delete holder[APP_SERVER_KEY];
  delete holder[BROKER_CONTROL_KEY];
  const errors: unknown[] = [];
  try {
    await control?.close();
  } catch (err) {
    errors.push(err);
  }
  try {
    await app?.close();
  } catch (err) {
    errors.push(err);
  }
  try {
    await stopE2eRedis();
  } catch (err) {
    errors.push(err);
  }
  try {
    await stopE2eRabbitmq();
  } catch (err) {
    errors.push(err);
  }
  for (const state of listMosquittoStates()) {
    try {
      await stopMosquitto(state);
    } catch (err) {
      errors.push(err);
    }
  }
  if (errors.length > 0) throw new AggregateError(errors, 'e2e teardown failed');
}
