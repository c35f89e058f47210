import { disconnectReasonText, pubackReasonText } from '../../mqtt/reason-codes';
import { failed, hex, ok, requireMqtt5, seconds } from './scenario-helpers';
import type { ScenarioDefinition } from './scenario-types';

/** The small consumer's own Maximum Packet Size. */
const CONSUMER_MAXIMUM = 512;
const SMALL_PAYLOAD = 100;
const BIG_PAYLOAD = 1000;
/** Above this, the broker's own limit is not tried (the page would send megabytes). */
const MAX_TRIED_LIMIT = 4 * 1024 * 1024;
const ARRIVAL_WAIT_MS = 2500;
const PACKET_TOO_LARGE = 0x95;
/** A second try, this many bytes over the limit, when one byte over was accepted. */
const FURTHER_OVER = 64;

function varintSize(n: number): number {
  return n < 128 ? 1 : n < 16384 ? 2 : n < 2097152 ? 3 : 4;
}

/**
 * Payload bytes for the smallest QoS 1 MQTT 5 PUBLISH on `topic` (no properties) of at least
 * `total` bytes: exactly `total`, or one more where the length field grows by a byte.
 */
export function payloadForPacketSize(topic: string, total: number): number {
  const fixed = 2 + new TextEncoder().encode(topic).length + 2 + 1;
  const size = (payload: number) => 1 + varintSize(fixed + payload) + fixed + payload;
  let payload = Math.max(0, total - 2 - fixed);
  while (size(payload) < total) payload++;
  while (payload > 0 && size(payload - 1) >= total) payload--;
  return payload;
}

const filled = (n: number) => new Uint8Array(n).fill(0x78);

