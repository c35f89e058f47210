/**
 * The scenarios against a real broker: the app server's embedded aedes 2, started here, reached
 * by real mqtt.js over WebSocket through the page's own connection handle and MqttSession (in
 * this process instead of a worker), in real time. Each run has its own run ID, so its topics
 * and client IDs are its own and the runs can share the broker concurrently. Verdicts aedes
 * cannot produce (a shared subscription splitting the messages, and brokers that lose, duplicate
 * or ignore something) run on the FakeBroker, on a clock ten times faster than real time.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { ProtocolVersion } from '../../domain/mqtt-types';
import { FakeBroker, type FakeBrokerOptions } from '../../test-support/fake-broker';
import { createInProcessConnection } from '../../test-support/in-process-connection';
import { startTestBroker, type TestBroker } from '../../test-support/test-broker';
import { runScenario } from './scenario-runner';
import type { ScenarioDefinition, ScenarioEnv, ScenarioRunState } from './scenario-types';
import { ok } from './scenario-helpers';
import { SCENARIOS } from './scenarios';

/** The longest run (message expiry) waits about 7 s; a loaded machine gets some slack. */
const RUN_TIMEOUT_MS = 30_000;

function scenario(id: string): ScenarioDefinition {
  const found = SCENARIOS.find((s) => s.id === id);
  if (!found) throw new Error(`no scenario ${id}`);
  return found;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
let runs = 0;

/** `speed`: simulated ms per real ms (the FakeBroker's clock runs at the same speed). */
async function run(
  id: string | ScenarioDefinition,
  env: Pick<ScenarioEnv, 'base' | 'createConnection' | 'openRawLink' | 'params'>,
  signal?: AbortSignal,
  speed = 1,
): Promise<{ final: ScenarioRunState; updates: ScenarioRunState[]; runId: string }> {
  const updates: ScenarioRunState[] = [];
  const runId = `r${++runs}v${env.base.protocolVersion}`;
  const final = await runScenario(
    typeof id === 'string' ? scenario(id) : id,
    { ...env, sleep: (ms) => sleep(ms / speed), now: () => Date.now() * speed, runId },
    (state) => updates.push(state),
    signal,
  );
  return { final, updates, runId };
}

const FAKE_SPEED = 10;

/** A run on a FakeBroker with these quirks, on MQTT 5 unless told. */
function onFake(id: string, quirks: FakeBrokerOptions = {}, version: ProtocolVersion = 5) {
  const broker = new FakeBroker({ ...quirks, speed: FAKE_SPEED });
  return run(
    id,
    {
      base: { url: 'ws://fake', protocolVersion: version },
      createConnection: broker.createConnection,
      openRawLink: broker.openRawLink,
      params: { refusedTopic: 'secret/plans' },
    },
    undefined,
    FAKE_SPEED,
  );
}

describe.concurrent('scenarios against aedes', { timeout: RUN_TIMEOUT_MS }, () => {
  let broker: TestBroker;
  beforeAll(async () => {
    broker = await startTestBroker();
  });
  afterAll(() => broker?.stop());

  const onAedes = (id: string, version: ProtocolVersion = 5, signal?: AbortSignal) =>
    run(
      id,
      {
        base: { url: broker.wsUrl, protocolVersion: version },
        createConnection: () => createInProcessConnection(),
      },
      signal,
    );

  it('events and commands: the reply is matched by correlation data', async ({ expect }) => {
    const { final } = await onAedes('events-commands');
    expect(final.outcome?.kind).toBe('ok');
    expect(final.outcome?.text).toMatch(/got 3 events.*came back matched/);
    expect(final.steps.every((s) => s.status === 'done')).toBe(true);
  });

  it('events and commands on MQTT 3.1.1 carry the reply topic in the payload', async ({
    expect,
  }) => {
    const { final } = await onAedes('events-commands', 4);
    expect(final.outcome?.text).toMatch(/came back matched.*in the payload/);
  });

  it('QoS: handshakes from the capture, and QoS 0 lost while offline', async ({ expect }) => {
    const { final } = await onAedes('qos');
    expect(final.outcome?.text).toContain('QoS 2 PUBLISH/PUBREC/PUBREL/PUBCOMP');
    expect(final.outcome?.text).toContain('QoS 1 PUBLISH/PUBACK');
    expect(final.outcome?.text).toMatch(/kept QoS 1 and 2 .*; QoS 0 was lost/);
    expect(final.steps.find((s) => s.label.startsWith('Receiver returns'))?.detail).toBe(
      'CONNACK: session present',
    );
  });

  it('retained: a late subscriber gets the last value; none after clearing', async ({ expect }) => {
    const { final } = await onAedes('retained');
    expect(final.outcome?.text).toBe(
      'The late subscriber got the last value “22.0” (retained flag set); after clearing, a new subscriber got nothing.',
    );
  });

  it('last will: published when the device vanishes, and delayed on MQTT 5', async ({ expect }) => {
    const { final } = await onAedes('last-will');
    expect(final.outcome?.text).toMatch(/^The will arrived: “device-a went offline unexpectedly”/);
    const delayed = /device B’s will came after (\d+\.\d) s/.exec(final.outcome?.text ?? '');
    expect(Number(delayed?.[1])).toBeGreaterThanOrEqual(2.9);
  });

  it('last will on MQTT 3.1.1 says the delay is not supported', async ({ expect }) => {
    const { final } = await onAedes('last-will', 4);
    expect(final.outcome?.text).toContain('Will delay: not supported on MQTT 3.1.1');
    expect(final.steps.some((s) => s.status === 'skipped')).toBe(true);
  });

  it('wildcards: + and # match as the spec says, # misses $SYS', async ({ expect }) => {
    const { final } = await onAedes('wildcards');
    const text = final.outcome?.text ?? '';
    expect(text).toContain('plant/+/temp matched 2 of 5 (plant/line1/temp, plant/line2/temp)');
    expect(text).toContain('plant/# matched 4 of 5');
    expect(text).toContain('; +/temp matched 1 of 5 (office/temp)');
    // aedes publishes $SYS/<broker id>/new/clients for each client that connects, the producer
    // included; its '#' delivery skips topics that start with '$'.
    expect(text).toMatch(/# matched no \$SYS topic while \$SYS\/# received [1-9]/);
  });

  it('shared subscriptions: not supported when the CONNACK says so', async ({ expect }) => {
    // aedes 2 has no shared subscriptions and says so in its MQTT 5 CONNACK.
    const { final } = await onAedes('shared');
    expect(final.outcome?.kind).toBe('unsupported');
    expect(final.outcome?.text).toMatch(/^Not supported: this broker has no shared subscriptions/);
  });

  it('shared subscriptions on MQTT 3.1.1: nothing delivered to the group is not supported', async ({
    expect,
  }) => {
    // No CONNACK announcement on 3.1.1: aedes grants $share/… as a literal filter nobody
    // publishes to.
    const { final } = await onAedes('shared', 4);
    expect(final.outcome?.kind).toBe('unsupported');
    expect(final.outcome?.text).toMatch(
      /^Not supported: the broker accepted the subscription but delivered nothing to the group/,
    );
  });

  it('message expiry: the expired message does not arrive, the other does', async ({ expect }) => {
    const { final } = await onAedes('expiry');
    expect(final.outcome?.text).toMatch(
      /^The expired message did not arrive: .*; the 60 s message arrived with 5\d s left\.$/,
    );
  });

  it('MQTT 5 features say "not supported" on 3.1.1', async ({ expect }) => {
    for (const id of ['expiry', 'no-local-retain-handling']) {
      const { final } = await onAedes(id, 4);
      expect(final.outcome?.kind).toBe('unsupported');
      expect(final.outcome?.text).toMatch(/needs MQTT 5\.0/);
    }
  });

  it('no local and retain handling', async ({ expect }) => {
    const { final } = await onAedes('no-local-retain-handling');
    expect(final.outcome?.text).toBe(
      'No Local worked: Echo got its own message back, Quiet did not. Subscribing twice: Retain Handling 0 got it 2×, Retain Handling 1 got it 1×, Retain Handling 2 got it 0×.',
    );
  });

  it('shows steps as they run and ends with every client closed', async ({ expect }) => {
    const { updates, final, runId } = await onAedes('retained');
    expect(updates[0]?.running).toBe(true);
    expect(updates.some((u) => u.steps.at(-1)?.status === 'running')).toBe(true);
    expect(final.running).toBe(false);
    expect(final.packets.some((p) => p.type === 'CONNACK')).toBe(true);
    // The broker itself has no client of this run left.
    const ours = () => broker.clientIds().filter((id) => id.startsWith(`bs-scn-${runId}-`));
    await expect.poll(ours, { timeout: 2000 }).toEqual([]);
  });

  it('a stopped run ends with a "stopped" outcome', async ({ expect }) => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 5);
    const { final } = await onAedes('expiry', 5, controller.signal);
    expect(final.outcome?.kind).toBe('stopped');
  });

  it('a run stopped midway leaves none of its clients on the broker', async ({ expect }) => {
    const controller = new AbortController();
    // Message expiry spends 3.5 s waiting with its producer connected.
    setTimeout(() => controller.abort(), 1500);
    const { final, runId } = await onAedes('expiry', 5, controller.signal);
    expect(final.outcome?.kind).toBe('stopped');
    const ours = () => broker.clientIds().filter((id) => id.startsWith(`bs-scn-${runId}-`));
    await expect.poll(ours, { timeout: 2000 }).toEqual([]);
  });
});

