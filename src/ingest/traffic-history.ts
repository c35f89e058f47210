/**
 * Traffic over time: messages and bytes per second, overall and for the busiest topics, sampled
 * once per second from the ingest's counters (never per message). Each tick visits every topic
 * once (a counter read and a map lookup), so it runs only while someone looks at the traffic.
 */
import { NumberRing } from '../domain/ring-buffer';
import { topN } from '../domain/top-n';
import type { Ingest } from './ingest';
import type { TopicEntry } from '../domain/stored-message';

/** One hour at one sample per second. */
export const TRAFFIC_HISTORY_POINTS = 3_600;
export const TRAFFIC_TOP_TOPICS = 5;
/** Topics that have been in the top N keep their rings up to this many; the stalest go first. */
const MAX_TRACKED_TOPICS = 20;
export const TRAFFIC_SAMPLE_MS = 1_000;
/** The busiest topics are ranked over this span. */
export const TOP_WINDOW_MS = 60_000;

export interface TrafficSeries {
  readonly name: string;
  readonly messagesPerSec: NumberRing;
  readonly bytesPerSec: NumberRing;
  /** Last tick this series was among the top topics (overall: always). */
  lastTopTick: number;
}

interface Counts {
  messages: number;
  bytes: number;
}

const ZERO: Counts = { messages: 0, bytes: 0 };

export class TrafficHistory {
  readonly overall: TrafficSeries = makeSeries('All topics');
  readonly topics = new Map<string, TrafficSeries>();
  /** The busiest topics of the last TOP_WINDOW_MS, busiest first. */
  top: string[] = [];
  tick = 0;
  private last: Counts = { messages: 0, bytes: 0 };
  private lastPerTopic = new WeakMap<TopicEntry, Counts>();
  private lastAtMs: number | undefined;

  constructor(
    private readonly ingest: Ingest,
    private readonly topCount = TRAFFIC_TOP_TOPICS,
  ) {}

  /** Forgets every rate (the data came from another broker). */
  clear(): void {
    this.overall.messagesPerSec.clear();
    this.overall.bytesPerSec.clear();
    this.topics.clear();
    this.top = [];
    this.last = { messages: 0, bytes: 0 };
    this.lastPerTopic = new WeakMap();
    this.lastAtMs = undefined;
  }

  sample(nowMs: number): void {
    const { received, bytesReceived } = this.ingest.totals;
    const elapsedSec = this.lastAtMs === undefined ? 0 : (nowMs - this.lastAtMs) / 1000;
    this.lastAtMs = nowMs;
    this.tick++;
    // Counters that went down were cleared: start over from them.
    if (received < this.last.messages) this.last = { messages: 0, bytes: 0 };
    const rates: Array<{ topic: string; messages: number; bytes: number }> = [];
    for (const [topic, entry] of this.ingest.topics) {
      const now: Counts = { messages: entry.ownCount, bytes: entry.data?.bytesReceived ?? 0 };
      // A topic unknown at the last tick appeared since: all of its counts are new.
      const before = this.lastPerTopic.get(entry) ?? ZERO;
      this.lastPerTopic.set(entry, now);
      if (elapsedSec <= 0) continue;
      const messages = Math.max(0, now.messages - before.messages) / elapsedSec;
      if (messages > 0 || this.topics.has(topic))
        rates.push({ topic, messages, bytes: Math.max(0, now.bytes - before.bytes) / elapsedSec });
    }
    if (elapsedSec > 0) {
      this.overall.messagesPerSec.push(nowMs, (received - this.last.messages) / elapsedSec);
      this.overall.bytesPerSec.push(nowMs, (bytesReceived - this.last.bytes) / elapsedSec);
      this.overall.lastTopTick = this.tick;
    }
    this.last = { messages: received, bytes: bytesReceived };

    // The busiest topics this second start being tracked; the list shown ranks the tracked
    // topics by their messages over the last TOP_WINDOW_MS, so a burst that just ended stays.
    const best = topN(rates, this.topCount, (r) => r.messages);
    for (const r of best) {
      let series = this.topics.get(r.topic);
      if (!series) {
        series = makeSeries(r.topic);
        this.topics.set(r.topic, series);
      }
      series.lastTopTick = this.tick;
    }
    // Topics once in the top keep a continuous line (zeros included) while they are tracked.
    for (const r of rates) {
      const series = this.topics.get(r.topic);
      if (!series) continue;
      series.messagesPerSec.push(nowMs, r.messages);
      series.bytesPerSec.push(nowMs, r.bytes);
    }
    this.evictStale();
    const sinceMs = nowMs - TOP_WINDOW_MS;
    this.top = topN(this.topics.values(), this.topCount, (series) => {
      const recent = series.messagesPerSec.copyRange(sinceMs, nowMs).ys;
      let sum = 0;
      for (const v of recent) sum += v;
      return sum;
    }).map((series) => series.name);
  }

  private evictStale(): void {
    while (this.topics.size > MAX_TRACKED_TOPICS) {
      let stalest: TrafficSeries | undefined;
      for (const s of this.topics.values()) {
        if (!stalest || s.lastTopTick < stalest.lastTopTick) stalest = s;
      }
      this.topics.delete(stalest!.name);
    }
  }
}

function makeSeries(name: string): TrafficSeries {
  return {
    name,
    messagesPerSec: new NumberRing(TRAFFIC_HISTORY_POINTS),
    bytesPerSec: new NumberRing(TRAFFIC_HISTORY_POINTS),
    lastTopTick: 0,
  };
}
