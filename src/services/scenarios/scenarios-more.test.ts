/**
 * The scenarios that need raw clients (keepalive, topic aliases, flow control, packet sizes,
 * payload format) and the other later ones, each verdict shown where it can be: against the
 * real aedes 2 (as the app embeds it, and a second one configured with a keepalive limit, topic
 * aliases, a packet size limit, a Receive Maximum and an access rule), and on the FakeBroker with
 * a switch for every wrong behaviour aedes cannot show.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { ProtocolVersion } from '../../domain/mqtt-types';
import { FakeBroker, type FakeBrokerOptions } from '../../test-support/fake-broker';
import { createInProcessConnection } from '../../test-support/in-process-connection';
import { nodeRawLinks } from '../../test-support/raw-links';
import { startTestBroker, type TestBroker } from '../../test-support/test-broker';
import { runScenario } from './scenario-runner';
import type { ScenarioParams, ScenarioRunState } from './scenario-types';
import { SCENARIOS } from './scenarios';

const RUN_TIMEOUT_MS = 30_000;
const FAKE_SPEED = 10;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
let runs = 0;

function definition(id: string) {
  const found = SCENARIOS.find((s) => s.id === id);
  if (!found) throw new Error(`no scenario ${id}`);
  return found;
}

async function onBroker(
  broker: TestBroker,
  id: string,
  version: ProtocolVersion = 5,
  params: ScenarioParams = {},
): Promise<ScenarioRunState> {
  return runScenario(
    definition(id),
    {
      base: { url: broker.wsUrl, protocolVersion: version },
      createConnection: () => createInProcessConnection(),
      openRawLink: nodeRawLinks,
      sleep,
      now: () => Date.now(),
      runId: `m${++runs}v${version}`,
      params,
    },
    () => undefined,
  );
}

function onFake(
  id: string,
  quirks: FakeBrokerOptions = {},
  version: ProtocolVersion = 5,
  params: ScenarioParams = { refusedTopic: 'secret/plans' },
): Promise<ScenarioRunState> {
  const broker = new FakeBroker({ ...quirks, speed: FAKE_SPEED });
  return runScenario(
    definition(id),
    {
      base: { url: 'ws://fake', protocolVersion: version },
      createConnection: broker.createConnection,
      openRawLink: broker.openRawLink,
      sleep: (ms) => sleep(ms / FAKE_SPEED),
      now: () => Date.now() * FAKE_SPEED,
      runId: `f${++runs}v${version}`,
      params,
    },
    () => undefined,
  );
}

const MQTT5_ONLY = [
  'topic-alias',
  'flow-control',
  'max-packet-size',
  'payload-format',
  'subscription-ids',
];

describe.concurrent(
  'later scenarios against aedes as embedded',
  { timeout: RUN_TIMEOUT_MS },
  () => {
    let broker: TestBroker;
    beforeAll(async () => {
      broker = await startTestBroker();
      // An access rule for secret/ only; the embedded broker has none.
      broker.aedes.authorizeSubscribe = (_client, sub, done) =>
        done(null, sub.topic.startsWith('secret/') ? null : sub);
      broker.aedes.authorizePublish = (_client, packet, done) =>
        done(packet.topic.startsWith('secret/') ? new Error('not allowed') : null);
    });
    afterAll(() => broker?.stop());

    it('access control on MQTT 3.1.1: SUBACK 0x80, and the refused publish', async ({ expect }) => {
      const { outcome } = await onBroker(broker, 'access-control', 4, {
        refusedTopic: 'secret/plans',
      });
      expect(outcome?.kind, outcome?.text).toBe('ok');
      expect(outcome?.text).toMatch(/^On secret\/plans: a refused SUBSCRIBE gets SUBACK 0x80 /);
    });

    it('session takeover: the first connection gets DISCONNECT 0x8E', async ({ expect }) => {
      const { outcome } = await onBroker(broker, 'session-takeover');
      expect(outcome?.kind).toBe('ok');
      expect(outcome?.text).toMatch(
        /^The broker closed the first connection \d+\.\d s after the second one connected with DISCONNECT 0x8E “Session taken over”; the second connection took over and received the command\.$/,
      );
    });

    it('session takeover on MQTT 3.1.1: closed without a reason', async ({ expect }) => {
      const { outcome } = await onBroker(broker, 'session-takeover', 4);
      expect(outcome?.kind).toBe('ok');
      expect(outcome?.text).toContain('(MQTT 3.1.1 gives no reason)');
    });

    it('keepalive: a client that never pings is dropped after 1.5 × keepalive, will published', async ({
      expect,
    }) => {
      const { outcome, steps } = await onBroker(broker, 'keepalive');
      expect(outcome?.kind, outcome?.text).toBe('ok');
      const after = Number(/dropped the silent device (\d+\.\d) s/.exec(outcome?.text ?? '')?.[1]);
      expect(after).toBeGreaterThanOrEqual(3.5);
      expect(after).toBeLessThanOrEqual(5.5);
      expect(outcome?.text).toContain('its will “silent device timed out” was published');
      // The raw client really sent nothing after CONNECT.
      expect(steps.some((s) => s.status === 'failed')).toBe(false);
    });

    it('topic aliases: not supported when the CONNACK gives no Topic Alias Maximum', async ({
      expect,
    }) => {
      const { outcome } = await onBroker(broker, 'topic-alias');
      expect(outcome).toEqual({
        kind: 'unsupported',
        text: 'Not supported: the broker’s CONNACK gives no Topic Alias Maximum (so 0): clients may not publish by topic alias on this broker.',
      });
    });

    it('flow control: aedes ignores the consumer’s Receive Maximum (it says it does not enforce it)', async ({
      expect,
    }) => {
      const { outcome } = await onBroker(broker, 'flow-control');
      expect(outcome?.kind).toBe('failed');
      expect(outcome?.untested).toBeUndefined();
      expect(outcome?.text).toMatch(
        /^Failed: the broker had \d+ QoS 1 messages unacknowledged at the slow consumer although its Receive Maximum was 2: it ignores the client’s Receive Maximum\.$/,
      );
    });

    it('maximum packet size: aedes sends a consumer packets over its own maximum', async ({
      expect,
    }) => {
      const { outcome } = await onBroker(broker, 'max-packet-size');
      expect(outcome?.kind).toBe('failed');
      expect(outcome?.text).toMatch(
        /^Failed: the broker sent a 1,0\d\d-byte packet to a consumer whose Maximum Packet Size is 512 bytes\.$/,
      );
    });

    it('payload format: aedes forwards invalid UTF-8 unaltered with its indicator', async ({
      expect,
    }) => {
      const { outcome } = await onBroker(broker, 'payload-format');
      expect(outcome).toEqual({
        kind: 'ok',
        text: 'The broker does not check payloads marked UTF-8 (the spec leaves that to it): it forwarded the invalid bytes unaltered, with the indicator; the valid text arrived with its indicator.',
      });
    });

    it('subscription identifiers: aedes sends one copy with one of the two ids', async ({
      expect,
    }) => {
      const { outcome } = await onBroker(broker, 'subscription-ids');
      expect(outcome).toEqual({
        kind: 'failed',
        text: 'Failed: the message on sensors/a came once with id 8 instead of ids 7 and 8.',
      });
    });

    it('access control: a topic the broker allows is "could not test"', async ({ expect }) => {
      const { outcome } = await onBroker(broker, 'access-control', 5, {
        refusedTopic: 'open/door',
      });
      expect(outcome?.kind).toBe('untested');
      expect(outcome?.text).toBe(
        'Could not test: the broker let the page’s user subscribe to open/door and publish to it (the message was delivered): give a topic it refuses.',
      );
    });

    it('access control without a topic asks for one', async ({ expect }) => {
      const { outcome } = await onBroker(broker, 'access-control');
      expect(outcome?.kind).toBe('untested');
      expect(outcome?.untested).toMatch(/needs a topic this broker refuses/);
    });

    it('MQTT 5 features on 3.1.1: not supported on the card, untested for the report', async ({
      expect,
    }) => {
      for (const id of MQTT5_ONLY) {
        const { outcome } = await onBroker(broker, id, 4);
        expect(outcome?.kind).toBe('unsupported');
        expect(outcome?.untested).toMatch(/needs MQTT 5\.0/);
      }
    });
  },
);

describe.concurrent(
  'later scenarios against a configured aedes',
  { timeout: RUN_TIMEOUT_MS },
  () => {
    let broker: TestBroker;
    beforeAll(async () => {
      broker = await startTestBroker();
      const aedes = broker.aedes as unknown as Record<string, unknown>;
      // Refuses MQTT 3.1.1 clients whose keepalive is above it: this broker is for MQTT 5 runs.
      aedes.keepaliveLimit = 2;
      aedes.topicAliasMaximum = 5;
      aedes.maximumPacketSize = 2048;
      broker.aedes.authorizeSubscribe = (_client, sub, done) =>
        done(null, sub.topic.startsWith('secret/') ? null : sub);
      broker.aedes.authorizePublish = (_client, packet, done) =>
        done(packet.topic.startsWith('secret/') ? new Error('not allowed') : null);
    });
    afterAll(() => broker?.stop());

    it('keepalive: the broker’s Server Keep Alive counts', async ({ expect }) => {
      const { outcome } = await onBroker(broker, 'keepalive');
      expect(outcome?.kind, outcome?.text).toBe('ok');
      expect(outcome?.text).toContain(
        '1.5 × its 2 s keepalive is 3.0 s (the broker set 2 s with Server Keep Alive; the device asked for 3 s)',
      );
    });

    it('topic aliases: a publish by alias alone reaches both consumers on the full topic', async ({
      expect,
    }) => {
      const { outcome } = await onBroker(broker, 'topic-alias');
      expect(outcome).toEqual({
        kind: 'ok',
        text: 'The broker allows 5 topic aliases. The producer’s second publish carried alias 1 and no topic name, and both consumers got it on the full topic; to the consumer that allows aliases the broker still sent the full topic name.',
      });
    });

    it('maximum packet size: a packet over the broker’s own limit closes the connection', async ({
      expect,
    }) => {
      const { outcome, steps } = await onBroker(broker, 'max-packet-size');
      const over = steps.find((s) => s.label.includes('one over the broker’s limit'));
      expect(over?.detail).toMatch(/DISCONNECT|closed/);
      // aedes still ignores the consumer's own limit.
      expect(outcome?.text).toMatch(/^Failed: the broker sent a 1,0\d\d-byte packet/);
    });

    it('access control on MQTT 5: SUBACK 0x87 and PUBACK 0x87', async ({ expect }) => {
      const { outcome } = await onBroker(broker, 'access-control', 5, {
        refusedTopic: 'secret/plans',
      });
      expect(outcome).toEqual({
        kind: 'ok',
        text: 'On secret/plans: a refused SUBSCRIBE gets SUBACK 0x87 “Not authorized”; a refused PUBLISH gets PUBACK 0x87 “Not authorized”.',
      });
    });
  },
);

describe.concurrent('later scenarios on the fake broker', { timeout: RUN_TIMEOUT_MS }, () => {
  it('session takeover without a reason code on MQTT 5 differs from the spec', async ({
    expect,
  }) => {
    const { outcome } = await onFake('session-takeover', { takeover: 'no-reason' });
    expect(outcome?.kind).toBe('failed');
    expect(outcome?.text).toMatch(/but sent no DISCONNECT: MQTT 5 says it sends DISCONNECT 0x8E/);
  });

  it('session takeover that keeps both connections', async ({ expect }) => {
    const { outcome } = await onFake('session-takeover', { takeover: 'keep-both' });
    expect(outcome).toEqual({
      kind: 'failed',
      text: 'Failed: the first connection was still open 5.0 s after a second one with the same client ID was accepted: the broker let two connections share one client ID.',
    });
  });

  it('keepalive: a broker that never drops a silent client', async ({ expect }) => {
    const { outcome } = await onFake('keepalive', { keepalive: 'never' });
    expect(outcome).toEqual({
      kind: 'failed',
      text: 'Failed: the broker kept the silent device connected for 10.5 s although it sent nothing: 1.5 × its 3 s keepalive is 4.5 s.',
    });
  });

  it('keepalive: dropped without publishing the will', async ({ expect }) => {
    const { outcome } = await onFake('keepalive', { keepalive: 'no-will' });
    expect(outcome?.kind).toBe('failed');
    expect(outcome?.text).toMatch(/but did not publish its will\.$/);
  });

  it('keepalive: dropped before the keepalive was up', async ({ expect }) => {
    const { outcome } = await onFake('keepalive', { keepalive: 'early' });
    expect(outcome?.text).toMatch(/before even its 3 s keepalive was up\.$/);
  });

  it('keepalive: Server Keep Alive 0 turns it off', async ({ expect }) => {
    const { outcome } = await onFake('keepalive', { serverKeepAlive: 0 });
    expect(outcome?.kind).toBe('unsupported');
  });

  it('topic aliases: the publish by alias alone lost', async ({ expect }) => {
    const { outcome } = await onFake('topic-alias', { topicAliases: 'drop-aliased' });
    expect(outcome).toEqual({
      kind: 'failed',
      text: 'Failed: consumer (no aliases) got “21.5” on the topic instead of “21.5” and “21.7”; consumer (10 aliases) got “21.5” on the topic instead of “21.5” and “21.7”.',
    });
  });

  it('topic aliases: not supported when the broker allows none', async ({ expect }) => {
    const { outcome } = await onFake('topic-alias', { topicAliasMaximum: 0 });
    expect(outcome?.kind).toBe('unsupported');
  });

  it('flow control as the spec says: held back at the limit, 0x93 over its own', async ({
    expect,
  }) => {
    const { outcome } = await onFake('flow-control', { receiveMaximum: 3 });
    expect(outcome).toEqual({
      kind: 'ok',
      text: 'At the slow consumer’s limit the broker held the rest back: 2 arrived while it did not acknowledge, the others one by one as it did, all 10 in order; at its own limit of 3 it disconnected the producer that sent 4 with DISCONNECT 0x93 “Receive maximum exceeded”.',
    });
  });

  it('flow control: a broker taking more unfinished QoS 2 than its Receive Maximum', async ({
    expect,
  }) => {
    const { outcome } = await onFake('flow-control', { brokerReceiveMaximum: 'ignore' });
    expect(outcome).toEqual({
      kind: 'failed',
      text: 'Failed: the broker accepted 21 unfinished QoS 2 messages from a producer although its own Receive Maximum is 20 (the spec has it disconnect the producer with 0x93) (at the slow consumer’s limit the broker held the rest back: 2 arrived while it did not acknowledge, the others one by one as it did, all 10 in order).',
    });
  });

  it('flow control: a broker flooding the slow consumer', async ({ expect }) => {
    const { outcome } = await onFake('flow-control', { clientReceiveMaximum: 'ignore' });
    expect(outcome?.text).toBe(
      'Failed: the broker had 10 QoS 1 messages unacknowledged at the slow consumer although its Receive Maximum was 2: it ignores the client’s Receive Maximum.',
    );
  });

  it('maximum packet size as the spec says', async ({ expect }) => {
    const { outcome } = await onFake('max-packet-size');
    expect(outcome).toEqual({
      kind: 'ok',
      text: 'It did not send the 1,000 B message to the consumer that allows 512 B packets, and sent it the small one; a packet one byte over its own limit of 4,096 B got DISCONNECT 0x95 “Packet too large”.',
    });
  });

  it('maximum packet size: a broker taking a packet over its own limit', async ({ expect }) => {
    const { outcome } = await onFake('max-packet-size', { oversize: 'accept' });
    expect(outcome).toEqual({
      kind: 'failed',
      text: 'Failed: the broker accepted a 4,097-byte packet over this connection although its own Maximum Packet Size is 4,096, and one of 4,160 B too.',
    });
  });

  it('maximum packet size: a broker ignoring the consumer’s maximum', async ({ expect }) => {
    const { outcome } = await onFake('max-packet-size', { clientMaximumPacketSize: 'ignore' });
    expect(outcome?.text).toMatch(
      /^Failed: the broker sent a 1,0\d\d-byte packet to a consumer whose Maximum Packet Size is 512 bytes\.$/,
    );
  });

  it('payload format: a broker that checks refuses with 0x99', async ({ expect }) => {
    const { outcome } = await onFake('payload-format', { payloadFormat: 'check' });
    expect(outcome).toEqual({
      kind: 'ok',
      text: 'The broker checks payloads marked UTF-8: it refused the invalid bytes with PUBACK 0x99 “Payload format invalid”; the valid text arrived with its indicator.',
    });
  });

  it('payload format: the indicator stripped on the way', async ({ expect }) => {
    const { outcome } = await onFake('payload-format', { payloadFormat: 'strip' });
    expect(outcome).toEqual({
      kind: 'failed',
      text: 'Failed: the broker forwarded the text without its Payload Format Indicator (it must pass it on unaltered); the broker forwarded the invalid bytes without their Payload Format Indicator.',
    });
  });

  it('payload format: acknowledged and dropped', async ({ expect }) => {
    const { outcome } = await onFake('payload-format', { payloadFormat: 'drop' });
    expect(outcome?.text).toMatch(
      /acknowledged the invalid bytes as accepted but delivered them to nobody/,
    );
  });

  it('subscription identifiers: two copies with one id each', async ({ expect }) => {
    const { outcome } = await onFake('subscription-ids');
    expect(outcome).toEqual({
      kind: 'ok',
      text: 'The message matching both subscriptions came twice, one copy with id 7 and one with id 8; the one matching only sensors/# carried id 8.',
    });
  });

  it('subscription identifiers: one copy with both ids', async ({ expect }) => {
    const { outcome } = await onFake('subscription-ids', { subscriptionIds: 'one-copy' });
    expect(outcome?.text).toBe(
      'The message matching both subscriptions came once, carrying both ids 7 and 8; the one matching only sensors/# carried id 8.',
    );
  });

  it('subscription identifiers: not supported when the CONNACK says so', async ({ expect }) => {
    const { outcome } = await onFake('subscription-ids', { subscriptionIds: 'none' });
    expect(outcome?.kind).toBe('unsupported');
  });

  const refuse = (topic: string) => topic.startsWith('secret/');
  it('access control: refusals with reason codes', async ({ expect }) => {
    const { outcome } = await onFake('access-control', { refuse });
    expect(outcome?.text).toBe(
      'On secret/plans: a refused SUBSCRIBE gets SUBACK 0x87 “Not authorized”; a refused PUBLISH gets PUBACK 0x87 “Not authorized”.',
    );
  });

  it('access control: silent filtering', async ({ expect }) => {
    const { outcome } = await onFake('access-control', { refuse, refusal: 'silent' });
    expect(outcome?.text).toBe(
      'On secret/plans: SUBSCRIBE was granted (QoS 1); a refused PUBLISH is acknowledged as if accepted and silently dropped (the probe’s own subscription got nothing).',
    );
  });

  it('access control: a refused publish closes the connection', async ({ expect }) => {
    const { outcome } = await onFake('access-control', { refuse, refusal: 'disconnect' });
    expect(outcome?.text).toMatch(
      /a refused PUBLISH costs the client its connection \(DISCONNECT 0x87\)\.$/,
    );
  });
});
