/**
 * The report card's probes: what a broker says in its CONNACK (read from a raw client, every
 * property exactly as sent), whether it has $SYS topics, and two measurements from this page:
 * publish→receive latency at QoS 0, 1 and 2 over 1,000 messages, and the highest rate the page
 * receives without loss over 5 s (bounded, stops by itself). Each probe runs like a scenario
 * (its own clients and topics, closed at the end) and returns its rows' observations.
 */
import type { RowStatus } from '../report-card';
import type { ScenarioClient } from './scenario-client';
import { hex } from './scenario-helpers';
import type { ScenarioContext } from './scenario-types';

export interface Observation {
  status: Exclude<RowStatus, 'could not test'> | 'could not test';
  observed: string;
  note?: string;
}

export interface ProbeRow {
  id: string;
  feature: string;
  spec: string;
  note: string;
}

export interface ReportProbe {
  id: string;
  name: string;
  rows: ProbeRow[];
  /** Observations by row id; a row left out is "could not test". */
  run(ctx: ScenarioContext): Promise<Map<string, Observation>>;
}

const CONNACK_NOTE = 'Read from the CONNACK of a raw client of the page.';
const REQUESTED_KEEPALIVE = 60;

const connackRows: ProbeRow[] = [
  {
    id: 'connack:assigned-client-id',
    feature: 'Assigned client ID',
    spec: 'A client may connect with an empty client ID (and clean start); on MQTT 5 the CONNACK then carries the Assigned Client Identifier.',
  },
  {
    id: 'connack:server-keepalive',
    feature: 'Server keepalive',
    spec: 'MQTT 5: a broker may replace the client’s keepalive with its Server Keep Alive; absent, the client’s value stands.',
  },
  {
    id: 'connack:receive-maximum',
    feature: 'Receive maximum',
    spec: 'MQTT 5: how many unacknowledged QoS 1/2 publishes the broker accepts from a client; absent means 65,535.',
  },
  {
    id: 'connack:maximum-qos',
    feature: 'Maximum QoS',
    spec: 'MQTT 5: the highest QoS the broker accepts in a PUBLISH; absent means 2.',
  },
  {
    id: 'connack:retain-available',
    feature: 'Retain available',
    spec: 'MQTT 5: whether the broker keeps retained messages; absent means yes.',
  },
  {
    id: 'connack:wildcard-available',
    feature: 'Wildcard subscriptions available',
    spec: 'MQTT 5: whether + and # may be used in filters; absent means yes.',
  },
  {
    id: 'connack:shared-available',
    feature: 'Shared subscriptions available',
    spec: 'MQTT 5: whether $share/<group>/<filter> is offered; absent means yes.',
  },
  {
    id: 'connack:subscription-ids-available',
    feature: 'Subscription identifiers available',
    spec: 'MQTT 5: whether subscriptions may carry identifiers; absent means yes.',
  },
  {
    id: 'connack:topic-alias-maximum',
    feature: 'Topic alias maximum',
    spec: 'MQTT 5: how many topic aliases a client may use; absent means 0 (none).',
  },
  {
    id: 'connack:maximum-packet-size',
    feature: 'Maximum packet size',
    spec: 'MQTT 5: the largest packet the broker accepts; absent means no limit but the protocol’s (256 MB).',
  },
].map((row) => ({ ...row, note: CONNACK_NOTE }));

const yesNo = (value: number | undefined, name: string): Observation =>
  value === 0
    ? { status: 'not supported', observed: `${name}: no` }
    : { status: 'supported', observed: value === 1 ? `${name}: yes` : `absent (means yes)` };