describe.concurrent('scenarios against the fake broker (what aedes cannot show)', () => {
  // Access control needs a refused topic: see scenarios-more.test.ts. Pub/sub, streams and
  // retained needs the server's Redis bridge: see pubsub-streams-retained.test.ts. MQTT and AMQP
  // needs RabbitMQ: see mqtt-amqp.test.ts.
  const needsMore = ['access-control', 'pubsub-streams-retained', 'mqtt-amqp'];
  it.for(SCENARIOS.filter((s) => !needsMore.includes(s.id)).map((s) => s.id))(
    'the fake broker without quirks passes %s',
    async (id, { expect }) => {
      const { final } = await onFake(id);
      expect(final.outcome?.kind, final.outcome?.text).toBe('ok');
    },
  );

  it('a run that swallowed a failed step is not green', async ({ expect }) => {
    const definition: ScenarioDefinition = {
      ...scenario('retained'),
      async run(ctx) {
        await ctx
          .step('Look for something', () => Promise.reject(new Error('nothing there')))
          .catch(() => undefined);
        return ok('All fine.');
      },
    };
    const broker = new FakeBroker();
    const { final } = await run(definition, {
      base: { url: 'ws://fake', protocolVersion: 5 },
      createConnection: broker.createConnection,
    });
    expect(final.outcome).toEqual({
      kind: 'failed',
      text: 'Failed: the run ended as a success, but its step “Look for something” failed: nothing there',
      untested: 'its step “Look for something” failed: nothing there',
    });
  });

  it('events and commands: a reply without the correlation data is not matched', async ({
    expect,
  }) => {
    const { final } = await onFake('events-commands', { stripProperties: ['correlationData'] });
    expect(final.outcome).toEqual({
      kind: 'failed',
      text: expect.stringMatching(
        /^Failed: the reply came back but did not match the command: it carried no correlation data instead of “fan-on-\d+”/,
      ) as string,
    });
  });

  it('QoS: a broker that keeps no session is not supported', async ({ expect }) => {
    const { final } = await onFake('qos', { sessions: 'none' });
    expect(final.outcome?.kind).toBe('unsupported');
    expect(final.outcome?.text).toBe(
      'Not supported: the broker did not keep the receiver’s session (its CONNACK said no session present), so the QoS 1 and 2 messages sent while it was away never reached it.',
    );
  });

  it('QoS: queued messages lost although the session was kept', async ({ expect }) => {
    const { final } = await onFake('qos', { sessions: 'no-queue' });
    expect(final.outcome).toEqual({
      kind: 'failed',
      text: 'Failed: QoS 1 and 2 sent while the receiver was away were lost, although the broker kept its session.',
    });
  });

  it('QoS: a message lost while the receiver was online', async ({ expect }) => {
    const { final } = await onFake('qos', { lose: (m) => m.topic.endsWith('/online/qos2') });
    expect(final.outcome).toEqual({
      kind: 'failed',
      text: 'Failed: QoS 2 did not arrive while the receiver was online.',
    });
  });

  it('QoS: a queued QoS 2 message delivered twice', async ({ expect }) => {
    const { final } = await onFake('qos', { duplicate: (m) => m.topic.endsWith('/offline/qos2') });
    expect(final.outcome).toEqual({
      kind: 'failed',
      text: 'Failed: QoS 2 sent while the receiver was away arrived 2 times (exactly once was promised).',
    });
  });

  it('QoS: handshakes the packet capture did not show', async ({ expect }) => {
    const { final } = await onFake('qos', { packetCapture: false });
    expect(final.outcome?.kind).toBe('failed');
    expect(final.outcome?.text).toBe(
      'Failed: the sender’s packet capture did not show the QoS 0 handshake (saw nothing, expected PUBLISH); the sender’s packet capture did not show the QoS 1 handshake (saw nothing, expected PUBLISH/PUBACK); the sender’s packet capture did not show the QoS 2 handshake (saw nothing, expected PUBLISH/PUBREC/PUBREL/PUBCOMP).',
    );
  });

  it('retained: a broker that keeps no retained message', async ({ expect }) => {
    const { final } = await onFake('retained', { retained: 'none' }, 4);
    expect(final.outcome).toEqual({
      kind: 'failed',
      text: 'Failed: the late subscriber got nothing: the broker did not hand out the retained value “22.0”.',
    });
  });

  it('retained: an older value than the last one', async ({ expect }) => {
    const { final } = await onFake('retained', { lose: (m) => m.text === '22.0' });
    expect(final.outcome).toEqual({
      kind: 'failed',
      text: 'Failed: the late subscriber got “21.5”, not the last retained value “22.0”.',
    });
  });

  it('retained: a value the empty retained message did not clear', async ({ expect }) => {
    const { final } = await onFake('retained', { retained: 'never-clear' });
    expect(final.outcome).toEqual({
      kind: 'failed',
      text: 'Failed: after the empty retained message, a new subscriber still got “22.0”: the broker did not clear the retained value.',
    });
  });

  it('last will: a will never published', async ({ expect }) => {
    const { final } = await onFake('last-will', { wills: 'never' }, 4);
    expect(final.outcome).toEqual({
      kind: 'failed',
      text: 'Failed: device A’s will did not arrive within 10.0 s of it vanishing: the broker did not publish it.',
    });
  });

  it('last will: a will delay the broker ignored', async ({ expect }) => {
    const { final } = await onFake('last-will', { wills: 'ignore-delay' });
    expect(final.outcome?.kind).toBe('failed');
    expect(final.outcome?.text).toMatch(
      /^Failed: device B’s will came after 0\.\d s, before its 3 s will delay was up: the broker ignored the will delay\.$/,
    );
  });

  it('wildcards: plant/# missing plant itself', async ({ expect }) => {
    const { final } = await onFake('wildcards', { wildcards: 'hash-skips-parent' });
    expect(final.outcome).toEqual({
      kind: 'failed',
      text: 'Failed: the filters matched the wrong topics: plant/# matched plant/line1/temp, plant/line2/temp, plant/line1/motor/temp instead of plant, plant/line1/temp, plant/line2/temp, plant/line1/motor/temp.',
    });
  });

  it('wildcards: # matching $SYS topics', async ({ expect }) => {
    const { final } = await onFake('wildcards', { wildcards: 'dollar-too' });
    expect(final.outcome?.kind).toBe('failed');
    expect(final.outcome?.text).toMatch(
      /^Failed: the filters matched the wrong topics: # matched \d+ \$SYS topics, but a filter that starts with a wildcard must not match topics that start with \$\.$/,
    );
  });

  it('shared subscriptions: the group splits the messages', async ({ expect }) => {
    const { final } = await onFake('shared');
    expect(final.outcome).toEqual({ kind: 'ok', text: 'The group split 10 messages: 5 and 5.' });
  });

  it('shared subscriptions: every member getting everything is not supported', async ({
    expect,
  }) => {
    const { final, runId } = await onFake('shared', { sharedSubscriptions: 'plain' });
    expect(final.outcome).toEqual({
      kind: 'unsupported',
      text: `Not supported: the broker treats $share/workers/brokerscope/scenarios/shared-${runId}/jobs as a plain topic subscription: worker 1 and worker 2 each got all 10 jobs instead of sharing them.`,
    });
  });

  it('shared subscriptions: a job delivered twice', async ({ expect }) => {
    const { final } = await onFake('shared', { duplicate: (m) => m.text === 'job 3' });
    expect(final.outcome).toEqual({
      kind: 'failed',
      text: 'Failed: the group did not get each message exactly once: job 3 arrived 2 times (worker 1 got 6, worker 2 got 5).',
    });
  });

  it('shared subscriptions: jobs lost', async ({ expect }) => {
    const lost = new Set(['job 4', 'job 7']);
    const { final } = await onFake('shared', { lose: (m) => lost.has(m.text) });
    expect(final.outcome).toEqual({
      kind: 'failed',
      text: 'Failed: the group did not get each message exactly once: job 4 and job 7 never arrived (worker 1 got 4, worker 2 got 4).',
    });
  });

  it('message expiry: a broker that keeps no session is not supported', async ({ expect }) => {
    const { final } = await onFake('expiry', { sessions: 'none' });
    expect(final.outcome).toEqual({
      kind: 'unsupported',
      text: 'Not supported: the broker did not keep the consumer’s session (its CONNACK said no session present), so it queued nothing and message expiry could not be seen.',
    });
  });

  it('message expiry: an expired message that arrived', async ({ expect }) => {
    const { final } = await onFake('expiry', { ignoreMessageExpiry: true });
    expect(final.outcome).toEqual({
      kind: 'failed',
      text: 'Failed: the expired message arrived anyway: its 2 s ran out while it was queued, yet the broker delivered it.',
    });
  });

  it('message expiry: the long-lived message lost too', async ({ expect }) => {
    const { final } = await onFake('expiry', { sessions: 'no-queue' });
    expect(final.outcome).toEqual({
      kind: 'failed',
      text: 'Failed: the 60 s message did not arrive either, so the missing 2 s message shows a loss, not an expiry.',
    });
  });

  it('no local: a broker echoing a No Local subscriber’s own message', async ({ expect }) => {
    const { final } = await onFake('no-local-retain-handling', { ignoreNoLocal: true });
    expect(final.outcome).toEqual({
      kind: 'failed',
      text: 'Failed: No Local was not honoured: Quiet got its own message back.',
    });
  });

  it('retain handling: a broker sending the retained message on every subscribe', async ({
    expect,
  }) => {
    const { final } = await onFake('no-local-retain-handling', { ignoreRetainHandling: true });
    expect(final.outcome).toEqual({
      kind: 'failed',
      text: 'Failed: Retain Handling 1 got the retained message 2× instead of 1×; Retain Handling 2 got the retained message 2× instead of 0×.',
    });
  });
});
