import type { ScenarioClient } from './scenario-client';
import { checkGranted, verdictOf } from './scenario-helpers';
import type { ScenarioDefinition } from './scenario-types';

const SETTLE_MS = 1500;

export const wildcards: ScenarioDefinition = {
  id: 'wildcards',
  name: 'Wildcards',
  explanation: [
    'Topics are paths split by “/” levels, e.g. plant/line1/temp. A consumer subscribes with a filter: “+” stands for exactly one level (plant/+/temp matches plant/line1/temp but not plant/line1/motor/temp), and “#” at the end stands for any number of levels, including none (plant/# also matches plant itself).',
    'Topics that start with “$”, such as the broker’s own $SYS statistics, are special: a filter that starts with a wildcard (“#” or “+/…”) does not match them; you must ask for $SYS/# explicitly.',
  ],
  tryIt: {
    region: 'Subscriptions',
    text: 'Try it by hand in Subscriptions: add a filter with + or #, and watch the topic tree.',
  },
  async run(ctx) {
    const p = ctx.topicPrefix;
    const topics = [
      `${p}/plant`,
      `${p}/plant/line1/temp`,
      `${p}/plant/line2/temp`,
      `${p}/plant/line1/motor/temp`,
      `${p}/office/temp`,
    ];
    // Each filter, with the indexes into `topics` the spec says it matches.
    const expected: Array<[string, number[]]> = [
      [`${p}/plant/+/temp`, [1, 2]],
      [`${p}/plant/#`, [0, 1, 2, 3]],
      [`${p}/+/temp`, [4]],
    ];
    const filters = expected.map(([filter]) => filter);
    const clients: ScenarioClient[] = [];
    for (const [i, filter] of filters.entries()) {
      const client = await ctx.step(`Consumer ${i + 1} subscribes to ${filter}`, async () => {
        const c = await ctx.client(`Consumer ${i + 1} (${filter.slice(p.length + 1)})`);
        checkGranted(await c.subscribe(filter, { qos: 1 }), filter);
        return c;
      });
      clients.push(client);
    }
    const everything = await ctx.step('Consumer 4 subscribes to # (everything)', async () => {
      const c = await ctx.client('Consumer 4 (#)');
      // On a busy broker # brings everything: keep only what this run looks at.
      c.keepOnly((topic) => topic.startsWith(`${p}/`) || topic.startsWith('$'));
      checkGranted(await c.subscribe('#', { qos: 0 }), '#');
      return c;
    });
    const sys = await ctx.step(
      'Consumer 5 subscribes to $SYS/# (the broker’s own topics)',
      async () => {
        const c = await ctx.client('Consumer 5 ($SYS/#)');
        checkGranted(await c.subscribe('$SYS/#', { qos: 0 }), '$SYS/#');
        return c;
      },
    );
    const producer = await ctx.step('Connect the producer', () => ctx.client('Producer'));
    await ctx.step(
      `Producer publishes to ${topics.length} topics`,
      async () => {
        for (const topic of topics)
          await producer.publish(topic, 'hello', { qos: 1, retain: false });
        await ctx.sleep(SETTLE_MS);
      },
      () => topics.map((t) => t.slice(p.length + 1)).join(', '),
    );

    const short = (topic: string) => topic.slice(p.length + 1);
    const parts: string[] = [];
    const wrong: string[] = [];
    for (const [i, [filter, indexes]] of expected.entries()) {
      const got = new Set(clients[i]?.messages.map((m) => m.topic));
      const matched = topics.filter((t) => got.has(t)).map(short);
      const should = indexes.map((index) => short(topics[index] ?? ''));
      ctx.note(`${short(filter)} matched`, matched.join(', ') || 'nothing');
      parts.push(
        `${short(filter)} matched ${matched.length} of ${topics.length} (${matched.join(', ') || 'none'})`,
      );
      if (matched.join() !== should.join())
        wrong.push(
          `${short(filter)} matched ${matched.join(', ') || 'nothing'} instead of ${should.join(', ')}`,
        );
    }
    const ownSeen = topics.filter((t) => everything.messages.some((m) => m.topic === t)).length;
    const dollarInHash = everything.messages.filter((m) => m.topic.startsWith('$')).length;
    const sysCount = sys.receivedCount;
    ctx.note('# matched', `${ownSeen} of our ${topics.length} topics, ${dollarInHash} $SYS topics`);
    ctx.note('$SYS/# matched', `${sysCount} $SYS messages`);
    if (ownSeen < topics.length)
      wrong.push(`# matched ${ownSeen} of our ${topics.length} topics instead of all of them`);
    if (dollarInHash > 0)
      wrong.push(
        `# matched ${dollarInHash} $SYS topics, but a filter that starts with a wildcard must not match topics that start with $`,
      );
    const sysText =
      sysCount > 0
        ? `# matched no $SYS topic while $SYS/# received ${sysCount}`
        : '# matched no $SYS topic, and this broker published no $SYS topics during the run (so # skipping them could not be shown)';
    return verdictOf(
      wrong.length ? [`the filters matched the wrong topics: ${wrong.join('; ')}`] : [],
      `${parts.join('; ')}; # matched ${ownSeen} of our ${topics.length} topics, and ${sysText}.`,
    );
  },
};