export const connackProbe: ReportProbe = {
  id: 'connack',
  name: 'CONNACK facts',
  rows: connackRows,
  async run(ctx) {
    const out = new Map<string, Observation>();
    let client;
    try {
      client = await ctx.step(
        `A raw client connects with an empty client ID and keepalive ${REQUESTED_KEEPALIVE} s`,
        () => ctx.raw('Probe', { clientId: '', keepaliveSec: REQUESTED_KEEPALIVE }),
      );
    } catch (error) {
      const message = (error as Error).message;
      const refused = /refused it \(reason (0x[0-9a-f]+)\)/.exec(message);
      if (!refused) throw error;
      out.set('connack:assigned-client-id', {
        status: 'not supported',
        observed: `refuses an empty client ID (CONNACK ${refused[1]})`,
      });
      const v3 = ctx.protocolVersion !== 5;
      for (const row of connackRows.slice(1))
        out.set(row.id, {
          status: 'could not test',
          observed: v3
            ? 'an MQTT 3.1.1 CONNACK has no properties'
            : 'the broker refused the probe’s empty client ID',
        });
      return out;
    }
    if (ctx.protocolVersion !== 5) {
      out.set('connack:assigned-client-id', {
        status: 'supported',
        observed:
          'accepts an empty client ID (an MQTT 3.1.1 CONNACK does not say which ID it gave)',
      });
      for (const row of connackRows.slice(1))
        out.set(row.id, {
          status: 'could not test',
          observed: 'an MQTT 3.1.1 CONNACK has no properties: run the card on MQTT 5.0',
        });
      return out;
    }
    const p = client.connack?.properties ?? {};
    out.set(
      'connack:assigned-client-id',
      p.assignedClientIdentifier
        ? {
            status: 'supported',
            observed: `assigned “${p.assignedClientIdentifier}” to an empty client ID`,
          }
        : {
            status: 'differs from the spec',
            observed: 'accepted an empty client ID without an Assigned Client Identifier',
          },
    );
    out.set('connack:server-keepalive', {
      status: 'supported',
      observed:
        p.serverKeepAlive !== undefined
          ? `Server Keep Alive ${p.serverKeepAlive} s (the client asked for ${REQUESTED_KEEPALIVE} s)`
          : `no Server Keep Alive: the client’s ${REQUESTED_KEEPALIVE} s stands`,
    });
    out.set('connack:receive-maximum', {
      status: 'supported',
      observed:
        p.receiveMaximum !== undefined
          ? `${p.receiveMaximum.toLocaleString('en-US')}`
          : 'absent (means 65,535)',
    });
    out.set(
      'connack:maximum-qos',
      p.maximumQoS === undefined || p.maximumQoS >= 2
        ? {
            status: 'supported',
            observed: p.maximumQoS === undefined ? 'absent (means QoS 2)' : 'QoS 2',
          }
        : {
            status: 'not supported',
            observed: `Maximum QoS ${p.maximumQoS}: publishes at QoS ${p.maximumQoS === 0 ? '1 and 2' : '2'} are not accepted`,
          },
    );
    out.set('connack:retain-available', yesNo(p.retainAvailable, 'Retain Available'));
    out.set(
      'connack:wildcard-available',
      yesNo(p.wildcardSubscriptionAvailable, 'Wildcard Subscription Available'),
    );
    out.set(
      'connack:shared-available',
      yesNo(p.sharedSubscriptionAvailable, 'Shared Subscription Available'),
    );
    out.set(
      'connack:subscription-ids-available',
      yesNo(p.subscriptionIdentifiersAvailable, 'Subscription Identifiers Available'),
    );
    out.set(
      'connack:topic-alias-maximum',
      p.topicAliasMaximum
        ? { status: 'supported', observed: `${p.topicAliasMaximum}` }
        : { status: 'not supported', observed: 'absent (means 0: no topic aliases)' },
    );
    out.set('connack:maximum-packet-size', {
      status: 'supported',
      observed:
        p.maximumPacketSize !== undefined
          ? `${p.maximumPacketSize.toLocaleString('en-US')} bytes`
          : 'absent (no limit but the protocol’s 256 MB)',
    });
    return out;
  },
};

const SYS_WAIT_MS = 3000;
const SYS_SETTLE_MS = 700;

