// The AMQP side of the "MQTT and AMQP through one broker" scenario: an AMQP consumer that tells
// the page, over the broker itself, what an MQTT publish looked like to AMQP, and publishes over
// AMQP when asked, so the page sees an AMQP message arrive on MQTT.
//
//   MQTT publish  brokerscope/scenarios/<run>/amqp-probe/<anything>
//     = AMQP      brokerscope.scenarios.<run>.amqp-probe.<anything>  (consumed here)
//   report (AMQP) brokerscope.scenarios.<run>.amqp-report
//     = MQTT      brokerscope/scenarios/<run>/amqp-report            JSON: exchange, routing key,
//                                                                    persistence, headers, …
//   a probe whose JSON payload has "sendBack": "<words>" also gets, over AMQP,
//                 brokerscope.scenarios.<run>.from-amqp.<words>
//
// It only ever publishes under the run's own prefix, at most RATE_PER_SECOND messages a second.
import amqp from 'amqplib';
import { MQTT_EXCHANGE } from './amqp-mapping.mjs';

export const HELPER_APP_ID = 'brokerscope-amqp-helper';
/** Where probes come from: any scenario run's amqp-probe subtree. */
export const PROBE_BINDING = 'brokerscope.scenarios.*.amqp-probe.#';
const RUN_WORD = /^[a-z0-9-]{1,80}$/;
const SEND_BACK = /^[A-Za-z0-9_*/-]+(\.[A-Za-z0-9_*/-]+){0,9}$/;
const PAYLOAD_SHOWN = 256;
const RATE_PER_SECOND = 50;

/**
 * What the helper answers to one consumed message (pure: no I/O), or null when the routing key
 * is not a probe of a run.
 * @param {{ fields: { exchange: string, routingKey: string, redelivered: boolean },
 *   properties: { deliveryMode?: number, headers?: Record<string, unknown>, contentType?: string,
 *   appId?: string }, content: Buffer }} message
 * @returns {null | { publishes: Array<{ routingKey: string, body: Record<string, unknown>, options: import('amqplib').Options.Publish }> }}
 */
export function answerProbe(message) {
  const { exchange, routingKey, redelivered } = message.fields;
  const words = routingKey.split('.');
  if (words[0] !== 'brokerscope' || words[1] !== 'scenarios' || words[3] !== 'amqp-probe') {
    return null;
  }
  const run = words[2] ?? '';
  if (!RUN_WORD.test(run)) return null;
  const root = `brokerscope.scenarios.${run}`;
  const text = message.content.toString('utf8');
  const options = {
    persistent: true,
    contentType: 'application/json',
    appId: HELPER_APP_ID,
    headers: { 'x-brokerscope-origin': 'amqp' },
  };
  const report = {
    exchange,
    routingKey,
    queueBinding: PROBE_BINDING,
    persistent: message.properties.deliveryMode === 2,
    deliveryMode: message.properties.deliveryMode ?? null,
    headers: message.properties.headers ?? {},
    contentType: message.properties.contentType ?? null,
    appId: message.properties.appId ?? null,
    redelivered,
    bytes: message.content.length,
    payload: text.length > PAYLOAD_SHOWN ? `${text.slice(0, PAYLOAD_SHOWN)}…` : text,
  };
  const publishes = [{ routingKey: `${root}.amqp-report`, body: report, options }];
  let sendBack;
  try {
    sendBack = /** @type {{ sendBack?: unknown }} */ (JSON.parse(text))?.sendBack;
  } catch {
    sendBack = undefined;
  }
  if (typeof sendBack === 'string' && SEND_BACK.test(sendBack)) {
    const backKey = `${root}.from-amqp.${sendBack}`;
    publishes.push({
      routingKey: backKey,
      body: {
        from: 'amqp',
        publisher: HELPER_APP_ID,
        exchange: MQTT_EXCHANGE,
        routingKey: backKey,
      },
      options,
    });
  }
  return { publishes };
}

/**
 * Starts the helper on RabbitMQ: an exclusive queue bound to PROBE_BINDING on amq.topic.
 * @param {{ amqpUrl: string, log?: (...args: unknown[]) => void }} options
 * @returns {Promise<{ stop: () => Promise<void>, queue: string }>}
 */
export async function startAmqpHelper({ amqpUrl, log = () => undefined }) {
  const connection = await amqp.connect(amqpUrl);
  let stopping = false;
  connection.on('error', () => undefined);
  connection.on('close', () => {
    if (!stopping) log('[amqp] the scenario helper lost its AMQP connection');
  });
  const channel = await connection.createChannel();
  await channel.prefetch(20);
  const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
  await channel.bindQueue(queue, MQTT_EXCHANGE, PROBE_BINDING);
  let windowStart = Date.now();
  let inWindow = 0;
  await channel.consume(queue, (message) => {
    if (!message) return;
    channel.ack(message);
    const now = Date.now();
    if (now - windowStart >= 1000) {
      windowStart = now;
      inWindow = 0;
    }
    if (++inWindow > RATE_PER_SECOND) return;
    const answer = answerProbe(message);
    for (const { routingKey, body, options } of answer?.publishes ?? []) {
      channel.publish(MQTT_EXCHANGE, routingKey, Buffer.from(JSON.stringify(body)), options);
    }
  });
  return {
    queue,
    stop: async () => {
      stopping = true;
      await connection.close().catch(() => undefined);
    },
  };
}
