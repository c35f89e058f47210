import { disconnectReasonText, pubackReasonText } from '../../mqtt/reason-codes';
import { failed, hex, ok, requireMqtt5 } from './scenario-helpers';
import type { ScenarioDefinition } from './scenario-types';

const ARRIVAL_WAIT_MS = 2500;
const PAYLOAD_FORMAT_INVALID = 0x99;
const VALID_TEXT = 'grüße, 21.5 °C';
/** "fo", then 0xC3 0x28 (a lead byte without its continuation) and 0xFF (never in UTF-8). */
const INVALID_BYTES = Uint8Array.of(0x66, 0x6f, 0xc3, 0x28, 0xff);

const sameBytes = (a: Uint8Array, b: Uint8Array) =>
  a.length === b.length && a.every((value, i) => value === b[i]);

export const payloadFormat: ScenarioDefinition = {
  id: 'payload-format',
  name: 'Payload format indicator',
  explanation: [
    'An MQTT 5 publisher can mark a payload as UTF-8 text with the Payload Format Indicator. The broker may check that claim: if it does and the bytes are not valid UTF-8, it refuses the message (PUBACK or DISCONNECT 0x99 “Payload format invalid”); if it does not check, it must pass the message and its indicator on unaltered.',
    'Here a producer publishes a valid text and five bytes that are not UTF-8, both marked as UTF-8, and a consumer looks at what arrives, byte for byte.',
  ],
  tryIt: {
    region: 'Publish',
    text: 'Try it by hand in Publish: set Payload format to UTF-8 under the MQTT 5 properties.',
  },
  report: {
    feature: 'Payload format indicator',
    spec: 'MQTT 5: the broker may refuse a payload marked UTF-8 that is not (0x99); otherwise it forwards payload and indicator unaltered.',
  },
  async run(ctx) {
    requireMqtt5(ctx, 'The payload format indicator');
    const valid = `${ctx.topicPrefix}/text/valid`;
    const invalid = `${ctx.topicPrefix}/text/invalid`;
    const consumer = await ctx.step('Connect the consumer', () => ctx.raw('Consumer'));
    await ctx.step(`Consumer subscribes to ${ctx.topicPrefix}/text/+`, async () => {
      const [code = 0x80] = await consumer.subscribe(`${ctx.topicPrefix}/text/+`, { qos: 1 });
      if (code >= 0x80) throw new Error(`the broker refused the subscription (${hex(code)})`);
    });
    const producer = await ctx.step('Connect the producer', () => ctx.raw('Producer'));
    const utf8 = { qos: 1 as const, properties: { payloadFormatIndicator: 1 } };
    const validAck = await ctx.step(
      `Producer publishes “${VALID_TEXT}” marked UTF-8`,
      () => producer.publish(valid, VALID_TEXT, utf8),
      (a) => (a.reasonCode !== undefined ? `PUBACK ${hex(a.reasonCode)}` : 'acknowledged'),
    );
    const invalidAck = await ctx.step(
      'Producer publishes the bytes 66 6F C3 28 FF marked UTF-8 (not valid UTF-8)',
      () => producer.publish(invalid, INVALID_BYTES, utf8),
      (a) =>
        a.closed
          ? (producer.closed?.reason ?? 'the connection closed')
          : a.reasonCode !== undefined
            ? `PUBACK ${hex(a.reasonCode)} “${pubackReasonText(a.reasonCode)}”`
            : a.timedOut
              ? 'no answer'
              : 'acknowledged',
    );
    await consumer.waitFor(
      () => consumer.on(valid).length > 0 && consumer.on(invalid).length > 0,
      ARRIVAL_WAIT_MS,
    );
    const [validMsg] = consumer.on(valid);
    const [invalidMsg] = consumer.on(invalid);
    ctx.note(
      'What the consumer received',
      [
        validMsg
          ? `the text, indicator ${validMsg.properties?.payloadFormatIndicator ?? 'absent'}`
          : 'no text',
        invalidMsg
          ? `the invalid bytes as ${[...invalidMsg.payload].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ')}, indicator ${invalidMsg.properties?.payloadFormatIndicator ?? 'absent'}`
          : 'no invalid bytes',
      ].join('; '),
    );
    const problems: string[] = [];
    if ((validAck.reasonCode ?? 0) >= 0x80 || validAck.closed)
      problems.push('the broker refused the valid UTF-8 text');
    else if (!validMsg) problems.push('the valid UTF-8 text did not arrive');
    else if (validMsg.properties?.payloadFormatIndicator !== 1)
      problems.push(
        'the broker forwarded the text without its Payload Format Indicator (it must pass it on unaltered)',
      );
    let how = '';
    if (invalidAck.reasonCode === PAYLOAD_FORMAT_INVALID) {
      how =
        'The broker checks payloads marked UTF-8: it refused the invalid bytes with PUBACK 0x99 “Payload format invalid”';
      if (invalidMsg)
        problems.push('the broker refused the invalid bytes but delivered them anyway');
    } else if (invalidAck.closed) {
      const code = producer.closed?.reasonCode;
      if (code === undefined || code === PAYLOAD_FORMAT_INVALID)
        how = `The broker checks payloads marked UTF-8: it disconnected the producer of the invalid bytes${code === undefined ? ' (without a reason code)' : ' with DISCONNECT 0x99 “Payload format invalid”'}`;
      else
        problems.push(
          `the broker disconnected the producer of the invalid bytes with ${hex(code)} “${disconnectReasonText(code)}” instead of 0x99 “Payload format invalid”`,
        );
      if (invalidMsg)
        problems.push(
          'the invalid bytes were delivered although the producer was disconnected for them',
        );
    } else if ((invalidAck.reasonCode ?? 0) >= 0x80) {
      const code = invalidAck.reasonCode ?? 0;
      how = `The broker refused the invalid bytes with PUBACK ${hex(code)} “${pubackReasonText(code)}”`;
    } else if (invalidAck.timedOut) {
      problems.push('the broker never acknowledged the invalid bytes');
    } else if (!invalidMsg) {
      problems.push(
        'the broker acknowledged the invalid bytes as accepted but delivered them to nobody (a broker that checks says 0x99)',
      );
    } else if (!sameBytes(invalidMsg.payload, INVALID_BYTES)) {
      problems.push('the broker altered the invalid bytes on the way');
    } else if (invalidMsg.properties?.payloadFormatIndicator !== 1) {
      problems.push(
        'the broker forwarded the invalid bytes without their Payload Format Indicator',
      );
    } else {
      how =
        'The broker does not check payloads marked UTF-8 (the spec leaves that to it): it forwarded the invalid bytes unaltered, with the indicator';
    }
    if (problems.length) return failed(`${problems.join('; ')}.`);
    return ok(`${how}; the valid text arrived with its indicator.`);
  },
};
