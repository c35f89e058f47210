import type { MessageProperties } from '../../domain/mqtt-types';
import type { MessageBatch } from '../../mqtt/worker-protocol';

/** One message a scenario client received, decoded (scenarios deal in a handful of them). */
export interface ReceivedMessage {
  topic: string;
  text: string;
  qos: number;
  retain: boolean;
  properties?: MessageProperties;
  receivedAtMs: number;
}

const decoder = new TextDecoder();

/** Unpacks a worker batch: payloads back to back in one buffer, flags bit 0-1 QoS, bit 2 retain. */
export function unpackBatch(batch: MessageBatch): ReceivedMessage[] {
  const properties = new Map(batch.properties);
  const bytes = new Uint8Array(batch.payloads);
  const out: ReceivedMessage[] = [];
  let start = 0;
  for (let i = 0; i < batch.count; i++) {
    const end = batch.payloadEnds[i] ?? start;
    const flags = batch.flags[i] ?? 0;
    out.push({
      topic: batch.topics[i] ?? '',
      text: decoder.decode(bytes.subarray(start, end)),
      qos: flags & 0b11,
      retain: (flags & 0b100) !== 0,
      properties: properties.get(i),
      receivedAtMs: batch.receivedAtMs[i] ?? 0,
    });
    start = end;
  }
  return out;
}
