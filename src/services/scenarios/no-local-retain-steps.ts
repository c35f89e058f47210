import type { ScenarioClient } from './scenario-client';
import { checkGranted, requireMqtt5, verdictOf } from './scenario-helpers';
import type { ScenarioDefinition } from './scenario-types';

const SETTLE_MS = 800;
/** Times each Retain Handling (0, 1, 2) must deliver the retained message over two subscribes. */
const EXPECTED_RETAINED = [2, 1, 0];

export const noLocalRetainHandling: ScenarioDefinition = {
  id: 'no-local-retain-handling',
  name: 'No Local and Retain Handling',
  explanation: [
    'Two MQTT 5 subscription options. No Local: a client that publishes to a topic it is also subscribed to normally gets its own message back; with No Local the broker does not echo it (handy for chat rooms and for devices that both report and listen).',
    'Retain Handling says when the broker sends the retained message (the stored last value) on subscribing: 0 = on every subscribe, 1 = only when the subscription is new, 2 = never.',
  ],
  tryIt: {
    region: 'Subscriptions',
    text: 'Try it by hand in Subscriptions: subscribe to a topic with a retained message twice and compare the message log.',
  },
  async run(ctx) {
    requireMqtt5(ctx, 'No Local and Retain Handling');
    const room = `${ctx.topicPrefix}/chat/room`;
    const echo = await ctx.step('Client “Echo” subscribes to the room normally', async () => {
      const c = await ctx.client('Echo');
      checkGranted(await c.subscribe(room, { qos: 1 }), room);
      return c;
    });
    const quiet = await ctx.step('Client “Quiet” subscribes with No Local', async () => {
      const c = await ctx.client('Quiet');
      checkGranted(await c.subscribe(room, { qos: 1, noLocal: true }), room);
      return c;
    });
    await ctx.step('Both publish one message to the room', async () => {
      await echo.publish(room, 'hi from Echo', { qos: 1, retain: false });
      await quiet.publish(room, 'hi from Quiet', { qos: 1, retain: false });
      await ctx.sleep(SETTLE_MS);
    });
    const echoOwn = echo.messages.some((m) => m.text === 'hi from Echo');
    const quietOwn = quiet.messages.some((m) => m.text === 'hi from Quiet');
    const quietOther = quiet.messages.some((m) => m.text === 'hi from Echo');
    ctx.note(
      'No Local',
      `Echo ${echoOwn ? 'got' : 'did not get'} its own message; Quiet ${quietOwn ? 'got' : 'did not get'} its own and ${quietOther ? 'got' : 'did not get'} Echo’s`,
    );

    const state = `${ctx.topicPrefix}/lamp/state`;
    const producer = await ctx.step('Producer retains “on” for the lamp', async () => {
      const c = await ctx.client('Producer');
      await c.publish(state, 'on', { qos: 1, retain: true });
      return c;
    });
    const counts: number[] = [];
    for (const rh of [0, 1, 2] as const) {
      const client: ScenarioClient = await ctx.step(
        `Subscriber with Retain Handling ${rh} subscribes twice`,
        async () => {
          const c = await ctx.client(`Retain Handling ${rh}`);
          checkGranted(await c.subscribe(state, { qos: 1, retainHandling: rh }), state);
          await ctx.sleep(SETTLE_MS / 2);
          checkGranted(await c.subscribe(state, { qos: 1, retainHandling: rh }), state);
          await ctx.sleep(SETTLE_MS);
          return c;
        },
        (c) =>
          `received the retained message ${c.messages.filter((m) => m.topic === state).length} times`,
      );
      counts.push(client.messages.filter((m) => m.topic === state).length);
    }
    await ctx.step('Producer clears the retained message', () =>
      producer.publish(state, '', { qos: 1, retain: true }),
    );
    const problems: string[] = [];
    if (quietOwn) problems.push('No Local was not honoured: Quiet got its own message back');
    if (!echoOwn)
      problems.push('Echo did not get its own message back (without No Local it should)');
    if (!quietOther) problems.push('Quiet did not get Echo’s message');
    for (const [rh, n] of counts.entries())
      if (n !== EXPECTED_RETAINED[rh])
        problems.push(
          `Retain Handling ${rh} got the retained message ${n}× instead of ${EXPECTED_RETAINED[rh]}×`,
        );
    const rhText = counts.map((n, rh) => `Retain Handling ${rh} got it ${n}×`).join(', ');
    return verdictOf(
      problems,
      `No Local worked: Echo got its own message back, Quiet did not. Subscribing twice: ${rhText}.`,
    );
  },
};
