import { describe, expect, it } from 'vitest';
import type { ProtocolVersion } from '../../domain/mqtt-types';
import { FakeBroker } from '../../test-support/fake-broker';
import { runScenario } from './scenario-runner';
import type { ScenarioDefinition, ScenarioRunState } from './scenario-types';
import { SCENARIOS } from './scenarios';

function scenario(id: string): ScenarioDefinition {
  const found = SCENARIOS.find((s) => s.id === id);
  if (!found) throw new Error(`no scenario ${id}`);
  return found;
}

async function run(
  id: string,
  { version = 5, shared = true }: { version?: ProtocolVersion; shared?: boolean } = {},
  signal?: AbortSignal,
): Promise<{ final: ScenarioRunState; updates: ScenarioRunState[]; broker: FakeBroker }> {
  const broker = new FakeBroker({ sharedSubscriptions: shared });
  const updates: ScenarioRunState[] = [];
  const final = await runScenario(
    scenario(id),
    {
      base: { url: 'ws://fake', protocolVersion: version },
      createConnection: broker.createConnection,
      sleep: broker.sleep,
      now: broker.now,
      runId: 'test',
    },
    (state) => updates.push(state),
    signal,
  );
  return { final, updates, broker };
}

describe('scenarios against a fake broker', () => {
  it('events and commands: the reply is matched by correlation data', async () => {
    const { final } = await run('events-commands');
    expect(final.outcome?.kind).toBe('ok');
    expect(final.outcome?.text).toMatch(/got 3 events.*came back matched/);
    expect(final.steps.every((s) => s.status === 'done')).toBe(true);
  });

  it('events and commands on MQTT 3.1.1 carry the reply topic in the payload', async () => {
    const { final } = await run('events-commands', { version: 4 });
    expect(final.outcome?.text).toMatch(/came back matched.*in the payload/);
  });

  it('QoS: handshakes from the capture, and QoS 0 lost while offline', async () => {
    const { final } = await run('qos');
    expect(final.outcome?.text).toContain('QoS 2 PUBLISH/PUBREC/PUBREL/PUBCOMP');
    expect(final.outcome?.text).toContain('QoS 1 PUBLISH/PUBACK');
    expect(final.outcome?.text).toMatch(/kept QoS 1 and 2 .*; QoS 0 was lost/);
    expect(final.steps.find((s) => s.label.startsWith('Receiver returns'))?.detail).toBe(
      'CONNACK: session present',
    );
  });

  it('retained: a late subscriber gets the last value; none after clearing', async () => {
    const { final } = await run('retained');
    expect(final.outcome?.text).toBe(
      'The late subscriber got the last value “22.0” (retained flag set); after clearing, a new subscriber got nothing.',
    );
  });

  it('last will: published when the device vanishes, and delayed on MQTT 5', async () => {
    const { final } = await run('last-will');
    expect(final.outcome?.text).toMatch(/^The will arrived: “device-a went offline unexpectedly”/);
    const delayed = /device B’s will came after (\d+\.\d) s/.exec(final.outcome?.text ?? '');
    expect(Number(delayed?.[1])).toBeGreaterThanOrEqual(2.9);
  });

  it('last will on MQTT 3.1.1 says the delay is not supported', async () => {
    const { final } = await run('last-will', { version: 4 });
    expect(final.outcome?.text).toContain('Will delay: not supported on MQTT 3.1.1');
    expect(final.steps.some((s) => s.status === 'skipped')).toBe(true);
  });

  it('wildcards: + and # match as the spec says, # misses $SYS', async () => {
    const { final } = await run('wildcards');
    const text = final.outcome?.text ?? '';
    expect(text).toContain('plant/+/temp matched 2 of 5 (plant/line1/temp, plant/line2/temp)');
    expect(text).toContain('plant/# matched 4 of 5');
    expect(text).toContain('; +/temp matched 1 of 5 (office/temp)');
    expect(text).toMatch(/# matched no \$SYS topic while \$SYS\/# received [1-9]/);
  });

  it('shared subscriptions: the group splits the messages', async () => {
    const { final } = await run('shared');
    expect(final.outcome).toEqual({ kind: 'ok', text: 'The group split 10 messages: 5 and 5.' });
  });

  it('shared subscriptions: not supported when the CONNACK says so', async () => {
    const { final } = await run('shared', { shared: false });
    expect(final.outcome?.kind).toBe('unsupported');
    expect(final.outcome?.text).toMatch(/^Not supported: this broker has no shared subscriptions/);
  });

  it('message expiry: the expired message does not arrive, the other does', async () => {
    const { final } = await run('expiry');
    expect(final.outcome?.text).toMatch(
      /^The expired message did not arrive: .*; the 60 s message arrived with 5\d s left\.$/,
    );
  });

  it('MQTT 5 features say "not supported" on 3.1.1', async () => {
    for (const id of ['expiry', 'no-local-retain-handling']) {
      const { final } = await run(id, { version: 4 });
      expect(final.outcome?.kind).toBe('unsupported');
      expect(final.outcome?.text).toMatch(/needs MQTT 5\.0/);
    }
  });

  it('no local and retain handling', async () => {
    const { final } = await run('no-local-retain-handling');
    expect(final.outcome?.text).toBe(
      'No Local worked: Echo got its own message back, Quiet did not. Subscribing twice: Retain Handling 0 got it 2×, Retain Handling 1 got it 1×, Retain Handling 2 got it 0×.',
    );
  });

  it('shows steps as they run and ends with every client closed', async () => {
    const { updates, final } = await run('retained');
    expect(updates[0]?.running).toBe(true);
    expect(updates.some((u) => u.steps.at(-1)?.status === 'running')).toBe(true);
    expect(final.running).toBe(false);
    expect(final.packets.some((p) => p.type === 'CONNACK')).toBe(true);
  });

  it('a stopped run ends with a "stopped" outcome', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 5);
    const { final } = await run('expiry', {}, controller.signal);
    expect(final.outcome?.kind).toBe('stopped');
  });
});
