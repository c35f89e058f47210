/**
 * One event published three ways, through the server's Redis bridge (see server/bridges/redis.mjs
 * and the README's "Redis"): a Redis pub/sub message, a Redis stream entry and an MQTT retained
 * message; then a late subscriber joins and sees what each kept. Everything goes through the
 * page's broker: the bridge maps redis/pubsub/<channel> to PUBLISH, redis/stream/<key>/add to
 * XADD, and answers redis/stream/<key>/read with the entries from an ID.
 */
import { checkGranted, couldNotTest, listing, quote, verdictOf } from './scenario-helpers';
import type { ScenarioDefinition } from './scenario-types';
import type { ReceivedMessage } from './batch-messages';

export const BRIDGE_STATUS_TOPIC = 'redis/bridge/status';
/** How long the bridge's retained status may take to arrive. */
const STATUS_WAIT_MS = 2500;
const ARRIVAL_WAIT_MS = 5000;
/** How long the late subscriber waits to be sure nothing more is coming. */
const NOTHING_WAIT_MS = 1500;
const ORDERS = ['o-1', 'o-2', 'o-3'];
const LAST = ORDERS[ORDERS.length - 1] ?? '';

export const HOW_TO_START_BRIDGE =
  'Start the app server with a Redis bridge: npm start -- --redis=start (a private redis-server) or npm start -- --redis=redis://host:6379 (your own), open the page it prints, and run this again.';

interface BridgeStatus {
  state?: string;
  text?: string;
}

function parseStatus(text: string): BridgeStatus {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as BridgeStatus) : {};
  } catch {
    return {};
  }
}

/** The "order" field of a JSON payload (an entry's fields, or the event itself). */
function orderOf(text: string): string | undefined {
  try {
    const value = JSON.parse(text) as { order?: unknown };
    return typeof value.order === 'string' ? value.order : undefined;
  } catch {
    return undefined;
  }
}

const orders = (messages: readonly ReceivedMessage[]) =>
  messages.map((m) => orderOf(m.text) ?? m.text);

