import { disconnectReasonText, pubackReasonText } from '../../mqtt/reason-codes';
import { payloadText } from './raw-client';
import { failed, hex, ok, requireMqtt5, seconds } from './scenario-helpers';
import type { ScenarioDefinition } from './scenario-types';

const MESSAGES = 10;
/** The slow consumer's Receive Maximum: the broker may have this many unacknowledged at once. */
const CONSUMER_RECEIVE_MAXIMUM = 2;
const HOLD_MS = 1500;
const NEXT_WAIT_MS = 2000;
/** Above this, the broker's own limit is not tried (too many messages for a quick run). */
const MAX_TRIED_LIMIT = 100;
const GREEDY_WAIT_MS = 2500;
const RECEIVE_MAXIMUM_EXCEEDED = 0x93;

export const flowControl: ScenarioDefinition = {
  id: 'flow-control',
  name: 'Flow control (Receive Maximum)',
  explanation: [
    'MQTT 5 limits how many QoS 1 and 2 messages may be on their way without an acknowledgement. Each side states its own Receive Maximum: a client in its CONNECT (“send me at most this many unacknowledged”), the broker in its CONNACK. A slow consumer can thus keep a broker from flooding it, and the broker from being flooded.',
    `Here a slow consumer allows ${CONSUMER_RECEIVE_MAXIMUM} and holds back its acknowledgements while a producer publishes ${MESSAGES} QoS 1 messages: the broker should send ${CONSUMER_RECEIVE_MAXIMUM}, wait, and send the next as each acknowledgement comes. Then a producer sends one QoS 2 message more than the broker’s own Receive Maximum without completing any: the broker should disconnect it with 0x93 “Receive maximum exceeded”.`,
  ],
  tryIt: {
    region: 'Packets',
    text: 'Try it by hand: the broker’s receiveMaximum is in its CONNACK under Packets.',
  },
  report: {
    feature: 'Flow control (Receive Maximum)',
    spec: 'MQTT 5: never more unacknowledged QoS 1/2 messages than the receiver’s Receive Maximum (65,535 when absent); a sender over the broker’s limit gets DISCONNECT 0x93.',
  },
  async run(ctx) {
    requireMqtt5(ctx, 'Flow control');
    const topic = `${ctx.topicPrefix}/jobs`;
    const producer = await ctx.step(
      'Connect the producer',
      () => ctx.raw('Producer'),
      (p) =>
        `CONNACK: Receive Maximum ${p.connack?.properties?.receiveMaximum ?? 'absent (65,535)'}`,
    );
    const brokerMaximum = producer.connack?.properties?.receiveMaximum ?? 65535;
    const consumer = await ctx.step(
      `Slow consumer connects with Receive Maximum ${CONSUMER_RECEIVE_MAXIMUM}`,
      () => ctx.raw('Slow consumer', { properties: { receiveMaximum: CONSUMER_RECEIVE_MAXIMUM } }),
    );
    consumer.autoAck = false;
    await ctx.step(`Slow consumer subscribes to ${topic} at QoS 1`, async () => {
      const [code = 0x80] = await consumer.subscribe(topic, { qos: 1 });
      if (code >= 0x80) throw new Error(`the broker refused the subscription (${hex(code)})`);
    });
    await ctx.step(`Producer publishes ${MESSAGES} QoS 1 messages`, async () => {
      // Within the broker's own limit: never more unacknowledged than it allows.
      const window = Math.max(1, Math.min(brokerMaximum, MESSAGES));
      for (let start = 1; start <= MESSAGES; start += window) {
        const batch = [];
        for (let i = start; i < start + window && i <= MESSAGES; i++)
          batch.push(producer.publish(topic, `job ${i}`, { qos: 1 }));
        const acks = await Promise.all(batch);
        if (acks.some((a) => a.closed || a.timedOut))
          throw new Error('the broker did not acknowledge every publish');
      }
    });
    await ctx.sleep(HOLD_MS);
    const held = consumer.on(topic).length;
    ctx.note(
      `Slow consumer holds its acknowledgements for ${seconds(HOLD_MS)}`,
      `${held} message${held === 1 ? '' : 's'} arrived unacknowledged`,
    );
    let acked = 0;
    let mostOutstanding = held;
    await ctx.step(
      'Slow consumer acknowledges one message at a time',
      async () => {
        while (acked < MESSAGES) {
          const got = consumer.on(topic);
          const next = got[acked];
          if (!next) break;
          if (next.packetId !== undefined) consumer.ack(next.packetId);
          acked++;
          await consumer.waitFor(
            () => consumer.on(topic).length > acked || consumer.on(topic).length >= MESSAGES,
            NEXT_WAIT_MS,
          );
          mostOutstanding = Math.max(mostOutstanding, consumer.on(topic).length - acked);
        }
      },
      () => `${consumer.on(topic).length} of ${MESSAGES} arrived in all`,
    );
    const texts = consumer.on(topic).map((m) => payloadText(m.payload));
    const problems: string[] = [];
    let consumerText = '';
    if (held === 0) problems.push('no message reached the slow consumer');
    if (held > CONSUMER_RECEIVE_MAXIMUM)
      problems.push(
        `the broker had ${Math.max(held, mostOutstanding)} QoS 1 messages unacknowledged at the slow consumer although its Receive Maximum was ${CONSUMER_RECEIVE_MAXIMUM}: it ignores the client’s Receive Maximum`,
      );
    else if (mostOutstanding > CONSUMER_RECEIVE_MAXIMUM)
      problems.push(
        `the broker kept to the slow consumer’s Receive Maximum of ${CONSUMER_RECEIVE_MAXIMUM} at first (${held} arrived unacknowledged), but once it acknowledged, ${mostOutstanding} were unacknowledged at once`,
      );
    const expected = Array.from({ length: MESSAGES }, (_, i) => `job ${i + 1}`);
    if (held > 0 && texts.join('|') !== expected.join('|'))
      problems.push(
        `after acknowledging, the slow consumer got ${texts.length} of ${MESSAGES} messages${texts.length === MESSAGES ? ' out of order' : ''}`,
      );
    consumerText = problems.length
      ? ''
      : `At the slow consumer’s limit the broker held the rest back: ${held} arrived while it did not acknowledge, the others one by one as it did, all ${MESSAGES} in order`;

    let brokerText: string;
    let brokerProblem: string | undefined;
    if (brokerMaximum > MAX_TRIED_LIMIT) {
      ctx.skip(
        'A producer goes over the broker’s own Receive Maximum',
        `the broker allows ${brokerMaximum.toLocaleString('en-US')} unacknowledged messages: not tried`,
      );
      brokerText = `the broker’s own Receive Maximum is ${brokerMaximum === 65535 ? 'not set (65,535)' : brokerMaximum.toLocaleString('en-US')}, too high to try here`;
    } else {
      const greedy = await ctx.step('Connect a greedy producer', () => ctx.raw('Greedy producer'));
      const count = brokerMaximum + 1;
      await ctx.step(
        `Greedy producer sends ${count} QoS 2 messages without completing any (the broker allows ${brokerMaximum})`,
        async () => {
          for (let i = 1; i <= count; i++)
            greedy.sendPublish(`${topic}/greedy`, `greedy ${i}`, { qos: 2 });
          await greedy.waitFor(() => greedy.isClosed, GREEDY_WAIT_MS);
        },
        () =>
          greedy.closed ? greedy.closed.reason : `still connected after ${seconds(GREEDY_WAIT_MS)}`,
      );
      const code = greedy.closed?.reasonCode;
      const refusals = greedy.incoming.filter(
        (p) => p.cmd === 'pubrec' && (p.reasonCode ?? 0) >= 0x80,
      );
      const refusal = refusals[0];
      const refusalCode = refusal && 'reasonCode' in refusal ? (refusal.reasonCode ?? 0) : 0;
      if (!greedy.closed && refusal) {
        brokerProblem = `at its own limit of ${brokerMaximum} the broker refused the producer’s message ${count} with PUBREC ${hex(refusalCode)} “${pubackReasonText(refusalCode)}” instead of disconnecting it with 0x93 “Receive maximum exceeded”`;
        brokerText = '';
      } else if (!greedy.closed) {
        brokerProblem = `the broker accepted ${count} unfinished QoS 2 messages from a producer although its own Receive Maximum is ${brokerMaximum} (the spec has it disconnect the producer with 0x93)`;
        brokerText = '';
      } else if (code === RECEIVE_MAXIMUM_EXCEEDED) {
        brokerText = `at its own limit of ${brokerMaximum} it disconnected the producer that sent ${count} with DISCONNECT 0x93 “Receive maximum exceeded”`;
      } else if (code === undefined) {
        brokerText = `at its own limit of ${brokerMaximum} it closed the connection of the producer that sent ${count}, without a DISCONNECT reason`;
      } else {
        brokerProblem = `the broker disconnected the producer over its limit of ${brokerMaximum} with ${hex(code)} “${disconnectReasonText(code)}” instead of 0x93 “Receive maximum exceeded”`;
        brokerText = '';
      }
    }
    if (brokerProblem) problems.push(brokerProblem);
    if (problems.length)
      return failed(
        `${problems.join('; ')}${consumerText ? ` (${consumerText.replace(/^At/, 'at')})` : ''}.`,
      );
    return ok(`${consumerText}; ${brokerText}.`);
  },
};
