/**
 * A short-lived, labelled MQTT client for a scenario: its own worker connection, with promise
 * helpers for connect, subscribe, publish and "wait for these messages".
 */
import type { PacketRecord } from '../../domain/mqtt-types';
import type {
  ConnackInfo,
  ConnectRequest,
  PublishOptions,
  SubscribeOptions,
} from '../../domain/mqtt-types';
import type { PublishResultEvent } from '../../mqtt/worker-protocol';
import { unpackBatch, type ReceivedMessage } from './batch-messages';
import type { ScenarioConnection } from './scenario-types';

/** Scenarios exchange a handful of messages; a `#` subscription on a busy broker must not grow. */
const MAX_KEPT_MESSAGES = 2000;
const SUBACK_TIMEOUT_MS = 8000;
/** The worker posts captured packets every 100 ms: wait a little longer before ending it. */
export const PACKET_FLUSH_WAIT_MS = 250;

export type MessagePredicate = (message: ReceivedMessage) => boolean;

export class ScenarioClient {
  readonly messages: ReceivedMessage[] = [];
  /** Every message received, kept or not. */
  receivedCount = 0;
  connack: ConnackInfo | undefined;
  /** Messages received per topic, kept or not (for counting floods). */
  readonly countByTopic = new Map<string, number>();
  /** Messages the worker discarded because the page did not keep up. */
  droppedInWorker = 0;
  /** Set when the broker ended the connection after it was accepted. */
  lost: { atMs: number; reason?: string; reasonCode?: number } | undefined;
  private closed = false;
  private keep: (topic: string) => boolean = () => true;
  private readonly waiters = new Set<() => void>();
  private readonly offs: Array<() => void> = [];

  constructor(
    readonly label: string,
    readonly clientId: string,
    private readonly connection: ScenarioConnection,
    private readonly sleep: (ms: number) => Promise<void>,
    onPackets: (client: string, packets: PacketRecord[], summarized: number) => void,
  ) {
    this.offs.push(
      connection.on('batch', (batch) => {
        this.droppedInWorker += batch.droppedInWorker;
        for (const message of unpackBatch(batch)) {
          this.receivedCount++;
          this.countByTopic.set(message.topic, (this.countByTopic.get(message.topic) ?? 0) + 1);
          if (this.messages.length < MAX_KEPT_MESSAGES && this.keep(message.topic))
            this.messages.push(message);
        }
        for (const wake of this.waiters) wake();
      }),
      connection.on('packets', (event) => {
        let summarized = 0;
        for (const count of Object.values(event.summarized)) summarized += count;
        onPackets(label, event.packets, summarized);
      }),
    );
    // On before connecting, so the CONNECT/CONNACK handshake is captured too.
    connection.setPacketCapture(true);
  }

  /** Keeps only messages whose topic passes (the rest are only counted). */
  keepOnly(predicate: (topic: string) => boolean): void {
    this.keep = predicate;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Resolves with the CONNACK facts; rejects with the plain-language reason on a refusal. */
  connect(request: ConnectRequest): Promise<ConnackInfo> {
    return new Promise((resolve, reject) => {
      const off = this.connection.on('status', (event) => {
        if (event.phase === 'connected') {
          off();
          this.connack = event.connack ?? { sessionPresent: false };
          this.watchForLoss();
          resolve(this.connack);
        } else if (event.phase === 'disconnected' || event.phase === 'reconnecting') {
          off();
          reject(
            new Error(`${this.label} could not connect: ${event.reason ?? 'no reason given'}`),
          );
        }
      });
      this.connection.connect(request);
    });
  }

  private watchForLoss(): void {
    const off = this.connection.on('status', (event) => {
      if (event.phase !== 'disconnected' && event.phase !== 'reconnecting') return;
      off();
      if (this.closed) return;
      this.lost = { atMs: Date.now(), reason: event.reason, reasonCode: event.reasonCode };
      for (const wake of this.waiters) wake();
    });
    this.offs.push(off);
  }

  /** Resolves true once the broker ended the connection, false after `timeoutMs`. */
  async waitForLoss(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.lost && Date.now() < deadline) await this.sleep(50);
    return this.lost !== undefined;
  }

  /** Resolves with the SUBACK code: the granted QoS (0-2) or a refusal (>= 0x80). */
  subscribe(filter: string, options: SubscribeOptions): Promise<number> {
    return new Promise((resolve, reject) => {
      let done = false;
      const off = this.connection.on('suback', (event) => {
        if (event.filter !== filter || done) return;
        done = true;
        off();
        if (event.reasonCode !== undefined) resolve(event.reasonCode);
        else
          reject(new Error(`${this.label}: subscribe to ${filter} failed: ${event.error ?? ''}`));
      });
      this.connection.subscribe(filter, options);
      void this.sleep(SUBACK_TIMEOUT_MS).then(() => {
        if (done) return;
        done = true;
        off();
        reject(new Error(`${this.label}: no SUBACK for ${filter}`));
      });
    });
  }

  unsubscribe(filter: string): void {
    this.connection.unsubscribe(filter);
  }

  async publish(topic: string, text: string, options: PublishOptions): Promise<PublishResultEvent> {
    const result = await this.connection.publish(topic, new TextEncoder().encode(text), options);
    if (!result.ok) throw new Error(`${this.label}: publish to ${topic} failed: ${result.error}`);
    return result;
  }

  /** Publishes and resolves with the broker's answer, refusals included (never throws). */
  tryPublish(topic: string, text: string, options: PublishOptions): Promise<PublishResultEvent> {
    return this.connection.publish(topic, new TextEncoder().encode(text), options);
  }

  /** Many messages in one worker round trip; resolves once all were written or acknowledged. */
  publishMany(topics: string[], payloads: Uint8Array[], options: PublishOptions) {
    return this.connection.publishMany(topics, payloads, options);
  }

  /** Messages matching `predicate`, once `count` arrived or `timeoutMs` passed (never rejects). */
  waitForMessages(
    predicate: MessagePredicate,
    count: number,
    timeoutMs: number,
  ): Promise<ReceivedMessage[]> {
    return new Promise((resolve) => {
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        this.waiters.delete(check);
        resolve(this.messages.filter(predicate));
      };
      const check = () => {
        if (this.messages.filter(predicate).length >= count) finish();
      };
      this.waiters.add(check);
      check();
      void this.sleep(timeoutMs).then(finish);
    });
  }

  /** Closes the connection through the worker, then ends the worker once its packets are posted. */
  async disconnect(): Promise<void> {
    if (this.closed) return;
    this.connection.disconnect();
    await this.sleep(PACKET_FLUSH_WAIT_MS);
    this.terminate();
  }

  /** Gone without a DISCONNECT: the worker and its socket die, as when a device loses power. */
  vanish(): void {
    this.terminate();
  }

  terminate(): void {
    if (this.closed) return;
    this.closed = true;
    for (const off of this.offs) off();
    this.connection.setPacketCapture(false);
    this.connection.terminate();
  }
}
