import { failed, listing, notSupported, ok } from './scenario-helpers';
import type { ScenarioDefinition } from './scenario-types';

const JOBS = 10;
const GROUP = 'workers';
const ARRIVAL_WAIT_MS = 5000;
const SETTLE_MS = 500;

export const sharedSubscriptions: ScenarioDefinition = {
  id: 'shared',
  name: 'Shared subscriptions',
  explanation: [
    'Normally every consumer subscribed to a topic gets its own copy of each message. With a shared subscription, consumers join a group by subscribing to $share/<group>/<filter>, and the broker hands each message to only one member of the group: a simple way to spread work over several workers.',
    'Here a producer publishes 10 jobs and two workers in the group “workers” split them. Not every broker supports this (MQTT 5 brokers say so in their CONNACK).',
  ],
  tryIt: {
    region: 'Subscriptions',
    text: 'Try it by hand in Subscriptions: subscribe to $share/mygroup/<topic> here and in a second tab.',
  },
  async run(ctx) {
    const topic = `${ctx.topicPrefix}/jobs`;
    const filter = `$share/${GROUP}/${topic}`;
    const first = await ctx.step('Connect worker 1', () => ctx.client('Worker 1'));
    if (first.connack?.sharedSubscriptionAvailable === false)
      ctx.unsupported(
        'this broker has no shared subscriptions (its CONNACK says Shared Subscription Available: no).',
      );
    const second = await ctx.step('Connect worker 2', () => ctx.client('Worker 2'));
    for (const [label, worker] of [
      ['Worker 1', first],
      ['Worker 2', second],
    ] as const) {
      const code = await ctx.step(
        `${label} joins the group: subscribes to ${filter}`,
        () => worker.subscribe(filter, { qos: 1 }),
        (c) => (c >= 0x80 ? `refused (0x${c.toString(16)})` : `granted QoS ${c}`),
      );
      if (code >= 0x80)
        ctx.unsupported(
          `this broker has no shared subscriptions (it refused ${filter} with reason 0x${code.toString(16)}).`,
        );
    }
    const producer = await ctx.step('Connect the producer', () => ctx.client('Producer'));
    await ctx.step(`Producer publishes ${JOBS} jobs to ${topic}`, async () => {
      for (let i = 1; i <= JOBS; i++)
        await producer.publish(topic, `job ${i}`, { qos: 1, retain: false });
    });
    const jobs = Array.from({ length: JOBS }, (_, i) => `job ${i + 1}`);
    const got = await ctx.step(
      'Count what each worker got',
      async () => {
        const jobsOf = (worker: typeof first) =>
          worker.messages.filter((m) => m.topic === topic).map((m) => m.text);
        const deadline = ctx.now() + ARRIVAL_WAIT_MS;
        while (jobsOf(first).length + jobsOf(second).length < JOBS && ctx.now() < deadline)
          await ctx.sleep(100);
        await ctx.sleep(SETTLE_MS);
        return [jobsOf(first), jobsOf(second)] as const;
      },
      ([a, b]) => `worker 1: ${a.length}, worker 2: ${b.length}`,
    );
    const [a, b] = [got[0].length, got[1].length];
    const counts = `worker 1 got ${a}, worker 2 got ${b}`;
    if (a + b === 0)
      return notSupported(
        `the broker accepted the subscription but delivered nothing to the group: none of the ${JOBS} jobs reached worker 1 or worker 2, so it does not serve ${filter} as a shared subscription.`,
      );
    if (got.every((worker) => jobs.every((job) => worker.includes(job))))
      return notSupported(
        `the broker treats ${filter} as a plain topic subscription: worker 1 and worker 2 each got all ${JOBS} jobs instead of sharing them.`,
      );
    const times = (job: string) => got[0].concat(got[1]).filter((text) => text === job).length;
    const repeated = jobs.filter((job) => times(job) > 1);
    const lost = jobs.filter((job) => times(job) === 0);
    if (repeated.length || lost.length) {
      const problems = [
        ...repeated.map((job) => `${job} arrived ${times(job)} times`),
        ...(lost.length ? [`${listing(lost)} never arrived`] : []),
      ];
      return failed(
        `the group did not get each message exactly once: ${problems.join(', ')} (${counts}).`,
      );
    }
    return ok(`The group split ${JOBS} messages: ${a} and ${b}.`);
  },
};
