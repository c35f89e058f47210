/**
 * "MQTT and AMQP through one broker": RabbitMQ routes MQTT publishes into its AMQP topic exchange
 * `amq.topic` (routing key = topic with `/` written as `.`) and AMQP messages on it to MQTT
 * subscribers. The page sees the AMQP side through the app server's AMQP helper
 * (server/bridges/amqp-helper.mjs, run by `npm start -- --broker=rabbitmq`), which answers every
 * publish under <run>/amqp-probe/ with what it looked like to AMQP, over the broker itself.
 *
 * Also here: whether the page's broker is RabbitMQ, told by behaviour (a `.` inside a topic level
 * comes back as a level separator: topics travel as AMQP routing keys) and by the server's
 * /api/broker, and the shared-subscription verdict on RabbitMQ.
 */
import type { BrokerInfo } from '../../domain/broker-info';
import { fetchBrokerInfo } from '../broker-info';
import type { ReceivedMessage } from './batch-messages';
import { checkGranted, couldNotTest, failed, notSupported, ok, quote } from './scenario-helpers';
import type { ScenarioClient } from './scenario-client';
import type { ScenarioContext, ScenarioDefinition, Verdict } from './scenario-types';

export const HOW_TO_START_RABBITMQ =
  "Start the app server with RabbitMQ: npm start -- --broker=rabbitmq (Debian's rabbitmq-server, apt-get install rabbitmq-server), open the page it prints (it connects with MQTT 3.1.1) and run this again.";

const ARRIVAL_WAIT_MS = 3000;
const REPORT_WAIT_MS = 4000;

/** MQTT topic -> AMQP routing key, as RabbitMQ's MQTT plugin writes it. */
export function routingKeyOf(topic: string): string {
  return topic.replaceAll('/', '.');
}

/** AMQP routing key -> the MQTT topic a subscriber sees. */
export function topicOf(routingKey: string): string {
  return routingKey.replaceAll('*', '+').replaceAll('.', '/');
}

/** What the AMQP helper reports about one message it consumed. */
export interface AmqpView {
  exchange: string;
  routingKey: string;
  persistent: boolean;
  deliveryMode: number | null;
  headers: Record<string, unknown>;
}

export function parseAmqpView(text: string): AmqpView | undefined {
  try {
    const value = JSON.parse(text) as Partial<AmqpView>;
    if (typeof value.routingKey !== 'string' || typeof value.exchange !== 'string')
      return undefined;
    return {
      exchange: value.exchange,
      routingKey: value.routingKey,
      persistent: value.persistent === true,
      deliveryMode: typeof value.deliveryMode === 'number' ? value.deliveryMode : null,
      headers:
        value.headers && typeof value.headers === 'object'
          ? (value.headers as Record<string, unknown>)
          : {},
    };
  } catch {
    return undefined;
  }
}

/** "x-mqtt-publish-qos=1, x-mqtt-dup=false", or "none". */
export function headerList(headers: Record<string, unknown>): string {
  const entries = Object.entries(headers);
  return entries.length
    ? entries.map(([key, value]) => `${key}=${JSON.stringify(value)}`).join(', ')
    : 'none';
}

export type BrokerIdentity =
  | { kind: 'rabbitmq'; detail: string }
  | { kind: 'other'; detail: string }
  | { kind: 'unknown'; detail: string };

/**
 * Whether the broker routes MQTT topics through AMQP routing keys (RabbitMQ): `client`, subscribed
 * to `${ctx.topicPrefix}/#`, publishes on a level with a dot and sees how it comes back.
 */
export async function identifyByTopicMapping(
  ctx: ScenarioContext,
  client: ScenarioClient,
): Promise<BrokerIdentity> {
  const sent = `${ctx.topicPrefix}/identify/v1.0`;
  const mapped = topicOf(routingKeyOf(sent));
  const text = `identify-${Math.round(ctx.now()) % 100000}`;
  await client.publish(sent, text, { qos: 1, retain: false });
  const [back] = await client.waitForMessages((m) => m.text === text, 1, ARRIVAL_WAIT_MS);
  if (!back) return { kind: 'unknown', detail: `nothing came back from ${sent}` };
  if (back.topic === mapped)
    return {
      kind: 'rabbitmq',
      detail: `${sent} came back as ${back.topic}: topics travel as AMQP routing keys (RabbitMQ)`,
    };
  return { kind: 'other', detail: `${sent} came back as it was sent: no AMQP routing keys` };
}

/** What /api/broker says, in a clause ("the page's server runs RabbitMQ 3.10.8"). */
function serverClause(info: BrokerInfo | undefined): string {
  return info ? `the page's server runs ${info.name}` : 'the page did not come from npm start';
}

