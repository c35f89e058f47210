/**
 * Connection requests -> mqtt.js options, and the backoff between reconnect attempts.
 * Pure: only a type import from 'mqtt'.
 */
import type { IClientOptions } from 'mqtt';
import type { ConnectRequest } from '../domain/mqtt-types';

export const RECONNECT_BASE_DELAY_MS = 1000;
export const RECONNECT_MAX_DELAY_MS = 30_000;

/** The one place a connect request becomes mqtt.js options (the worker connects with these). */
export function buildClientOptions(request: ConnectRequest): IClientOptions {
  const options: IClientOptions = {
    protocolVersion: request.protocolVersion,
    clientId: request.clientId,
    clean: request.clean,
    keepalive: request.keepaliveSec,
    connectTimeout: request.connectTimeoutMs,
    // Our connection code reconnects with backoff (reconnectDelayMs); mqtt.js's fixed-period
    // retry would hammer a broker that refuses us.
    reconnectPeriod: 0,
    // Subscriptions are restored by our own code, which knows which ones the user still wants.
    resubscribe: false,
    // Inside a worker the timers are not throttled like a background tab's; no nested worker.
    timerVariant: 'native',
  };
  if (request.username) options.username = request.username;
  if (request.password) options.password = request.password;
  // Session expiry is an MQTT 5 property; 0 (the default) means the session ends on close.
  if (request.protocolVersion === 5 && request.sessionExpirySec) {
    options.properties = { sessionExpiryInterval: request.sessionExpirySec };
  }
  const will = request.will;
  if (will) {
    options.will = {
      topic: will.topic,
      // Bytes, so the will's payload is exactly the UTF-8 of what was typed.
      payload: new TextEncoder().encode(will.payload) as never,
      qos: will.qos,
      retain: will.retain,
    };
    if (request.protocolVersion === 5 && will.delaySec) {
      options.will.properties = { willDelayInterval: will.delaySec };
    }
  }
  return options;
}

/**
 * Delay before reconnect attempt `attempt` (0 = first retry): 1 s, 2 s, 4 s, ... capped at
 * 30 s. `jitter` in [0, 1] (e.g. Math.random()) shortens the delay by up to half, so many
 * tabs dropped at once do not reconnect in step; 0 keeps it deterministic.
 */
export function reconnectDelayMs(attempt: number, jitter = 0): number {
  const n = Number.isFinite(attempt) && attempt > 0 ? Math.floor(attempt) : 0;
  const base = Math.min(RECONNECT_MAX_DELAY_MS, RECONNECT_BASE_DELAY_MS * 2 ** n);
  const j = Math.min(1, Math.max(0, Number.isFinite(jitter) ? jitter : 0));
  return Math.round(base * (1 - j / 2));
}
