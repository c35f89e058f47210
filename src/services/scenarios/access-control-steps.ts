import { pubackReasonText } from '../../mqtt/reason-codes';
import { subackReasonText } from '../../mqtt/suback-reasons';
import { couldNotTest, hex, ok, seconds } from './scenario-helpers';
import type { ScenarioDefinition } from './scenario-types';

const OWN_MESSAGE_WAIT_MS = 1500;
const PROBE_TEXT = 'brokerscope access check';

export const accessControl: ScenarioDefinition = {
  id: 'access-control',
  name: 'Access control',
  explanation: [
    'Brokers can refuse a user some topics (an access control list). What a refusal looks like differs: a refused SUBSCRIBE gets a failure code in its SUBACK (0x80, or 0x87 “Not authorized” on MQTT 5); a refused PUBLISH may get PUBACK 0x87 (MQTT 5), be acknowledged and silently dropped, or cost the client its connection.',
    'Give a topic the broker refuses the page’s user: a probe client with the page’s credentials subscribes to it and publishes to it at QoS 1, and the scenario shows what came back.',
  ],
  tryIt: {
    region: 'Subscriptions',
    text: 'Try it by hand: subscribe to the refused topic in Subscriptions and publish to it in Publish.',
  },
  input: {
    key: 'refusedTopic',
    label: 'Topic this broker refuses',
    placeholder: 'e.g. secret/plans',
  },
  report: {
    feature: 'Access control',
    spec: 'A refused SUBSCRIBE gets a SUBACK failure code (0x87 on MQTT 5); a refused PUBLISH gets PUBACK 0x87 on MQTT 5 or is dropped (3.1.1), or the connection is closed.',
  },
  async run(ctx) {
    const topic = ctx.params.refusedTopic?.trim() ?? '';
    if (!topic)
      return couldNotTest(
        'it needs a topic this broker refuses the page’s user: type one in “Topic this broker refuses” and run it again.',
      );
    if (/[+#]/.test(topic))
      return couldNotTest(`“${topic}” has a wildcard: give a topic name, e.g. secret/plans.`);
    const probe = await ctx.step('Connect the probe (with the page’s user)', () =>
      ctx.client('Probe'),
    );
    const code = await ctx.step(
      `Probe subscribes to ${topic} at QoS 1`,
      () => probe.subscribe(topic, { qos: 1 }),
      (c) => (c >= 0x80 ? `SUBACK ${hex(c)} “${subackReasonText(c)}”` : `granted QoS ${c}`),
    );
    const subscribed = code < 0x80;
    const result = await ctx.step(
      `Probe publishes to ${topic} at QoS 1`,
      () => probe.tryPublish(topic, PROBE_TEXT, { qos: 1, retain: false }),
      (r) =>
        r.reasonCode !== undefined && r.reasonCode >= 0x80
          ? `PUBACK ${hex(r.reasonCode)} “${pubackReasonText(r.reasonCode)}”`
          : r.ok
            ? 'acknowledged with success'
            : (r.error ?? 'not acknowledged'),
    );
    await probe.waitForLoss(300);
    let delivered = false;
    if (subscribed && result.ok && !probe.lost) {
      const got = await ctx.step(
        'Probe waits for its own message',
        () => probe.waitForMessages((m) => m.topic === topic, 1, OWN_MESSAGE_WAIT_MS),
        (m) => (m.length ? 'it arrived' : `nothing within ${seconds(OWN_MESSAGE_WAIT_MS)}`),
      );
      delivered = got.length > 0;
    }
    const subText = subscribed
      ? `SUBSCRIBE was granted (QoS ${code})`
      : `a refused SUBSCRIBE gets SUBACK ${hex(code)} “${subackReasonText(code)}”`;
    let pubText: string;
    if (probe.lost)
      pubText = `a refused PUBLISH costs the client its connection (${probe.lost.reasonCode !== undefined ? `DISCONNECT ${hex(probe.lost.reasonCode)}` : 'closed without a reason code'})`;
    else if (result.reasonCode !== undefined && result.reasonCode >= 0x80)
      pubText = `a refused PUBLISH gets PUBACK ${hex(result.reasonCode)} “${pubackReasonText(result.reasonCode)}”`;
    else if (!result.ok)
      pubText = `the PUBLISH was not acknowledged (${result.error ?? 'no answer'})`;
    else if (delivered) pubText = 'PUBLISH was accepted and delivered';
    else if (subscribed)
      pubText =
        'a refused PUBLISH is acknowledged as if accepted and silently dropped (the probe’s own subscription got nothing)';
    else
      pubText =
        'PUBLISH was acknowledged with success; whether it was dropped cannot be seen, as subscribing was refused';
    if (subscribed && delivered)
      return couldNotTest(
        `the broker let the page’s user subscribe to ${topic} and publish to it (the message was delivered): give a topic it refuses.`,
      );
    return ok(`On ${topic}: ${subText}; ${pubText}.`);
  },
};