export function createMqttAndAmqp(deps: {
  brokerInfo: () => Promise<BrokerInfo | undefined>;
}): ScenarioDefinition {
  return {
    id: 'mqtt-amqp',
    name: 'MQTT and AMQP through one broker',
    explanation: [
      'RabbitMQ is an AMQP broker that also speaks MQTT. In AMQP a producer publishes to an exchange with a routing key; queues are bound to the exchange with binding keys, and a consumer reads a queue. A topic exchange matches routing keys word by word (words separated by dots; * is one word, # any number).',
      'RabbitMQ’s MQTT plugin publishes every MQTT message to the topic exchange amq.topic with the topic as routing key, each / written as a dot (plant/line1/temperature becomes plant.line1.temperature), and binds a queue of each MQTT subscriber with its filter the same way (+ becomes *). So an AMQP consumer can read MQTT publishes, and an AMQP publish to amq.topic reaches MQTT subscribers. QoS 1 arrives persistent, QoS 0 not, with headers x-mqtt-publish-qos and x-mqtt-dup.',
      'The mapping loses what AMQP cannot tell apart: a dot inside an MQTT level becomes a separator (firmware/v1.2 comes back as firmware/v1/2), a / inside an AMQP word becomes an MQTT level, and AMQP headers do not reach MQTT 3.1.1 subscribers (it has no user properties). Here an MQTT producer publishes, the server’s AMQP helper reports what AMQP saw and publishes back over AMQP.',
    ],
    tryIt: {
      region: 'Connection',
      text: 'Try it by hand: npm start -- --broker=rabbitmq serves a RabbitMQ whose demo plant publishes over AMQP; subscribe to demo/# and send {"rpm": 2000} on demo/plant/line1/motor/set, which an AMQP dispatcher answers.',
    },
    report: {
      feature: 'MQTT ↔ AMQP routing',
      spec: 'Not part of MQTT: RabbitMQ maps topics to routing keys on its amq.topic exchange (/ as .).',
    },
    async run(ctx) {
      const root = ctx.topicPrefix;
      const run = root.split('/').pop() ?? '';
      const info = await deps.brokerInfo();

      let consumer: ScenarioClient;
      try {
        consumer = await ctx.step('Connect the MQTT consumer', () => ctx.client('Consumer'));
      } catch (error) {
        if (ctx.protocolVersion === 5)
          return couldNotTest(
            `the broker did not take an MQTT 5.0 connection (${(error as Error).message}). RabbitMQ’s Web MQTT speaks 3.1.1 only: choose 3.1.1 under Connection and run it again.`,
          );
        throw error;
      }
      await ctx.step(
        `Consumer subscribes to ${root}/#`,
        async () => checkGranted(await consumer.subscribe(`${root}/#`, { qos: 1 }), `${root}/#`),
        (text) => text,
      );
      const producer = await ctx.step('Connect the MQTT producer', () => ctx.client('Producer'));

      const identity = await ctx.step(
        'Is this RabbitMQ? Publish on a topic level with a dot',
        () => identifyByTopicMapping(ctx, consumer),
        (found) => `${found.detail}; ${serverClause(info)}`,
      );
      if (identity.kind !== 'rabbitmq')
        return notSupported(
          `needs RabbitMQ: ${identity.detail}, so this broker does not route MQTT through AMQP (${serverClause(info)}). ${HOW_TO_START_RABBITMQ}`,
        );

      const reports = (count: number, after: number) =>
        consumer
          .waitForMessages((m) => m.topic === `${root}/amqp-report`, after + count, REPORT_WAIT_MS)
          .then((all) => all.slice(after).map((m) => parseAmqpView(m.text)));

      // 1. QoS 1 on MQTT, as AMQP sees it.
      const temperature = `${root}/amqp-probe/plant/line1/temperature`;
      await ctx.step(
        `Producer publishes at QoS 1 on ${temperature}`,
        () =>
          producer.publish(
            temperature,
            JSON.stringify({ celsius: 21.5, sendBack: 'plant.line1.door' }),
            { qos: 1, retain: false },
          ),
        () => 'with a request to the AMQP helper to publish back on plant.line1.door',
      );
      const [qos1View] = await ctx.step(
        'The AMQP side’s view, from the server’s AMQP helper',
        () => reports(1, 0),
        ([view]) =>
          view
            ? `exchange ${view.exchange}, routing key ${view.routingKey}, ${view.persistent ? 'persistent (delivery mode 2)' : 'not persistent'}, headers ${headerList(view.headers)}`
            : 'no report came back',
      );
      if (!qos1View)
        return couldNotTest(
          `the broker is RabbitMQ, but no AMQP helper answered on ${root}/amqp-report within ${REPORT_WAIT_MS / 1000} s (${serverClause(info)}${info?.amqpHelper ? ', with the helper: is the page connected to that server’s broker?' : ''}). The AMQP side is seen through the helper of npm start -- --broker=rabbitmq. ${HOW_TO_START_RABBITMQ}`,
        );

      // 2. QoS 0.
      const humidity = `${root}/amqp-probe/plant/line1/humidity`;
      await ctx.step(`Producer publishes at QoS 0 on ${humidity}`, () =>
        producer.publish(humidity, '{"percent": 45.2}', { qos: 0, retain: false }),
      );
      const [qos0View] = await ctx.step(
        'The AMQP side’s view of the QoS 0 message',
        () => reports(1, 1),
        ([view]) =>
          view
            ? `routing key ${view.routingKey}, ${view.persistent ? 'persistent' : 'not persistent (delivery mode 1)'}, headers ${headerList(view.headers)}`
            : 'no report came back',
      );

      // 3. AMQP -> MQTT.
      const backKey = `brokerscope.scenarios.${run}.from-amqp.plant.line1.door`;
      const backTopic = topicOf(backKey);
      const [fromAmqp] = await ctx.step(
        `An AMQP publish (routing key ${backKey}) arrives on MQTT`,
        () => consumer.waitForMessages((m) => m.topic === backTopic, 1, ARRIVAL_WAIT_MS),
        ([m]: ReceivedMessage[]) =>
          m
            ? `on ${m.topic} at QoS ${m.qos}; its AMQP headers and app id do not show: ${ctx.protocolVersion === 4 ? 'MQTT 3.1.1 has no user properties' : 'no user properties came with it'}`
            : `nothing arrived on ${backTopic}`,
      );

      // 4. What the mapping loses.
      const dotted = `${root}/amqp-probe/firmware/v1.2`;
      const dottedBack = topicOf(routingKeyOf(dotted));
      await ctx.step(`Producer publishes on ${dotted} (a dot inside a level)`, () =>
        producer.publish(dotted, 'v1.2 notes', { qos: 1, retain: false }),
      );
      const [dottedView] = await ctx.step(
        'How AMQP and MQTT subscribers see it',
        async () => {
          const [view] = await reports(1, 2);
          const [seen] = await consumer.waitForMessages(
            (m) => m.text === 'v1.2 notes',
            1,
            ARRIVAL_WAIT_MS,
          );
          return [view, seen] as const;
        },
        ([view, seen]) =>
          `routing key ${view?.routingKey ?? '(no report)'}; MQTT subscribers see ${seen?.topic ?? '(nothing)'}`,
      );

      const problems: string[] = [];
      const expectKey = (topic: string, view: AmqpView | undefined) => {
        if (view && view.routingKey !== routingKeyOf(topic))
          problems.push(
            `${topic} reached AMQP with routing key ${view.routingKey}, not ${routingKeyOf(topic)}`,
          );
      };
      expectKey(temperature, qos1View);
      expectKey(humidity, qos0View);
      expectKey(dotted, dottedView);
      if (qos1View.exchange !== 'amq.topic')
        problems.push(`MQTT publishes went to the exchange ${qos1View.exchange}, not amq.topic`);
      if (!qos1View.persistent) problems.push('the QoS 1 message was not persistent on AMQP');
      if (!qos0View) problems.push('the helper did not report the QoS 0 message');
      else if (qos0View.persistent) problems.push('the QoS 0 message arrived persistent on AMQP');
      if (!fromAmqp) problems.push(`the AMQP publish did not arrive on ${backTopic}`);
      if (problems.length) return failed(`${problems.join('; ')}.`);
      return ok(
        `MQTT publishes reached AMQP on amq.topic with routing key = topic, / written as . ` +
          `(QoS 1 persistent with ${headerList(qos1View.headers)}; QoS 0 not persistent); ` +
          `an AMQP publish with routing key ${backKey} arrived on MQTT as ${backTopic}; ` +
          `and the level ${quote('v1.2')} came back as ${quote('v1/2')} (${dottedBack}): a dot inside an MQTT level is lost on the way through AMQP.`,
      );
    },
  };
}

