import { failed, hex, listing, notSupported, ok, requireMqtt5, seconds } from './scenario-helpers';
import type { ReceivedMessage } from './batch-messages';
import type { ScenarioDefinition } from './scenario-types';

const ARRIVAL_WAIT_MS = 3000;
const SETTLE_MS = 500;
const PLUS_ID = 7;
const HASH_ID = 8;
const NOT_SUPPORTED = 0xa1;

const idsOf = (m: ReceivedMessage) =>
  [...(m.properties?.subscriptionIdentifiers ?? [])].sort((a, b) => a - b);
const idText = (ids: number[]) => (ids.length ? `id ${ids.join(' and ')}` : 'no id');

export const subscriptionIdentifiers: ScenarioDefinition = {
  id: 'subscription-ids',
  name: 'Subscription identifiers',
  explanation: [
    'An MQTT 5 client can number its subscriptions (a subscription identifier), and each message it receives then says which of its subscriptions it matched: handy when one handler per subscription should get the message.',
    `Here a consumer subscribes to sensors/+ with id ${PLUS_ID} and to sensors/# with id ${HASH_ID}, which overlap. A message on sensors/a matches both: the broker may send it once carrying both ids, or twice, each copy with its own id. A message on sensors/a/b matches only sensors/# and must carry id ${HASH_ID}.`,
  ],
  tryIt: {
    region: 'Subscriptions',
    text: 'Try it by hand in Subscriptions: give two overlapping subscriptions an identifier under the MQTT 5 options.',
  },
  report: {
    feature: 'Subscription identifiers',
    spec: 'MQTT 5: a message carries the ids of the subscriptions it matched: once with all of them, or one copy per subscription with its own id.',
  },
  async run(ctx) {
    requireMqtt5(ctx, 'Subscription identifiers');
    const base = `${ctx.topicPrefix}/sensors`;
    const consumer = await ctx.step('Connect the consumer', () => ctx.client('Consumer'));
    if (consumer.connack?.subscriptionIdentifiersAvailable === false)
      return notSupported('the broker’s CONNACK says Subscription Identifiers Available: no.');
    for (const [filter, id] of [
      [`${base}/+`, PLUS_ID],
      [`${base}/#`, HASH_ID],
    ] as const) {
      const code = await ctx.step(
        `Consumer subscribes to ${filter} with id ${id}`,
        () => consumer.subscribe(filter, { qos: 1, subscriptionIdentifier: id }),
        (c) => (c >= 0x80 ? `refused (${hex(c)})` : `granted QoS ${c}`),
      );
      if (code === NOT_SUPPORTED)
        return notSupported(
          `the broker refused a subscription with an identifier: SUBACK 0xA1 “Subscription identifiers not supported”.`,
        );
      if (code >= 0x80)
        return failed(`the broker refused the subscription to ${filter} (${hex(code)}).`);
    }
    const producer = await ctx.step('Connect the producer', () => ctx.client('Producer'));
    await ctx.step(`Producer publishes to ${base}/a and ${base}/a/b`, async () => {
      await producer.publish(`${base}/a`, 'matches both', { qos: 1, retain: false });
      await producer.publish(`${base}/a/b`, 'matches # only', { qos: 1, retain: false });
    });
    await consumer.waitForMessages((m) => m.topic.startsWith(base), 2, ARRIVAL_WAIT_MS);
    await ctx.sleep(SETTLE_MS);
    const both = consumer.messages.filter((m) => m.topic === `${base}/a`);
    const hashOnly = consumer.messages.filter((m) => m.topic === `${base}/a/b`);
    ctx.note(
      'What the consumer received',
      `sensors/a: ${both.length ? both.map((m) => idText(idsOf(m))).join(', ') : 'nothing'}; sensors/a/b: ${hashOnly.length ? hashOnly.map((m) => idText(idsOf(m))).join(', ') : 'nothing'}`,
    );
    const problems: string[] = [];
    let overlap = '';
    if (both.length === 0)
      problems.push(`the message on sensors/a did not arrive within ${seconds(ARRIVAL_WAIT_MS)}`);
    else if (both.length === 1) {
      const ids = idsOf(both[0] as ReceivedMessage);
      if (ids.join() === `${PLUS_ID},${HASH_ID}`)
        overlap = `once, carrying both ids ${PLUS_ID} and ${HASH_ID}`;
      else
        problems.push(
          `the message on sensors/a came once with ${idText(ids)} instead of ids ${PLUS_ID} and ${HASH_ID}`,
        );
    } else if (both.length === 2) {
      const seen = both.map((m) => idsOf(m).join()).sort();
      if (seen.join('|') === `${PLUS_ID}|${HASH_ID}`)
        overlap = `twice, one copy with id ${PLUS_ID} and one with id ${HASH_ID}`;
      else
        problems.push(
          `the message on sensors/a came twice, with ${listing(both.map((m) => idText(idsOf(m))))} instead of one id each (${PLUS_ID} and ${HASH_ID})`,
        );
    } else problems.push(`the message on sensors/a came ${both.length} times`);
    if (hashOnly.length !== 1)
      problems.push(`the message on sensors/a/b came ${hashOnly.length} times instead of once`);
    else if (idsOf(hashOnly[0] as ReceivedMessage).join() !== String(HASH_ID))
      problems.push(
        `the message on sensors/a/b carried ${idText(idsOf(hashOnly[0] as ReceivedMessage))} instead of id ${HASH_ID}`,
      );
    if (problems.length) return failed(`${problems.join('; ')}.`);
    return ok(
      `The message matching both subscriptions came ${overlap}; the one matching only sensors/# carried id ${HASH_ID}.`,
    );
  },
};
