import type { MessageProperties } from '../domain/mqtt-types';
import type { MessageBatch } from './worker-protocol';
import { ChartValueBuffer, type ChartFieldExtractor } from '../domain/chart-values';

/**
 * Collects received messages in the worker and packs them into one transferable batch.
 * Bounded: when the page falls behind, the oldest pending messages are discarded and counted.
 * With an extractor, the charted fields of the messages that made it into the batch are read
 * as it is packed (so discarded messages are never parsed) and carried in `batch.chart`.
 */
export class MessageBatcher {
  private topics: string[] = [];
  private payloads: Uint8Array[] = [];
  private flags: number[] = [];
  private times: number[] = [];
  private props: Array<[number, MessageProperties]> = [];
  private pendingBytes = 0;
  private dropped = 0;
  private readonly chartValues = new ChartValueBuffer();

  constructor(
    private readonly maxPendingMessages: number,
    private readonly maxPendingBytes: number,
    private readonly extractor?: ChartFieldExtractor,
  ) {}

  get size(): number {
    return this.topics.length;
  }

  add(
    topic: string,
    payload: Uint8Array,
    flags: number,
    receivedAtMs: number,
    properties?: MessageProperties,
  ): void {
    if (properties) this.props.push([this.topics.length, properties]);
    this.topics.push(topic);
    this.payloads.push(payload);
    this.flags.push(flags);
    this.times.push(receivedAtMs);
    this.pendingBytes += payload.byteLength;
    if (this.topics.length > this.maxPendingMessages || this.pendingBytes > this.maxPendingBytes) {
      this.discardOldestHalf();
    }
  }

  /** Packs everything pending into one batch and starts afresh. */
  take(): MessageBatch {
    const count = this.topics.length;
    const payloadEnds = new Uint32Array(count);
    const buffer = new Uint8Array(this.pendingBytes);
    let offset = 0;
    const extractor = this.extractor?.active ? this.extractor : undefined;
    let propsCursor = 0;
    for (let i = 0; i < count; i++) {
      const payload = this.payloads[i]!;
      buffer.set(payload, offset);
      offset += payload.byteLength;
      payloadEnds[i] = offset;
      if (extractor) {
        // Properties are sparse and in message order: the content type may choose a decoder.
        let contentType: string | undefined;
        const props = this.props[propsCursor];
        if (props && props[0] === i) {
          contentType = props[1].contentType;
          propsCursor++;
        }
        extractor.extract(this.topics[i]!, payload, i, this.chartValues, contentType);
      }
    }
    const batch: MessageBatch = {
      count,
      topics: this.topics,
      payloads: buffer.buffer,
      payloadEnds,
      flags: Uint8Array.from(this.flags),
      receivedAtMs: Float64Array.from(this.times),
      properties: this.props,
      droppedInWorker: this.dropped,
    };
    if (this.extractor) batch.chart = this.chartValues.take(this.extractor.version);
    this.topics = [];
    this.payloads = [];
    this.flags = [];
    this.times = [];
    this.props = [];
    this.pendingBytes = 0;
    this.dropped = 0;
    return batch;
  }

  /** Halving keeps the amortised cost per message constant. */
  private discardOldestHalf(): void {
    const cut = Math.ceil(this.topics.length / 2);
    for (let i = 0; i < cut; i++) this.pendingBytes -= this.payloads[i]!.byteLength;
    this.topics.splice(0, cut);
    this.payloads.splice(0, cut);
    this.flags.splice(0, cut);
    this.times.splice(0, cut);
    this.props = this.props
      .filter(([index]) => index >= cut)
      .map(([index, p]) => [index - cut, p] as [number, MessageProperties]);
    this.dropped += cut;
  }
}