export const sysProbe: ReportProbe = {
  id: 'sys',
  name: '$SYS topics',
  rows: [
    {
      id: 'sys',
      feature: '$SYS topics',
      spec: 'Not part of the MQTT spec: a common convention for the broker’s own statistics. Topics starting with $ never match a filter starting with + or #.',
      note: 'A client of the page subscribes to $SYS/# for 3 s.',
    },
  ],
  async run(ctx) {
    const client = await ctx.step('Connect a client', () => ctx.client('Reader'));
    client.keepOnly((topic) => topic.startsWith('$SYS/'));
    const code = await ctx.step('Subscribe to $SYS/#', () =>
      client.subscribe('$SYS/#', { qos: 0 }),
    );
    const out = new Map<string, Observation>();
    if (code >= 0x80) {
      out.set('sys', {
        status: 'not supported',
        observed: `the subscription to $SYS/# was refused (SUBACK ${hex(code)})`,
      });
      return out;
    }
    await client.waitForMessages((m) => m.topic.startsWith('$SYS/'), 1, SYS_WAIT_MS);
    await ctx.sleep(SYS_SETTLE_MS);
    const topics = [...new Set(client.messages.map((m) => m.topic))];
    if (topics.length === 0) {
      out.set('sys', {
        status: 'not supported',
        observed: `nothing arrived on $SYS/# within ${SYS_WAIT_MS / 1000} s (no $SYS topics, or not for this user)`,
      });
      return out;
    }
    const sample =
      client.messages.find((m) => m.topic === '$SYS/broker/version') ??
      client.messages.find((m) => m.text.length > 0 && m.text.length <= 60);
    out.set('sys', {
      status: 'supported',
      observed: `${topics.length} topic${topics.length === 1 ? '' : 's'} within ${SYS_WAIT_MS / 1000} s${sample ? `, e.g. ${sample.topic} “${sample.text.slice(0, 60)}”` : ''}`,
    });
    return out;
  },
};

const LATENCY_MESSAGES = 1000;
/** Messages per 10 ms tick: 1,000 msg/s, so the figure is latency, not a queue. */
const LATENCY_PER_TICK = 10;
const LATENCY_WAIT_MS = 8000;
/** At most this many QoS 1/2 publishes unacknowledged (or the broker's Receive Maximum). */
const MAX_IN_FLIGHT = 10;

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? NaN;
}

