import type { PublishResultEvent, QoS } from '../../mqtt/worker-protocol';
import { publishOutcomeText } from './outcome-text';

export interface Outcome {
  ok: boolean;
  text: string;
}

export function outcomeFromResult(
  result: PublishResultEvent,
  topic: string,
  qos: QoS,
  version: 4 | 5,
): Outcome {
  return { ok: result.ok, text: publishOutcomeText(result, topic, qos, version) };
}
