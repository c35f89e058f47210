/**
 * The hot path. Each received message costs constant work: one map lookup, a push into two
 * rings, counters, a dirty flag. No React, no store calls; the frame loop reads from here.
 */
import { RingBuffer } from '../domain/ring-buffer';
import { TopicTree } from '../domain/topic-tree';
import type { MessageBatch } from '../mqtt/worker-protocol';
import { FLAG_RETAIN } from '../domain/mqtt-types';
import {
  clampLimits,
  DEFAULT_LIMITS,
  MESSAGE_OVERHEAD_BYTES,
  type IngestLimits,
} from '../domain/limits';
import type { StoredMessage, TopicData, TopicEntry } from '../domain/stored-message';

export interface SubscriptionMatcher {
  matches: (topic: string) => boolean;
  muted: boolean;
  colorIndex: number;
}

export interface IngestTotals {
  received: number;
  /** Messages no longer kept anywhere (overwritten or evicted by a budget). */
  dropped: number;
  /** Messages received on muted subscriptions, counted but not kept. */
  muted: number;
  bytesReceived: number;
  keptMessages: number;
  /** Payload bytes of kept messages plus MESSAGE_OVERHEAD_BYTES each. */
  keptBytes: number;
}

/** Every kept message and the counts, taken out of the ingest for a new broker (see detach). */
export interface DetachedData {
  /** Kept messages, oldest first. */
  readonly messages: StoredMessage[];
  readonly totals: Readonly<IngestTotals>;
  /** Per topic: messages it had that were no longer kept. */
  readonly droppedPerTopic: ReadonlyMap<string, number>;
  readonly source: string;
}

export class Ingest {
  readonly tree = new TopicTree<TopicData>();
  readonly topics = new Map<string, TopicEntry>();
  log: RingBuffer<StoredMessage>;
  limits: IngestLimits = DEFAULT_LIMITS;
  readonly totals: IngestTotals = {
    received: 0,
    dropped: 0,
    muted: 0,
    bytesReceived: 0,
    keptMessages: 0,
    keptBytes: 0,
  };
  /** Bumped whenever the counts start over (clear, detach, reattach): rates restart from it. */
  generation = 0;
  /** Set by every change; the frame loop clears it after a commit. */
  dirty = false;
  /** Topics that received a message since the frame loop last looked. */
  readonly touched = new Set<TopicEntry>();
  private nextSeq = 1;
  private oldest: StoredMessage | null = null;
  private newest: StoredMessage | null = null;
  private matchers: SubscriptionMatcher[] = [];
  private matchVersion = 1;
  private readonly listeners = new Set<(message: StoredMessage, batchIndex: number) => void>();
  private readonly batchListeners = new Set<(batch: MessageBatch) => void>();
  /** The index in the batch being ingested of the current message; -1 outside ingestBatch. */
  private batchIndex = -1;
  /** The broker messages come from now; every message and topic records it. */
  private currentSource = '';

  constructor(limits: IngestLimits = DEFAULT_LIMITS) {
    this.limits = clampLimits(limits);
    this.log = new RingBuffer<StoredMessage>(this.limits.logCapacity);
  }

