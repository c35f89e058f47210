import {
  checkGranted,
  failed,
  notSupported,
  ok,
  quote,
  requireMqtt5,
  seconds,
} from './scenario-helpers';
import type { ScenarioDefinition } from './scenario-types';

const SHORT_EXPIRY_SEC = 2;
const LONG_EXPIRY_SEC = 60;
const AWAY_MS = 3500;
const ARRIVAL_WAIT_MS = 4000;
const LATE_WAIT_MS = 800;
const OFFLINE_SETTLE_MS = 500;

export const messageExpiry: ScenarioDefinition = {
  id: 'expiry',
  name: 'Message expiry',
  explanation: [
    'When a consumer is offline with a persistent session, the broker queues messages for it. With MQTT 5 a producer can give a message an expiry interval: if it is still queued when that time runs out, the broker throws it away instead of delivering stale news.',
    `Here the consumer goes offline, the producer sends one message that expires after ${SHORT_EXPIRY_SEC} s and one that lives ${LONG_EXPIRY_SEC} s, and the consumer returns after ${seconds(AWAY_MS)}.`,
  ],
  tryIt: {
    region: 'Publish',
    text: 'Try it by hand in Publish: open “MQTT 5 properties” and set a message expiry.',
  },
  async run(ctx) {
    requireMqtt5(ctx, 'Message expiry');
    const short = `${ctx.topicPrefix}/news/short-lived`;
    const long = `${ctx.topicPrefix}/news/long-lived`;
    const filter = `${ctx.topicPrefix}/news/#`;
    const session = { clientId: 'consumer', clean: false, sessionExpirySec: 60 };
    const consumer = await ctx.step('Connect the consumer with a persistent session', () =>
      ctx.client('Consumer', session),
    );
    await ctx.step(
      `Consumer subscribes to ${filter} at QoS 1`,
      async () => checkGranted(await consumer.subscribe(filter, { qos: 1 }), filter),
      (t) => t,
    );
    await ctx.step('Consumer goes offline; the broker keeps its session', async () => {
      await consumer.disconnect();
      await ctx.sleep(OFFLINE_SETTLE_MS);
    });
    const producer = await ctx.step('Connect the producer', () => ctx.client('Producer'));
    await ctx.step(
      `Producer publishes one message expiring in ${SHORT_EXPIRY_SEC} s and one in ${LONG_EXPIRY_SEC} s`,
      async () => {
        await producer.publish(short, 'stale soon', {
          qos: 1,
          retain: false,
          properties: { messageExpirySec: SHORT_EXPIRY_SEC },
        });
        await producer.publish(long, 'still fresh', {
          qos: 1,
          retain: false,
          properties: { messageExpirySec: LONG_EXPIRY_SEC },
        });
      },
    );
    await ctx.step(`Wait ${seconds(AWAY_MS)} while the consumer is away`, () => ctx.sleep(AWAY_MS));
    const back = await ctx.step(
      'Consumer returns (same client ID, clean start off)',
      () => ctx.client('Consumer (returned)', session),
      (c) => (c.connack?.sessionPresent ? 'session present' : 'no session present'),
    );
    const got = await ctx.step(
      'Consumer receives what is left',
      async () => {
        await back.waitForMessages((m) => m.topic === long, 1, ARRIVAL_WAIT_MS);
        await ctx.sleep(LATE_WAIT_MS);
        return back.messages.filter((m) => m.topic === short || m.topic === long);
      },
      (m) => (m.length ? m.map((x) => quote(x.text)).join(', ') : 'nothing'),
    );
    const gotShort = got.some((m) => m.topic === short);
    const fresh = got.find((m) => m.topic === long);
    if (!back.connack?.sessionPresent && got.length === 0)
      return notSupported(
        'the broker did not keep the consumer’s session (its CONNACK said no session present), so it queued nothing and message expiry could not be seen.',
      );
    if (gotShort)
      return failed(
        `the expired message arrived anyway: its ${SHORT_EXPIRY_SEC} s ran out while it was queued, yet the broker delivered it.`,
      );
    if (!fresh)
      return failed(
        `the ${LONG_EXPIRY_SEC} s message did not arrive either, so the missing ${SHORT_EXPIRY_SEC} s message shows a loss, not an expiry.`,
      );
    const left = fresh.properties?.messageExpirySec;
    return ok(
      `The expired message did not arrive: its ${SHORT_EXPIRY_SEC} s ran out while it was queued; the ${LONG_EXPIRY_SEC} s message arrived${left !== undefined ? ` with ${left} s left` : ''}.`,
    );
  },
};
