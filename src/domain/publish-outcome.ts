import type { PublishResult, QoS } from './mqtt-types';

function hex(code: number): string {
  return `0x${code.toString(16).toUpperCase().padStart(2, '0')}`;
}

/** What the broker said about one publish, in plain words with the round trip in ms. */
export function publishOutcomeText(
  result: PublishResult,
  topic: string,
  qos: QoS,
  version: 4 | 5,
): string {
  const ms = `${Math.max(0, Math.round(result.roundTripMs))} ms`;
  if (!result.ok) {
    if (result.reasonCode === undefined) return result.error ?? 'Not sent.';
    const packet = qos === 2 ? 'PUBREC' : 'PUBACK';
    return `Refused by the broker: ${result.error ?? 'refused'} (${packet} reason code ${hex(result.reasonCode)}) after ${ms}.`;
  }
  if (qos === 0) return `Sent to ${topic} (QoS 0, no acknowledgement).`;
  const ack = `Acknowledged by the broker (${qos === 1 ? 'PUBACK' : 'PUBCOMP'}, QoS ${qos}) in ${ms}.`;
  // A 3.1.1 broker has no way to say no: it acknowledges and may drop the message.
  return version === 4 ? `${ack} MQTT 3.1.1 cannot report a refusal.` : ack;
}

export interface Outcome {
  ok: boolean;
  text: string;
}

export function outcomeFromResult(
  result: PublishResult,
  topic: string,
  qos: QoS,
  version: 4 | 5,
): Outcome {
  return { ok: result.ok, text: publishOutcomeText(result, topic, qos, version) };
}