  /**
   * Called for every kept message, with its index in the batch being ingested (-1 when it was
   * not ingested from a batch).
   */
  onMessage(listener: (message: StoredMessage, batchIndex: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Called after each batch's messages were ingested (charts take its chart values then). */
  onBatch(listener: (batch: MessageBatch) => void): () => void {
    this.batchListeners.add(listener);
    return () => this.batchListeners.delete(listener);
  }

  get source(): string {
    return this.currentSource;
  }

  /** Names the broker that the next messages come from. */
  setSource(source: string): void {
    this.currentSource = source;
  }

  setSubscriptions(matchers: SubscriptionMatcher[]): void {
    this.matchers = matchers;
    this.matchVersion++;
    this.dirty = true;
  }

  ingestBatch(batch: MessageBatch): void {
    const bytes = new Uint8Array(batch.payloads);
    let start = 0;
    let propertyCursor = 0;
    for (let i = 0; i < batch.count; i++) {
      const end = batch.payloadEnds[i]!;
      let properties;
      const nextProps = batch.properties[propertyCursor];
      if (nextProps && nextProps[0] === i) {
        properties = nextProps[1];
        propertyCursor++;
      }
      this.batchIndex = i;
      this.ingestOne(
        batch.topics[i]!,
        // A copy, so a long-kept message does not pin its whole batch buffer in memory.
        bytes.slice(start, end),
        batch.flags[i]!,
        batch.receivedAtMs[i]!,
        properties,
      );
      start = end;
    }
    this.batchIndex = -1;
    if (batch.droppedInWorker > 0) {
      this.totals.received += batch.droppedInWorker;
      this.totals.dropped += batch.droppedInWorker;
      this.dirty = true;
    }
    for (const listener of this.batchListeners) listener(batch);
  }

  ingestOne(
    topic: string,
    payload: Uint8Array,
    flags: number,
    receivedAtMs: number,
    properties?: StoredMessage['properties'],
    source: string = this.currentSource,
  ): void {
    const totals = this.totals;
    totals.received++;
    totals.bytesReceived += payload.byteLength;
    this.dirty = true;
    const entry = this.topics.get(topic) ?? this.createTopic(topic);
    const data = entry.data!;
    if (data.matchVersion !== this.matchVersion) this.refreshMatch(entry);
    if (data.muted) {
      totals.muted++;
      return;
    }
    this.tree.recordMessage(entry, receivedAtMs);
    data.bytesReceived += payload.byteLength;
    data.retained = (flags & FLAG_RETAIN) !== 0;
    data.source = source;
    const message: StoredMessage = {
      seq: this.nextSeq++,
      topic,
      entry,
      payload,
      flags,
      receivedAtMs,
      properties,
      source,
      refs: 2,
      older: this.newest,
      newer: null,
    };
    if (this.newest) this.newest.newer = message;
    else this.oldest = message;
    this.newest = message;
    totals.keptMessages++;
    totals.keptBytes += payload.byteLength + MESSAGE_OVERHEAD_BYTES;
    data.lastMessage = message;
    this.touched.add(entry);

    const outOfHistory = data.history.push(message);
    if (outOfHistory) {
      data.droppedCount++;
      this.release(outOfHistory);
    }
    const outOfLog = this.log.push(message);
    if (outOfLog) this.release(outOfLog);
    while (totals.keptBytes > this.limits.payloadBudgetBytes && this.oldest) this.evictOldest();
    for (const listener of this.listeners) listener(message, this.batchIndex);
  }

  /** Messages currently kept, newest first, for one topic. */
  historyOf(entry: TopicEntry): StoredMessage[] {
    const history = entry.data?.history;
    if (!history) return [];
    const list: StoredMessage[] = [];
    for (let i = 0; i < history.size; i++) list.push(history.getNewest(i)!);
    return list;
  }

  setLimits(next: IngestLimits): void {
    const limits = clampLimits(next);
    this.limits = limits;
    while (this.log.size > limits.logCapacity) this.release(this.log.shift()!);
    this.log.resize(limits.logCapacity);
    for (const entry of this.topics.values()) {
      const history = entry.data!.history;
      while (history.size > limits.historyPerTopic) {
        entry.data!.droppedCount++;
        this.release(history.shift()!);
      }
      history.resize(limits.historyPerTopic);
    }
    while (this.totals.keptBytes > limits.payloadBudgetBytes && this.oldest) this.evictOldest();
    this.dirty = true;
  }

  /** Forgets every message and topic; counters start again from zero. */
  clear(): void {
    this.generation++;
    this.topics.clear();
    this.tree.clear();
    this.log.clear();
    this.touched.clear();
    this.oldest = null;
    this.newest = null;
    Object.assign(this.totals, {
      received: 0,
      dropped: 0,
      muted: 0,
      bytesReceived: 0,
      keptMessages: 0,
      keptBytes: 0,
    });
    this.dirty = true;
  }

  /**
   * Takes every kept message, topic and count out (the views start empty, for a new broker) and
   * returns them, so that `reattach` can put them back.
   */
  detach(): DetachedData {
    const messages: StoredMessage[] = [];
    for (let m = this.oldest; m; m = m.newer) messages.push(m);
    // Per topic, the messages gone for good: those only the log still holds fall out of the
    // topic's history again when re-kept, and are counted then.
    const keptPerTopic = new Map<string, number>();
    for (const m of messages) keptPerTopic.set(m.topic, (keptPerTopic.get(m.topic) ?? 0) + 1);
    const droppedPerTopic = new Map<string, number>();
    for (const [topic, entry] of this.topics) {
      const data = entry.data;
      if (!data) continue;
      const logOnly = (keptPerTopic.get(topic) ?? 0) - data.history.size;
      const gone = data.droppedCount - logOnly;
      if (gone > 0) droppedPerTopic.set(topic, gone);
    }
    const detached = {
      messages,
      totals: { ...this.totals },
      droppedPerTopic,
      source: this.currentSource,
    };
    this.clear();
    return detached;
  }

  /**
   * Puts detached data back in front of what arrived since, each message still naming the
   * broker it came from; counts add up (the same messages are never counted twice).
   */
  reattach(old: DetachedData): void {
    const since = this.detach();
    for (const batch of [old, since]) {
      for (const m of batch.messages) {
        this.ingestOne(m.topic, m.payload, m.flags, m.receivedAtMs, m.properties, m.source);
      }
    }
    for (const batch of [old, since]) {
      for (const [topic, dropped] of batch.droppedPerTopic) {
        const data = this.topics.get(topic)?.data;
        if (data) data.droppedCount += dropped;
      }
    }
    // Re-keeping can only evict (budget) or overwrite (smaller rings): those are new drops.
    const reDropped = this.totals.dropped;
    Object.assign(this.totals, {
      received: old.totals.received + since.totals.received,
      dropped: old.totals.dropped + since.totals.dropped + reDropped,
      muted: old.totals.muted + since.totals.muted,
      bytesReceived: old.totals.bytesReceived + since.totals.bytesReceived,
    });
    this.dirty = true;
  }

  /** Empties the log only; topics keep their history. */
  clearLog(): void {
    while (this.log.size > 0) this.release(this.log.shift()!);
    this.dirty = true;
  }

  private createTopic(topic: string): TopicEntry {
    const entry = this.tree.ensure(topic);
    entry.data = {
      history: new RingBuffer<StoredMessage>(this.limits.historyPerTopic),
      lastMessage: undefined,
      droppedCount: 0,
      bytesReceived: 0,
      retained: false,
      ratePerSec: 0,
      countAtLastRate: 0,
      colorIndex: -1,
      muted: false,
      matchVersion: 0,
      source: this.currentSource,
    };
    this.topics.set(topic, entry);
    return entry;
  }

  private refreshMatch(entry: TopicEntry): void {
    const data = entry.data!;
    let colorIndex = -1;
    let anyMatch = false;
    let anyUnmuted = false;
    for (const matcher of this.matchers) {
      if (!matcher.matches(entry.path)) continue;
      anyMatch = true;
      if (!matcher.muted) {
        anyUnmuted = true;
        if (colorIndex === -1) colorIndex = matcher.colorIndex;
      }
    }
    data.colorIndex = colorIndex;
    data.muted = anyMatch && !anyUnmuted;
    data.matchVersion = this.matchVersion;
  }

  /** One ring let go of a message; when none holds it, its bytes are freed. */
  private release(message: StoredMessage): void {
    message.refs--;
    if (message.refs > 0) return;
    this.unlink(message);
    this.totals.dropped++;
  }

  private unlink(message: StoredMessage): void {
    if (message.older) message.older.newer = message.newer;
    else this.oldest = message.newer;
    if (message.newer) message.newer.older = message.older;
    else this.newest = message.older;
    message.older = null;
    message.newer = null;
    this.totals.keptMessages--;
    this.totals.keptBytes -= message.payload.byteLength + MESSAGE_OVERHEAD_BYTES;
  }

  /**
   * Every ring is in arrival order, so the oldest kept message is at the front of each ring
   * that still holds it.
   */
  private evictOldest(): void {
    const message = this.oldest!;
    if (this.log.size > 0 && this.log.get(0) === message) this.log.shift();
    const history = message.entry.data!.history;
    if (history.size > 0 && history.get(0) === message) {
      history.shift();
      message.entry.data!.droppedCount++;
    }
    message.refs = 0;
    this.unlink(message);
    this.totals.dropped++;
  }
}