export const latencyProbe: ReportProbe = {
  id: 'latency',
  name: 'Publish → receive latency',
  rows: [0, 1, 2].map((qos) => ({
    id: `latency:qos${qos}`,
    feature: `Publish → receive latency, QoS ${qos}`,
    spec:
      qos === 0
        ? 'Not in the spec (a measurement). QoS 0 may lose messages.'
        : `Not in the spec (a measurement). QoS ${qos} must not lose a message${qos === 2 ? ' nor repeat one' : ''}.`,
    note: `${LATENCY_MESSAGES.toLocaleString('en-US')} messages at 1,000 msg/s from one client of this page to another; the clocks are the page’s.`,
  })),
  async run(ctx) {
    const out = new Map<string, Observation>();
    const producer = await ctx.step('Connect the producer', () => ctx.client('Producer'));
    const limits = await ctx.step(
      'Read the broker’s Receive Maximum',
      () => ctx.raw('Limits'),
      (c) => `${c.connack?.properties?.receiveMaximum ?? 'absent (65,535)'}`,
    );
    const window = Math.min(MAX_IN_FLIGHT, limits.connack?.properties?.receiveMaximum ?? 65535);
    limits.disconnect();
    for (const qos of [0, 1, 2] as const) {
      const results: Array<{ ok: boolean; error?: string }> = [];
      const topic = `${ctx.topicPrefix}/latency/qos${qos}`;
      const consumer: ScenarioClient = await ctx.step(`Connect the QoS ${qos} consumer`, () =>
        ctx.client(`Consumer QoS ${qos}`),
      );
      await ctx.step(`Consumer subscribes to ${topic} at QoS ${qos}`, async () => {
        const code = await consumer.subscribe(topic, { qos });
        if (code >= 0x80) throw new Error(`refused (${hex(code)})`);
      });
      await ctx.step(
        `Producer publishes ${LATENCY_MESSAGES.toLocaleString('en-US')} messages at QoS ${qos}`,
        async () => {
          // Never more unacknowledged than the broker's Receive Maximum: over it, a broker
          // refuses the publish (Mosquitto: 0x97 Quota exceeded), which is not a loss.
          const inFlight = new Set<Promise<unknown>>();
          for (let i = 0; i < LATENCY_MESSAGES; i++) {
            while (qos > 0 && inFlight.size >= window) await Promise.race(inFlight);
            const sent = producer.tryPublish(topic, `${Date.now()}`, { qos, retain: false });
            const settled = sent.then((r) => {
              inFlight.delete(settled);
              results.push(r);
            });
            inFlight.add(settled);
            if (i % LATENCY_PER_TICK === LATENCY_PER_TICK - 1) await ctx.sleep(10);
          }
          await Promise.all(inFlight);
        },
      );
      const got = await consumer.waitForMessages(
        (m) => m.topic === topic,
        LATENCY_MESSAGES,
        LATENCY_WAIT_MS,
      );
      const latencies = got
        .map((m) => m.receivedAtMs - Number(m.text))
        .filter((n) => Number.isFinite(n))
        .sort((a, b) => a - b);
      const refused = results.filter((r) => !r.ok);
      const accepted = results.length - refused.length;
      const lost = Math.max(0, accepted - got.length);
      const extra = Math.max(0, got.length - accepted);
      const refusedText = refused.length
        ? `; ${refused.length} publish${refused.length === 1 ? ' was' : 'es were'} refused (${refused[0]?.error ?? 'no reason'})`
        : '';
      const figures = `p50 ${Math.round(percentile(latencies, 50))} ms, p99 ${Math.round(percentile(latencies, 99))} ms over ${got.length.toLocaleString('en-US')} messages`;
      ctx.note(`QoS ${qos}`, figures);
      const id = `latency:qos${qos}`;
      if (got.length === 0)
        out.set(id, { status: 'could not test', observed: 'no message arrived' });
      else if (qos > 0 && (lost > 0 || extra > 0))
        out.set(id, {
          status: 'differs from the spec',
          observed: `${figures}; ${lost > 0 ? `${lost} of ${accepted.toLocaleString('en-US')} accepted were lost` : `${extra} arrived twice`}${refusedText}`,
        });
      else
        out.set(id, {
          status: 'supported',
          observed: `${figures}${lost > 0 ? `; ${lost} lost (allowed at QoS 0)` : ''}${refusedText}`,
        });
      consumer.messages.splice(0);
    }
    return out;
  },
};

/** Rates tried, one second each, until one loses messages. */
const RATE_STEPS = [1000, 2000, 4000, 8000, 16000, 32000];
const STEP_MS = 1000;
const CONFIRM_MS = 5000;
const TICK_MS = 50;
/** After a flood, messages still on their way: wait until none came for QUIET_MS (at most DRAIN_MS). */
const DRAIN_MS = 4000;
const QUIET_MS = 400;

async function drained(ctx: ScenarioContext, consumer: ScenarioClient): Promise<void> {
  const until = Date.now() + DRAIN_MS;
  let last = consumer.receivedCount;
  let quietSince = Date.now();
  while (Date.now() < until && Date.now() - quietSince < QUIET_MS) {
    await ctx.sleep(100);
    if (consumer.receivedCount !== last) {
      last = consumer.receivedCount;
      quietSince = Date.now();
    }
  }
}

/** Sends `rate` msg/s to `topic` for `durationMs`; returns how many were sent and over how long. */
async function flood(
  ctx: ScenarioContext,
  producer: ScenarioClient,
  topic: string,
  rate: number,
  durationMs: number,
): Promise<{ sent: number; elapsedMs: number }> {
  const perTick = Math.max(1, Math.round((rate * TICK_MS) / 1000));
  const ticks = Math.round(durationMs / TICK_MS);
  const encoder = new TextEncoder();
  const started = Date.now();
  let sent = 0;
  for (let t = 0; t < ticks; t++) {
    const topics: string[] = [];
    const payloads: Uint8Array[] = [];
    for (let i = 0; i < perTick; i++) {
      topics.push(topic);
      payloads.push(encoder.encode(String(sent + i).padStart(8, '0')));
    }
    const result = await producer.publishMany(topics, payloads, { qos: 0, retain: false });
    sent += result.sent;
    const due = started + (t + 1) * TICK_MS;
    const wait = due - Date.now();
    if (wait > 0) await ctx.sleep(wait);
  }
  return { sent, elapsedMs: Date.now() - started };
}

