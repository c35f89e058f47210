import { checkGranted, quote, verdictOf } from './scenario-helpers';
import type { ScenarioDefinition } from './scenario-types';

const ARRIVAL_WAIT_MS = 3000;
/** How long a subscriber waits to be sure no retained message is coming. */
const NOTHING_WAIT_MS = 1200;
const VALUES = ['21.5', '22.0'];
const LAST = VALUES[VALUES.length - 1] ?? '';

export const retainedMessages: ScenarioDefinition = {
  id: 'retained',
  name: 'Retained messages',
  explanation: [
    'A retained message is the broker’s “last known value” for a topic. When a producer publishes with the retain flag, the broker keeps that one message (replacing the previous one) and hands it to every consumer that subscribes later, so a dashboard opened now sees the current setpoint without waiting for the next change.',
    'To clear it, the producer publishes an empty retained message on the same topic; from then on late subscribers get nothing until a new value is retained.',
  ],
  tryIt: {
    region: 'Publish',
    text: 'Try it by hand in Publish: tick Retain, publish, then subscribe to the topic in Subscriptions.',
  },
  async run(ctx) {
    const topic = `${ctx.topicPrefix}/room/setpoint`;
    const producer = await ctx.step('Connect the producer (thermostat)', () =>
      ctx.client('Producer'),
    );
    await ctx.step(
      `Producer publishes ${VALUES.join(', then ')}, both retained`,
      async () => {
        for (const value of VALUES) await producer.publish(topic, value, { qos: 1, retain: true });
      },
      () => `on ${topic}`,
    );
    const late = await ctx.step('A late subscriber connects afterwards', () =>
      ctx.client('Late subscriber'),
    );
    const got = await ctx.step(
      `Late subscriber subscribes to ${topic}`,
      async () => {
        checkGranted(await late.subscribe(topic, { qos: 1 }), topic);
        return late.waitForMessages((m) => m.topic === topic, 1, ARRIVAL_WAIT_MS);
      },
      (m) =>
        m[0]
          ? `got ${quote(m[0].text)}${m[0].retain ? ' with the retained flag' : ''}`
          : 'got nothing',
    );
    await ctx.step('Producer clears it: an empty retained message', () =>
      producer.publish(topic, '', { qos: 1, retain: true }),
    );
    const later = await ctx.step('Another subscriber connects after the clearing', () =>
      ctx.client('Later subscriber'),
    );
    const after = await ctx.step(
      `Later subscriber subscribes to ${topic}`,
      async () => {
        checkGranted(await later.subscribe(topic, { qos: 1 }), topic);
        return later.waitForMessages((m) => m.topic === topic, 1, NOTHING_WAIT_MS);
      },
      (m) =>
        m.length ? `got ${quote(m[0]?.text ?? '')}` : 'got nothing: the retained value is gone',
    );
    const first = got[0];
    const problems: string[] = [];
    if (!first)
      problems.push(
        `the late subscriber got nothing: the broker did not hand out the retained value ${quote(LAST)}`,
      );
    else if (first.text !== LAST)
      problems.push(
        `the late subscriber got ${quote(first.text)}, not the last retained value ${quote(LAST)}`,
      );
    if (after[0])
      problems.push(
        `after the empty retained message, a new subscriber still got ${quote(after[0].text)}: the broker did not clear the retained value`,
      );
    return verdictOf(
      problems,
      `The late subscriber got the last value ${quote(LAST)}${first?.retain ? ' (retained flag set)' : ' (without the retained flag)'}; after clearing, a new subscriber got nothing.`,
    );
  },
};