export const pubsubStreamsRetained: ScenarioDefinition = {
  id: 'pubsub-streams-retained',
  name: 'Pub/sub, streams and retained messages',
  explanation: [
    'Three ways to hand an event on. Redis pub/sub delivers a message to whoever is subscribed at that moment and keeps nothing. A Redis stream appends each event as an entry with an ID and keeps it: a consumer reads from any ID, again and again (consumer groups share the work and remember where each one is). An MQTT retained message is the broker’s last value of a topic, handed to every later subscriber.',
    'The producer publishes three orders each way (through the server’s Redis bridge: redis/pubsub/… becomes PUBLISH, redis/stream/…/add becomes XADD), then a late subscriber joins. Pub/sub fits events that may be lost (a live tick, a cache invalidation); a stream fits events that must be replayed (orders, payments: every one counts, and a consumer that was away catches up); a retained message fits state (a setpoint, online/offline: only the latest matters).',
  ],
  tryIt: {
    region: 'Publish',
    text: 'Try it by hand in Publish: {"sku": "A-1"} on redis/stream/orders/add adds a stream entry, and anything on redis/pubsub/alerts goes out on the Redis channel “alerts”; subscribe to redis/# to watch both.',
  },
  async run(ctx) {
    const tag = ctx.topicPrefix.split('/').pop() ?? 'run';
    const channel = `brokerscope:${tag}:orders`;
    const stream = `brokerscope:${tag}:orders`;
    const pubsubTopic = `redis/pubsub/${channel}`;
    const streamTopic = `redis/stream/${stream}`;
    const retainedTopic = `${ctx.topicPrefix}/orders/last`;
    const replyTopic = `${ctx.topicPrefix}/late/replies`;

    const watcher = await ctx.step('Connect a watcher', () => ctx.client('Watcher'));
    const status = await ctx.step(
      `Look for the Redis bridge (its retained ${BRIDGE_STATUS_TOPIC})`,
      async () => {
        checkGranted(await watcher.subscribe(BRIDGE_STATUS_TOPIC, { qos: 1 }), BRIDGE_STATUS_TOPIC);
        const [message] = await watcher.waitForMessages(
          (m) => m.topic === BRIDGE_STATUS_TOPIC && m.text !== '',
          1,
          STATUS_WAIT_MS,
        );
        return message ? parseStatus(message.text) : undefined;
      },
      (s) => (s ? `the bridge says: ${s.text ?? s.state ?? 'no text'}` : 'no bridge answered'),
    );
    if (!status)
      return couldNotTest(
        `this broker has no Redis bridge (nothing retained on ${BRIDGE_STATUS_TOPIC}). ${HOW_TO_START_BRIDGE}`,
      );
    if (status.state !== 'connected')
      return couldNotTest(
        `the Redis bridge is there but not connected to Redis (${status.text ?? status.state ?? 'no state'}). Start Redis, or run npm start -- --redis=start, and run this again.`,
      );

    const live = await ctx.step('A live subscriber listens on all three', async () => {
      const client = await ctx.client('Live subscriber');
      for (const topic of [pubsubTopic, streamTopic, retainedTopic])
        checkGranted(await client.subscribe(topic, { qos: 1 }), topic);
      return client;
    });
    const producer = await ctx.step('Connect the producer', () => ctx.client('Producer'));
    await ctx.step(
      `Producer publishes ${listing(ORDERS)} three ways`,
      async () => {
        for (const order of ORDERS) {
          const event = JSON.stringify({ order, total: '12.50' });
          await producer.publish(pubsubTopic, event, { qos: 1, retain: false });
          await producer.publish(`${streamTopic}/add`, event, { qos: 1, retain: false });
          await producer.publish(retainedTopic, event, { qos: 1, retain: true });
        }
      },
      () =>
        `on ${pubsubTopic} (PUBLISH), ${streamTopic}/add (XADD) and ${retainedTopic} (retained)`,
    );
    const liveGot = await ctx.step(
      'The live subscriber gets each of them',
      async () => {
        const got = await live.waitForMessages(
          (m) => [pubsubTopic, streamTopic, retainedTopic].includes(m.topic),
          ORDERS.length * 3,
          ARRIVAL_WAIT_MS,
        );
        return {
          pubsub: got.filter((m) => m.topic === pubsubTopic),
          stream: got.filter((m) => m.topic === streamTopic),
          retained: got.filter((m) => m.topic === retainedTopic),
        };
      },
      (g) =>
        `pub/sub ${g.pubsub.length}, stream ${g.stream.length} (back from Redis with their IDs), retained ${g.retained.length}`,
    );

    const late = await ctx.step('A late subscriber connects afterwards', () =>
      ctx.client('Late subscriber'),
    );
    const lateGot = await ctx.step(
      'Late subscriber subscribes to all three',
      async () => {
        for (const topic of [pubsubTopic, streamTopic, retainedTopic])
          checkGranted(await late.subscribe(topic, { qos: 1 }), topic);
        await ctx.sleep(NOTHING_WAIT_MS);
        const got = late.messages;
        return {
          pubsub: got.filter((m) => m.topic === pubsubTopic),
          stream: got.filter((m) => m.topic === streamTopic),
          retained: got.filter((m) => m.topic === retainedTopic),
        };
      },
      (g) =>
        `pub/sub: ${g.pubsub.length ? listing(orders(g.pubsub)) : 'nothing'}; stream (live): ${g.stream.length ? listing(orders(g.stream)) : 'nothing'}; retained: ${g.retained.length ? listing(orders(g.retained)) : 'nothing'}`,
    );
    const replay = await ctx.step(
      `Late subscriber reads the stream from ID 0 (${streamTopic}/read)`,
      async () => {
        checkGranted(await late.subscribe(replyTopic, { qos: 1 }), replyTopic);
        await late.publish(
          `${streamTopic}/read`,
          JSON.stringify({ from: '0', count: 100, replyTo: replyTopic }),
          { qos: 1, retain: false },
        );
        const [reply] = await late.waitForMessages(
          (m) => m.topic === replyTopic,
          1,
          ARRIVAL_WAIT_MS,
        );
        if (!reply) throw new Error('the bridge did not answer the read request');
        const body = JSON.parse(reply.text) as {
          error?: string;
          entries?: Array<{ id: string; fields: { order?: unknown } }>;
        };
        if (body.error) throw new Error(`the bridge refused the read: ${body.error}`);
        return body.entries ?? [];
      },
      (entries) =>
        `${entries.length} entries: ${listing(entries.map((e) => `${String(e.fields.order)} (${e.id})`))}`,
    );
    await ctx.step('Producer clears the retained message', () =>
      producer.publish(retainedTopic, '', { qos: 1, retain: true }),
    );

    const problems: string[] = [];
    if (liveGot.stream.length < ORDERS.length)
      problems.push(
        `the live subscriber got ${liveGot.stream.length} of ${ORDERS.length} stream entries back from Redis: the bridge did not carry the XADDs through`,
      );
    if (lateGot.pubsub.length)
      problems.push(
        `the late subscriber got ${listing(orders(lateGot.pubsub))} from pub/sub, which keeps nothing`,
      );
    const replayed = replay.map((e) => String(e.fields.order));
    if (replayed.join() !== ORDERS.join())
      problems.push(
        `reading the stream from ID 0 gave ${replayed.length ? listing(replayed) : 'nothing'}, not ${listing(ORDERS)}`,
      );
    const retained = orders(lateGot.retained);
    if (retained.join() !== LAST)
      problems.push(
        `the late subscriber got ${retained.length ? listing(retained) : 'nothing'} as the retained value, not the last one ${quote(LAST)}`,
      );
    return verdictOf(
      problems,
      `Pub/sub: the late subscriber got nothing (Redis kept none of the ${ORDERS.length} messages). Stream: read from ID 0, it got all ${ORDERS.length} in order (${listing(replayed)}). Retained: it got only the last value (${LAST}). Pub/sub fits events that may be lost, a stream events that must be replayed, a retained message state.`,
    );
  },
};