export const mqttAndAmqp = createMqttAndAmqp({ brokerInfo: () => fetchBrokerInfo() });

/** The text a shared-subscription verdict on RabbitMQ starts with. */
export const RABBITMQ_SHARE = 'RabbitMQ treats $share/… as a plain topic';

/**
 * The shared-subscription scenario, saying so when the broker is RabbitMQ: it grants
 * $share/<group>/<filter> as an ordinary subscription to that literal topic, so nothing reaches
 * the group.
 */
export function withRabbitmqShareVerdict(shared: ScenarioDefinition): ScenarioDefinition {
  return {
    ...shared,
    async run(ctx): Promise<Verdict> {
      const verdict = await shared.run(ctx);
      if (verdict.kind !== 'unsupported') return verdict;
      const identity = await ctx.step(
        'Is this RabbitMQ? Publish on a topic level with a dot',
        async () => {
          const watcher = await ctx.client('Identifier');
          checkGranted(
            await watcher.subscribe(`${ctx.topicPrefix}/#`, { qos: 1 }),
            `${ctx.topicPrefix}/#`,
          );
          return identifyByTopicMapping(ctx, watcher);
        },
        (found) => found.detail,
      );
      if (identity.kind !== 'rabbitmq') return verdict;
      return notSupported(`${RABBITMQ_SHARE}: ${verdict.text}`);
    },
  };
}
