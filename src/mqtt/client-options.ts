/**
 * Connection form values -> mqtt.js options, plus the checks and backoff around connecting.
 * Pure: only a type import from 'mqtt'.
 */
import type { IClientOptions } from 'mqtt';
import { utf8ByteLength, validateTopicName } from '../domain/topic-filter';

export interface WillForm {
  enabled: boolean;
  topic: string;
  payload: string;
  qos: 0 | 1 | 2;
  retain: boolean;
}

export interface ConnectionForm {
  url: string;
  clientId: string;
  username: string;
  password: string;
  protocolVersion: 4 | 5;
  cleanStart: boolean;
  keepaliveSec: number;
  sessionExpirySec: number;
  connectTimeoutMs: number;
  reconnect: boolean;
  will: WillForm;
}

export const CLIENT_ID_PREFIX = 'brokerscope-';
export const RECONNECT_BASE_DELAY_MS = 1000;
export const RECONNECT_MAX_DELAY_MS = 30_000;
/** Keep alive and will payload lengths are 16-bit fields on the wire. */
const MAX_UINT16 = 65535;
/** Session expiry is a 32-bit field (seconds); 0xFFFFFFFF means never. */
const MAX_UINT32 = 4_294_967_295;

/** 8 base36 characters; `random` is injectable so tests are deterministic. */
export function randomClientId(random: () => number = Math.random): string {
  let suffix = '';
  for (let i = 0; i < 8; i++) suffix += Math.floor(random() * 36).toString(36);
  return CLIENT_ID_PREFIX + suffix;
}

export function defaultConnectionForm(
  pageLocation: { protocol: string; host: string },
  random: () => number = Math.random,
): ConnectionForm {
  // An https page may only open wss:// (mixed content), so default to it there.
  const scheme = pageLocation.protocol === 'https:' ? 'wss' : 'ws';
  const host = pageLocation.host === '' ? 'localhost' : pageLocation.host;
  return {
    url: `${scheme}://${host}/mqtt`,
    clientId: randomClientId(random),
    username: '',
    password: '',
    protocolVersion: 5,
    cleanStart: true,
    keepaliveSec: 30,
    sessionExpirySec: 0,
    connectTimeoutMs: 10_000,
    reconnect: true,
    will: { enabled: false, topic: '', payload: '', qos: 0, retain: false },
  };
}

const NON_WEBSOCKET_SCHEMES = new Set(['mqtt:', 'mqtts:', 'tcp:', 'ssl:', 'tls:']);

/** Null when the browser can open `url`, else a message saying what to change. */
export function validateBrokerUrl(url: string, pageProtocol: string): string | null {
  const trimmed = url.trim();
  if (trimmed === '') return "Enter the broker's WebSocket URL, as in ws://host:port/mqtt.";
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    return 'That is not a valid URL. Use the form ws://host:port/path.';
  }
  // "localhost:9001" parses as scheme "localhost:": it is a URL without a scheme.
  if (!trimmed.includes('://')) {
    return 'That is not a valid URL. Use the form ws://host:port/path.';
  }
  const scheme = parsed.protocol;
  if (NON_WEBSOCKET_SCHEMES.has(scheme)) {
    return `Browsers cannot open ${scheme}// connections: MQTT in the browser needs WebSocket. Use the broker's WebSocket listener with a ws:// or wss:// URL.`;
  }
  if (scheme !== 'ws:' && scheme !== 'wss:') {
    return 'Use a ws:// or wss:// URL: browsers can only reach MQTT brokers over WebSocket.';
  }
  if (parsed.hostname === '') return 'The URL has no host name. Use the form ws://host:port/path.';
  const page = pageProtocol.endsWith(':') ? pageProtocol : `${pageProtocol}:`;
  if (scheme === 'ws:' && page === 'https:') {
    return 'This page was loaded over https, so the browser blocks ws:// (mixed content). Use wss:// or open Brokerscope over http.';
  }
  return null;
}

/** Null when the will message (if enabled) can be sent, else what is wrong. */
export function validateWill(form: Pick<ConnectionForm, 'will'>): string | null {
  const { will } = form;
  if (!will.enabled) return null;
  const topicError = validateTopicName(will.topic);
  if (topicError !== null) return `Will message: ${topicError}`;
  if (utf8ByteLength(will.payload) > MAX_UINT16) {
    return 'Will message: the payload is longer than 65,535 bytes in UTF-8.';
  }
  if (![0, 1, 2].includes(will.qos)) return 'Will message: QoS must be 0, 1 or 2.';
  return null;
}

function isIntegerIn(n: number, min: number, max: number): boolean {
  return Number.isInteger(n) && n >= min && n <= max;
}

/** All checks of the form, first problem first; null when it can be used to connect. */
export function validateConnectionForm(form: ConnectionForm, pageProtocol: string): string | null {
  const urlError = validateBrokerUrl(form.url, pageProtocol);
  if (urlError !== null) return urlError;
  if (utf8ByteLength(form.clientId) > MAX_UINT16) return 'The client ID is too long.';
  if (!isIntegerIn(form.keepaliveSec, 0, MAX_UINT16)) {
    return 'Keep alive must be a whole number of seconds from 0 to 65,535.';
  }
  if (!isIntegerIn(form.sessionExpirySec, 0, MAX_UINT32)) {
    return 'Session expiry must be a whole number of seconds from 0 to 4,294,967,295.';
  }
  if (!(form.connectTimeoutMs > 0)) return 'The connect timeout must be more than 0 ms.';
  return validateWill(form);
}

export function buildClientOptions(form: ConnectionForm): IClientOptions {
  const options: IClientOptions = {
    protocolVersion: form.protocolVersion,
    clientId: form.clientId,
    clean: form.cleanStart,
    keepalive: form.keepaliveSec,
    connectTimeout: form.connectTimeoutMs,
    // Our connection code reconnects with backoff (reconnectDelayMs); mqtt.js's fixed-period
    // retry would hammer a broker that refuses us.
    reconnectPeriod: 0,
    // Subscriptions are restored by our own code, which knows which ones the user still wants.
    resubscribe: false,
  };
  if (form.username !== '') options.username = form.username;
  if (form.password !== '') options.password = form.password;
  // Session expiry is an MQTT 5 property; 0 (the default) means the session ends on close.
  if (form.protocolVersion === 5 && form.sessionExpirySec > 0) {
    options.properties = { sessionExpiryInterval: form.sessionExpirySec };
  }
  if (form.will.enabled) {
    options.will = {
      topic: form.will.topic,
      payload: form.will.payload,
      qos: form.will.qos,
      retain: form.will.retain,
    };
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
