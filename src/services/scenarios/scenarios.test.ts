/**
 * The scenarios against a real broker: the app server's embedded aedes 2, started here, reached
 * by real mqtt.js over WebSocket through the page's own connection handle and MqttSession (in
 * this process instead of a worker), in real time. Each run has its own run ID, so its topics
 * and client IDs are its own and the runs can share the broker concurrently. The one verdict
 * aedes cannot produce, a shared subscription splitting the messages, runs on the FakeBroker.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProtocolVersion } from '../../domain/mqtt-types';
import { FakeBroker } from '../../test-support/fake-broker';
import { createInProcessConnection } from '../../test-support/in-process-connection';
import { startTestBroker, type TestBroker } from '../../test-support/test-broker';
import { runScenario } from './scenario-runner';
import type { ScenarioDefinition, ScenarioEnv, ScenarioRunState } from './scenario-types';
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

async function run(
  id: string,
  env: Pick<ScenarioEnv, 'base' | 'createConnection'>,
  signal?: AbortSignal,
): Promise<{ final: ScenarioRunState; updates: ScenarioRunState[]; runId: string }> {
  const updates: ScenarioRunState[] = [];
  const runId = `r${++runs}v${env.base.protocolVersion}`;
  const final = await runScenario(
    scenario(id),
    { ...env, sleep, now: () => Date.now(), runId },
    (state) => updates.push(state),
    signal,
  );
  return { final, updates, runId };
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

describe('scenarios against the fake broker (what aedes cannot show)', () => {
  it('shared subscriptions: the group splits the messages', async () => {
    const broker = new FakeBroker();
    const { final } = await run('shared', {
      base: { url: 'ws://fake', protocolVersion: 5 },
      createConnection: broker.createConnection,
    });
    expect(final.outcome).toEqual({ kind: 'ok', text: 'The group split 10 messages: 5 and 5.' });
  });
});
