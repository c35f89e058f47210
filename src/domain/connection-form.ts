/**
 * The connection form: its defaults, every check before connecting, and the request the
 * connection is opened with. Pure.
 */
import type { ConnectRequest } from './mqtt-types';
import { utf8ByteLength, validateTopicName } from './topic-filter';
import { splitUrlCredentials } from './url-credentials';

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
  if (form.clientId.trim() === '' && !form.cleanStart) {
    return 'A persistent session (clean start off) needs a client ID.';
  }
  if (!isIntegerIn(form.keepaliveSec, 0, MAX_UINT16)) {
    return 'Keep alive must be a whole number of seconds from 0 to 65,535.';
  }
  if (!isIntegerIn(form.sessionExpirySec, 0, MAX_UINT32)) {
    return 'Session expiry must be a whole number of seconds from 0 to 4,294,967,295.';
  }
  if (!(form.connectTimeoutMs > 0)) return 'The connect timeout must be more than 0 ms.';
  return validateWill(form);
}

/**
 * The form with any user name and password written into its URL moved to its own fields, so
 * the URL kept, shown and saved never holds them ("ws://alice:pw@host" -> "ws://host").
 */
export function withUrlCredentialsMoved(form: ConnectionForm): ConnectionForm {
  const split = splitUrlCredentials(form.url);
  if (!split.credentials) return form;
  return {
    ...form,
    url: split.url,
    username: split.credentials.username || form.username,
    password: split.credentials.password ?? form.password,
  };
}

/**
 * Names a broker (and the user on it) for the data that came from it: "ws://h:1884/mqtt", or
 * "ws://h:1884/mqtt as alice". Data from another name is another broker's.
 */
export function brokerLabel(url: string, username?: string): string {
  const trimmed = url.trim();
  return username ? `${trimmed} as ${username}` : trimmed;
}

/** What the connection is opened with; call validateConnectionForm first. */
export function toConnectRequest(form: ConnectionForm): ConnectRequest {
  return {
    url: form.url.trim(),
    clientId: form.clientId.trim(),
    username: form.username || undefined,
    password: form.password || undefined,
    protocolVersion: form.protocolVersion,
    clean: form.cleanStart,
    keepaliveSec: form.keepaliveSec,
    connectTimeoutMs: form.connectTimeoutMs,
    sessionExpirySec: form.protocolVersion === 5 ? form.sessionExpirySec : undefined,
    reconnect: form.reconnect,
    will: form.will.enabled
      ? {
          topic: form.will.topic,
          payload: form.will.payload,
          qos: form.will.qos,
          retain: form.will.retain,
        }
      : undefined,
  };
}
