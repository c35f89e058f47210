import { pubackReasonText } from '../../mqtt/reason-codes';
import { payloadText, type RawAck, type RawClient } from './raw-client';
import { failed, hex, listing, notSupported, ok, requireMqtt5 } from './scenario-helpers';
import type { ScenarioDefinition } from './scenario-types';

const ARRIVAL_WAIT_MS = 3000;
const VALUES = ['21.5', '21.7'];

function ackProblem(ack: RawAck, what: string): string | undefined {
  if (ack.closed) return `the broker closed the producer’s connection on ${what}`;
  if (ack.timedOut) return `the broker never acknowledged ${what}`;
  if ((ack.reasonCode ?? 0) >= 0x80)
    return `the broker refused ${what} with PUBACK ${hex(ack.reasonCode ?? 0)} “${pubackReasonText(ack.reasonCode ?? 0)}”`;
  return undefined;
}

export const topicAliases: ScenarioDefinition = {
  id: 'topic-alias',
  name: 'Topic aliases',
  explanation: [
    'A device that publishes to the same long topic again and again can save bytes with MQTT 5 topic aliases: its first PUBLISH carries the topic and a small number (the alias), later ones only the number. The broker says in its CONNACK how many aliases a client may use (Topic Alias Maximum; none when it says nothing).',
    'Here a producer publishes once with topic and alias 1, then once with alias 1 alone. Two consumers subscribe: one that allows no aliases (it must get the full topic every time) and one that allows 10 (the broker may use its own aliases towards it).',
  ],
  tryIt: {
    region: 'Packets',
    text: 'Try it by hand: open Packets and look at the broker’s CONNACK: topicAliasMaximum is the broker’s limit.',
  },
  report: {
    feature: 'Topic aliases',
    spec: 'MQTT 5: a client may use as many aliases as the CONNACK’s Topic Alias Maximum (0 when absent); subscribers see the full topic unless they allow aliases themselves.',
  },
  async run(ctx) {
    requireMqtt5(ctx, 'Topic aliases');
    const topic = `${ctx.topicPrefix}/plant/line1/boiler/temperature`;
    const producer = await ctx.step(
      'Connect the producer',
      () => ctx.raw('Producer'),
      (p) => `CONNACK: Topic Alias Maximum ${p.connack?.properties?.topicAliasMaximum ?? 'absent'}`,
    );
    const maximum = producer.connack?.properties?.topicAliasMaximum ?? 0;
    if (maximum === 0)
      return notSupported(
        'the broker’s CONNACK gives no Topic Alias Maximum (so 0): clients may not publish by topic alias on this broker.',
      );
    const consumers: Array<[string, RawClient]> = [];
    for (const [label, allowed] of [
      ['Consumer (no aliases)', 0],
      ['Consumer (10 aliases)', 10],
    ] as const) {
      const consumer = await ctx.step(`Connect ${label}`, () =>
        ctx.raw(label, { properties: allowed ? { topicAliasMaximum: allowed } : undefined }),
      );
      await ctx.step(`${label} subscribes to ${topic}`, async () => {
        const [code = 0x80] = await consumer.subscribe(topic, { qos: 1 });
        if (code >= 0x80) throw new Error(`the broker refused the subscription (${hex(code)})`);
      });
      consumers.push([label, consumer]);
    }
    const first = await ctx.step(
      `Producer publishes “${VALUES[0]}” to the topic with alias 1`,
      () => producer.publish(topic, VALUES[0] ?? '', { qos: 1, properties: { topicAlias: 1 } }),
    );
    const problems: string[] = [];
    const firstProblem = ackProblem(first, 'the publish that set alias 1');
    if (firstProblem) return failed(`${firstProblem}.`);
    const second = await ctx.step(
      `Producer publishes “${VALUES[1]}” by alias 1 alone (empty topic name)`,
      () => producer.publish('', VALUES[1] ?? '', { qos: 1, properties: { topicAlias: 1 } }),
      (a) => (a.closed ? 'the broker closed the connection' : 'acknowledged'),
    );
    const secondProblem = ackProblem(second, 'the publish by alias 1 alone');
    if (secondProblem) problems.push(secondProblem);
    const views: string[] = [];
    for (const [label, consumer] of consumers) {
      await ctx.step(
        `${label} waits for both messages`,
        () => consumer.waitFor(() => consumer.on(topic).length >= 2, ARRIVAL_WAIT_MS),
        () => `got ${consumer.on(topic).length}`,
      );
      const got = consumer.on(topic);
      const texts = got.map((m) => payloadText(m.payload));
      if (texts.join('|') !== VALUES.join('|'))
        problems.push(
          `${label.toLowerCase()} got ${texts.length ? listing(texts.map((t) => `“${t}”`)) : 'nothing'} on the topic instead of “21.5” and “21.7”`,
        );
      const aliased = consumer.received.filter((m) => m.topicAlias !== undefined);
      if (label.includes('no aliases')) {
        if (aliased.length)
          problems.push(
            `the broker sent a topic alias to the consumer that allows none (${aliased.length} message${aliased.length > 1 ? 's' : ''})`,
          );
      } else {
        const omitted = got.filter((m) => m.topicOmitted).length;
        views.push(
          aliased.length
            ? `to the consumer that allows aliases the broker used alias ${aliased[0]?.topicAlias}${omitted ? ` and left out the topic name ${omitted}×` : ''}`
            : 'to the consumer that allows aliases the broker still sent the full topic name',
        );
      }
    }
    if (problems.length) return failed(`${problems.join('; ')}.`);
    return ok(
      `The broker allows ${maximum} topic aliases. The producer’s second publish carried alias 1 and no topic name, and both consumers got it on the full topic; ${views.join('')}.`,
    );
  },
};
