import { disconnectReasonText } from '../../mqtt/reason-codes';
import { checkGranted, failed, hex, ok, seconds } from './scenario-helpers';
import type { ScenarioDefinition } from './scenario-types';

const CLOSE_WAIT_MS = 5000;
const ARRIVAL_WAIT_MS = 5000;
const TAKEN_OVER = 0x8e;

export const sessionTakeover: ScenarioDefinition = {
  id: 'session-takeover',
  name: 'Session takeover',
  explanation: [
    'Every client connects with a client ID, and a broker keeps one connection per ID. When a second connection arrives with an ID already in use, the broker must close the first one and let the newcomer take over: a device that reconnects after a network glitch replaces its own stale connection.',
    'On MQTT 5 the broker tells the first connection why, with a DISCONNECT whose reason code is 0x8E “Session taken over”. MQTT 3.1.1 has no reason codes: the first connection is simply closed.',
  ],
  tryIt: {
    region: 'Connection',
    text: 'Try it by hand: open the page in a second tab, type the same Client ID under Connection, and connect both.',
  },
  report: {
    feature: 'Session takeover',
    spec: 'A second connection with the same client ID closes the first one; on MQTT 5 with DISCONNECT 0x8E (Session taken over).',
  },
  async run(ctx) {
    const topic = `${ctx.topicPrefix}/device/commands`;
    const first = await ctx.step('Device connects (first connection)', () =>
      ctx.client('Device (first)', { clientId: 'device' }),
    );
    const second = await ctx.step('The same client ID connects again (second connection)', () =>
      ctx.client('Device (second)', { clientId: 'device' }),
    );
    const tookOverAtMs = Date.now();
    const closed = await ctx.step(
      'Watch the first connection',
      () => first.waitForLoss(CLOSE_WAIT_MS),
      (lost) =>
        lost
          ? `closed${first.lost?.reasonCode !== undefined ? ` with reason ${hex(first.lost.reasonCode)}` : ''}`
          : `still open after ${seconds(CLOSE_WAIT_MS)}`,
    );
    if (!closed)
      return failed(
        `the first connection was still open ${seconds(CLOSE_WAIT_MS)} after a second one with the same client ID was accepted: the broker let two connections share one client ID.`,
      );
    const lost = first.lost;
    const afterMs = Math.max(0, (lost?.atMs ?? tookOverAtMs) - tookOverAtMs);
    await ctx.step(
      `Second connection subscribes to ${topic}`,
      async () => checkGranted(await second.subscribe(topic, { qos: 1 }), topic),
      (t) => t,
    );
    const producer = await ctx.step('Connect a producer', () => ctx.client('Producer'));
    await ctx.step('Producer sends a command to the device', () =>
      producer.publish(topic, 'reboot', { qos: 1, retain: false }),
    );
    const got = await ctx.step(
      'The second connection receives it',
      () => second.waitForMessages((m) => m.topic === topic, 1, ARRIVAL_WAIT_MS),
      (m) => (m.length ? 'received “reboot”' : 'nothing arrived'),
    );
    if (second.lost)
      return failed(
        'the broker closed the second connection too: neither connection with the client ID stayed open.',
      );
    if (!got.length)
      return failed(
        'the first connection was closed, but the second one did not receive the command sent to it.',
      );
    const when = `${seconds(afterMs)} after the second one connected`;
    if (ctx.protocolVersion !== 5)
      return ok(
        `The broker closed the first connection ${when} (MQTT 3.1.1 gives no reason); the second connection took over and received the command.`,
      );
    const code = lost?.reasonCode;
    if (code === TAKEN_OVER)
      return ok(
        `The broker closed the first connection ${when} with DISCONNECT 0x8E “Session taken over”; the second connection took over and received the command.`,
      );
    if (code === undefined)
      return failed(
        `the broker closed the first connection ${when} but sent no DISCONNECT: MQTT 5 says it sends DISCONNECT 0x8E “Session taken over” (the second connection took over).`,
      );
    return failed(
      `the broker closed the first connection ${when} with DISCONNECT ${hex(code)} “${disconnectReasonText(code)}” instead of 0x8E “Session taken over”.`,
    );
  },
};