export const maximumPacketSize: ScenarioDefinition = {
  id: 'max-packet-size',
  name: 'Maximum packet size',
  explanation: [
    'An MQTT 5 broker may say in its CONNACK how large a packet it accepts (Maximum Packet Size); a client may say the same in its CONNECT. Neither side may send the other anything bigger: a broker that receives a packet over its limit disconnects the sender with 0x95 “Packet too large”, and a message too big for a subscriber is simply not sent to it.',
    `Here a consumer allows packets of ${CONSUMER_MAXIMUM} bytes and a producer publishes a small message and a ${BIG_PAYLOAD.toLocaleString('en-US')}-byte one; then, if the broker announced a limit, a producer sends a packet one byte over it.`,
  ],
  tryIt: {
    region: 'Packets',
    text: 'Try it by hand: the broker’s maximumPacketSize is in its CONNACK under Packets.',
  },
  report: {
    feature: 'Maximum packet size',
    spec: 'MQTT 5: a packet over the broker’s Maximum Packet Size gets DISCONNECT 0x95; the broker sends no subscriber a packet over the subscriber’s own maximum (it drops that message for it).',
  },
  async run(ctx) {
    requireMqtt5(ctx, 'Maximum packet size');
    const topic = `${ctx.topicPrefix}/blobs`;
    const producer = await ctx.step(
      'Connect the producer',
      () => ctx.raw('Producer'),
      (p) =>
        `CONNACK: Maximum Packet Size ${p.connack?.properties?.maximumPacketSize?.toLocaleString('en-US') ?? 'absent (no limit)'}`,
    );
    const brokerMaximum = producer.connack?.properties?.maximumPacketSize;
    const consumer = await ctx.step(
      `Small consumer connects with Maximum Packet Size ${CONSUMER_MAXIMUM} B`,
      () => ctx.raw('Small consumer', { properties: { maximumPacketSize: CONSUMER_MAXIMUM } }),
    );
    await ctx.step(`Small consumer subscribes to ${topic}`, async () => {
      const [code = 0x80] = await consumer.subscribe(topic, { qos: 1 });
      if (code >= 0x80) throw new Error(`the broker refused the subscription (${hex(code)})`);
    });
    const problems: string[] = [];
    let consumerText = '';
    if (brokerMaximum !== undefined && brokerMaximum < BIG_PAYLOAD + 200) {
      ctx.skip(
        'The consumer’s own limit',
        `the broker’s limit (${brokerMaximum} B) is too small for the ${BIG_PAYLOAD} B message`,
      );
    } else {
      await ctx.step(
        `Producer publishes a ${SMALL_PAYLOAD} B and a ${BIG_PAYLOAD.toLocaleString('en-US')} B message`,
        async () => {
          for (const size of [SMALL_PAYLOAD, BIG_PAYLOAD]) {
            const ack = await producer.publish(topic, filled(size), { qos: 1 });
            if (ack.closed || ack.timedOut || (ack.reasonCode ?? 0) >= 0x80)
              throw new Error(`the broker did not accept the ${size} B message`);
          }
        },
      );
      await consumer.waitFor(() => consumer.on(topic).length >= 2, ARRIVAL_WAIT_MS);
      const got = consumer.on(topic);
      const small = got.find((m) => m.payload.length === SMALL_PAYLOAD);
      const big = got.find((m) => m.payload.length === BIG_PAYLOAD);
      ctx.note(
        'What the small consumer received',
        got.length
          ? got.map((m) => `${m.payload.length} B payload in a ${m.size} B packet`).join(', ')
          : `nothing within ${seconds(ARRIVAL_WAIT_MS)}`,
      );
      if (big)
        problems.push(
          `the broker sent a ${big.size.toLocaleString('en-US')}-byte packet to a consumer whose Maximum Packet Size is ${CONSUMER_MAXIMUM} bytes`,
        );
      else if (!small)
        problems.push(
          'the small consumer got neither message, so its limit’s effect cannot be told from a loss',
        );
      else
        consumerText = `it did not send the ${BIG_PAYLOAD.toLocaleString('en-US')} B message to the consumer that allows ${CONSUMER_MAXIMUM} B packets, and sent it the small one`;
    }

    let brokerText = '';
    if (brokerMaximum === undefined || brokerMaximum > MAX_TRIED_LIMIT) {
      ctx.skip(
        'A producer goes over the broker’s limit',
        brokerMaximum === undefined
          ? 'the broker announces no Maximum Packet Size'
          : `its limit (${brokerMaximum.toLocaleString('en-US')} B) is too large to try here`,
      );
      brokerText =
        brokerMaximum === undefined
          ? 'the broker announces no Maximum Packet Size of its own (no limit but the protocol’s 256 MB)'
          : `the broker’s own limit is ${brokerMaximum.toLocaleString('en-US')} B, too large to try here`;
    } else {
      const overTopic = `${ctx.topicPrefix}/too-big`;
      const over = await ctx.step('Connect a second producer', () => ctx.raw('Oversized producer'));
      const bytes = payloadForPacketSize(overTopic, brokerMaximum + 1);
      const ack = await ctx.step(
        `It publishes a packet of ${(brokerMaximum + 1).toLocaleString('en-US')} B, one over the broker’s limit`,
        async () => {
          const answer = await over.publish(overTopic, filled(bytes), { qos: 1 });
          if (!answer.closed) await over.waitFor(() => over.isClosed, 1000);
          return answer;
        },
        (a) =>
          over.closed
            ? over.closed.reason
            : a.reasonCode !== undefined
              ? `PUBACK ${hex(a.reasonCode)}`
              : a.timedOut
                ? 'no answer'
                : 'acknowledged',
      );
      const code = over.closed?.reasonCode;
      if (over.closed && code === PACKET_TOO_LARGE)
        brokerText = `a packet one byte over its own limit of ${brokerMaximum.toLocaleString('en-US')} B got DISCONNECT 0x95 “Packet too large”`;
      else if (over.closed && code === undefined)
        brokerText = `a packet one byte over its own limit of ${brokerMaximum.toLocaleString('en-US')} B made it close the connection (without the DISCONNECT 0x95 the spec describes)`;
      else if (over.closed)
        problems.push(
          `the broker answered a packet over its limit with DISCONNECT ${hex(code ?? 0)} “${disconnectReasonText(code ?? 0)}” instead of 0x95 “Packet too large”`,
        );
      else if ((ack.reasonCode ?? 0) >= 0x80)
        brokerText = `a packet one byte over its own limit of ${brokerMaximum.toLocaleString('en-US')} B got PUBACK ${hex(ack.reasonCode ?? 0)} “${pubackReasonText(ack.reasonCode ?? 0)}” (the spec has it disconnect with 0x95)`;
      else {
        // Accepted: does it enforce its limit at all, a little further over?
        const further = brokerMaximum + FURTHER_OVER;
        const again = await ctx.step(
          `It publishes a packet of ${further.toLocaleString('en-US')} B`,
          async () => {
            const answer = await over.publish(
              overTopic,
              filled(payloadForPacketSize(overTopic, further)),
              { qos: 1 },
            );
            if (!answer.closed) await over.waitFor(() => over.isClosed, 1000);
            return answer;
          },
          () => (over.closed ? over.closed.reason : 'acknowledged'),
        );
        const enforced = over.closed || (again.reasonCode ?? 0) >= 0x80;
        problems.push(
          `the broker accepted a ${(brokerMaximum + 1).toLocaleString('en-US')}-byte packet over this connection although its own Maximum Packet Size is ${brokerMaximum.toLocaleString('en-US')}${enforced ? ` (it refused one of ${further.toLocaleString('en-US')} B: it counts the limit differently, e.g. without the packet’s header)` : `, and one of ${further.toLocaleString('en-US')} B too`}`,
        );
      }
    }
    if (problems.length) return failed(`${problems.join('; ')}.`);
    const parts = [consumerText, brokerText].filter(Boolean);
    return ok(`${parts.join('; ')}.`.replace(/^./, (c) => c.toUpperCase()));
  },
};
