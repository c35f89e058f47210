/**
 * What the app server says about its broker at GET /api/broker (server/app-server.mjs): which
 * broker it runs, which MQTT versions it speaks on its WebSocket path, and for RabbitMQ where
 * its AMQP side is. Read leniently: anything unexpected makes the whole answer unknown.
 */

export interface BrokerInfo {
  /** "embedded", "mosquitto", "rabbitmq", or what a newer server says. */
  kind: string;
  /** Shown to people, e.g. "RabbitMQ 3.10.8". */
  name: string;
  /** The broker's WebSocket path on the page's own origin, e.g. "/mqtt". */
  webSocketPath: string;
  /** "3.1.1", "5.0". */
  mqttVersions: string[];
  /** RabbitMQ's own Web MQTT URL (on the server's machine). */
  webMqttUrl?: string;
  amqp?: { url: string; user: string; vhost: string; exchange: string };
  /** The server runs the AMQP helper of the "MQTT and AMQP" scenario. */
  amqpHelper: boolean;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === 'string';

export function parseBrokerInfo(value: unknown): BrokerInfo | undefined {
  if (!isRecord(value)) return undefined;
  const { kind, name, webSocketPath, mqttVersions, webMqttUrl, amqp, amqpHelper } = value;
  if (!isString(kind) || !isString(name) || !isString(webSocketPath)) return undefined;
  if (!Array.isArray(mqttVersions) || !mqttVersions.every(isString)) return undefined;
  const info: BrokerInfo = {
    kind,
    name,
    webSocketPath,
    mqttVersions,
    amqpHelper: amqpHelper === true,
  };
  if (isString(webMqttUrl)) info.webMqttUrl = webMqttUrl;
  if (
    isRecord(amqp) &&
    isString(amqp.url) &&
    isString(amqp.user) &&
    isString(amqp.vhost) &&
    isString(amqp.exchange)
  ) {
    info.amqp = { url: amqp.url, user: amqp.user, vhost: amqp.vhost, exchange: amqp.exchange };
  }
  return info;
}

/** The broker's URL on the page's own origin, e.g. "ws://localhost:5173/mqtt". */
export function ownBrokerUrl(
  info: Pick<BrokerInfo, 'webSocketPath'>,
  pageLocation: { protocol: string; host: string },
): string {
  const scheme = pageLocation.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${pageLocation.host}${info.webSocketPath}`;
}

/** Whether `url` is this server's broker: its own WebSocket path, or RabbitMQ's own URL. */
export function isOwnBroker(
  info: BrokerInfo,
  url: string,
  pageLocation: { protocol: string; host: string },
): boolean {
  const same = (a: string, b: string) => {
    try {
      const x = new URL(a);
      const y = new URL(b);
      return x.protocol === y.protocol && x.host === y.host && x.pathname === y.pathname;
    } catch {
      return false;
    }
  };
  return (
    same(url, ownBrokerUrl(info, pageLocation)) ||
    (info.webMqttUrl !== undefined && same(url, info.webMqttUrl))
  );
}

/** The MQTT version to use with this broker when the form asks for `wanted`. */
export function versionFor(info: BrokerInfo, wanted: 4 | 5): 4 | 5 {
  return wanted === 5 && !info.mqttVersions.includes('5.0') ? 4 : wanted;
}