export const rateProbe: ReportProbe = {
  id: 'rate',
  name: 'Highest lossless rate',
  rows: [
    {
      id: 'rate',
      feature: 'Highest rate received without loss (5 s)',
      spec: 'Not in the spec (a measurement, QoS 0).',
      note: `QoS 0 at ${RATE_STEPS.map((r) => `${r / 1000}k`).join(', ')} msg/s for 1 s each until messages are lost, then the best rate held for 5 s; bounded, it stops by itself.`,
    },
  ],
  async run(ctx) {
    const out = new Map<string, Observation>();
    const consumer = await ctx.step('Connect the consumer', () => ctx.client('Consumer'));
    consumer.keepOnly(() => false);
    const filter = `${ctx.topicPrefix}/load/#`;
    await ctx.step(`Consumer subscribes to ${filter}`, async () => {
      const code = await consumer.subscribe(filter, { qos: 0 });
      if (code >= 0x80) throw new Error(`refused (${hex(code)})`);
    });
    const producer = await ctx.step('Connect the producer', () => ctx.client('Producer'));
    const received = (topic: string) => consumer.countByTopic.get(topic) ?? 0;
    let best: { rate: number; achieved: number } | undefined;
    let limit = '';
    for (const rate of RATE_STEPS) {
      const topic = `${ctx.topicPrefix}/load/${rate}`;
      const dropped = consumer.droppedInWorker;
      const { sent, elapsedMs } = await ctx.step(
        `Send ${rate.toLocaleString('en-US')} msg/s for 1 s`,
        () => flood(ctx, producer, topic, rate, STEP_MS),
      );
      await drained(ctx, consumer);
      const got = received(topic);
      const achieved = Math.round((sent * 1000) / Math.max(1, elapsedMs));
      ctx.note(`At ${rate.toLocaleString('en-US')} msg/s`, `sent ${sent}, received ${got}`);
      if (got < sent || consumer.droppedInWorker > dropped) {
        limit = `at ${rate.toLocaleString('en-US')} msg/s ${(sent - got).toLocaleString('en-US')} of ${sent.toLocaleString('en-US')} were lost`;
        break;
      }
      best = { rate, achieved };
      if (achieved < rate * 0.8) {
        limit = `the page could not send faster than about ${achieved.toLocaleString('en-US')} msg/s`;
        break;
      }
    }
    if (!best) {
      out.set('rate', {
        status: 'could not test',
        observed: `messages were lost already at ${RATE_STEPS[0]?.toLocaleString('en-US')} msg/s (${limit})`,
      });
      return out;
    }
    for (const rate of [best.rate, best.rate / 2]) {
      const topic = `${ctx.topicPrefix}/load/confirm-${rate}`;
      const dropped = consumer.droppedInWorker;
      const { sent, elapsedMs } = await ctx.step(
        `Hold ${rate.toLocaleString('en-US')} msg/s for 5 s`,
        () => flood(ctx, producer, topic, rate, CONFIRM_MS),
      );
      await drained(ctx, consumer);
      const got = received(topic);
      const achieved = Math.round((sent * 1000) / Math.max(1, elapsedMs));
      ctx.note(`${rate.toLocaleString('en-US')} msg/s for 5 s`, `sent ${sent}, received ${got}`);
      if (got === sent && consumer.droppedInWorker === dropped) {
        out.set('rate', {
          status: 'supported',
          observed: `${achieved.toLocaleString('en-US')} msg/s for 5 s without loss (${sent.toLocaleString('en-US')} messages)${limit ? `; ${limit}` : `; ${RATE_STEPS.at(-1)?.toLocaleString('en-US')} msg/s is the most tried`}`,
        });
        return out;
      }
      limit = `${(sent - got).toLocaleString('en-US')} of ${sent.toLocaleString('en-US')} lost when holding ${rate.toLocaleString('en-US')} msg/s for 5 s`;
    }
    out.set('rate', {
      status: 'could not test',
      observed: `no rate held 5 s without loss (${limit})`,
    });
    return out;
  },
};
