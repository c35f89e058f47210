/**
 * Collects (time, value) samples, in typed-array rings, for the fields someone charts: only
 * messages on charted topics are decoded, and only the charted paths are read.
 */
import { NumberRing } from '../domain/ring-buffer';
import { readNumericField } from '../domain/json-fields';
import type { Ingest } from './ingest';
import type { StoredMessage } from './stored-message';

export const DEFAULT_SERIES_CAPACITY = 100_000;

export interface SampledSeries {
  readonly key: string;
  readonly topic: string;
  readonly path: string;
  readonly ring: NumberRing;
  /** Messages whose field was missing or not a number: counted, never plotted as zero. */
  skipped: number;
  /** Bumped on every new sample, so views know when to redraw. */
  version: number;
}

export const seriesKey = (topic: string, path: string) => `${topic}\u0000${path}`;

export class ChartSampler {
  private readonly byTopic = new Map<string, SampledSeries[]>();
  private readonly byKey = new Map<string, SampledSeries>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly ingest: Ingest,
    private readonly capacity = DEFAULT_SERIES_CAPACITY,
  ) {
    this.unsubscribe = ingest.onMessage((message) => this.onMessage(message));
  }

  /** Starts sampling a field, back-filled from the topic's kept history. */
  track(topic: string, path: string): SampledSeries {
    const key = seriesKey(topic, path);
    const existing = this.byKey.get(key);
    if (existing) return existing;
    const series: SampledSeries = {
      key,
      topic,
      path,
      ring: new NumberRing(this.capacity),
      skipped: 0,
      version: 0,
    };
    const entry = this.ingest.topics.get(topic);
    if (entry) {
      const history = this.ingest.historyOf(entry);
      for (let i = history.length - 1; i >= 0; i--) this.sample(series, history[i]!);
    }
    this.byKey.set(key, series);
    const list = this.byTopic.get(topic);
    if (list) list.push(series);
    else this.byTopic.set(topic, [series]);
    return series;
  }

  untrack(topic: string, path: string): void {
    const key = seriesKey(topic, path);
    if (!this.byKey.delete(key)) return;
    const list = (this.byTopic.get(topic) ?? []).filter((s) => s.key !== key);
    if (list.length > 0) this.byTopic.set(topic, list);
    else this.byTopic.delete(topic);
  }

  get(topic: string, path: string): SampledSeries | undefined {
    return this.byKey.get(seriesKey(topic, path));
  }

  dispose(): void {
    this.unsubscribe();
  }

  private onMessage(message: StoredMessage): void {
    const list = this.byTopic.get(message.topic);
    if (!list) return;
    for (const series of list) this.sample(series, message);
  }

  private sample(series: SampledSeries, message: StoredMessage): void {
    const value = readNumericField(message.payload, series.path);
    if (value === undefined || !Number.isFinite(value)) {
      series.skipped++;
      return;
    }
    series.ring.push(message.receivedAtMs, value);
    series.version++;
  }
}
