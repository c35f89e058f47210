/**
 * Collects (time, value) samples, in typed-array rings, for the fields someone charts: only
 * messages on charted topics are decoded, and only the charted paths are read.
 *
 * Wildcard series (`plant/+/temperature` + `celsius`) are found per new topic, not per message:
 * a topic's first kept message (its `ownCount` is then 1) is checked against the wildcard specs
 * once, and existing topics once when a spec is added.
 */
import { NumberRing } from '../domain/ring-buffer';
import { readNumericField } from '../domain/json-fields';
import { compileTopicFilter } from '../domain/topic-filter';
import type { Discovery } from '../domain/chart-specs';
import type { Ingest } from './ingest';
import type { StoredMessage } from '../domain/stored-message';

export const DEFAULT_SERIES_CAPACITY = 100_000;
/** Topics one wildcard spec may chart; more matches are counted in `overflow`, not charted. */
export const MAX_WILDCARD_SERIES = 32;
/** Values beyond this size (and NaN, ±Infinity) are counted as not drawn: no axis can show them. */
export const MAX_CHART_MAGNITUDE = 1e300;

export interface SampledSeries {
  readonly key: string;
  readonly topic: string;
  readonly path: string;
  readonly ring: NumberRing;
  /** Read true/false as 1/0. */
  includeBooleans: boolean;
  /** Messages whose field was missing or not a number: counted, never plotted as zero. */
  skipped: number;
  /** Bumped on every new sample, so views know when to redraw. */
  version: number;
}

export interface TrackOptions {
  booleans?: boolean;
}

export interface WildcardSpec {
  readonly key: string;
  readonly filter: string;
  readonly path: string;
  readonly booleans: boolean;
  readonly topics: Set<string>;
  /** Matching topics left out because of MAX_WILDCARD_SERIES. */
  overflow: number;
}

export const seriesKey = (topic: string, path: string) => `${topic}\u0000${path}`;

export class ChartSampler {
  private readonly byTopic = new Map<string, SampledSeries[]>();
  private readonly byKey = new Map<string, SampledSeries>();
  private readonly wildcards = new Map<
    string,
    WildcardSpec & { matches: (t: string) => boolean }
  >();
  private readonly discoveryListeners = new Set<(found: Discovery[]) => void>();
  private pendingDiscoveries: Discovery[] = [];
  private readonly unsubscribe: () => void;

  constructor(
    private readonly ingest: Ingest,
    private readonly capacity = DEFAULT_SERIES_CAPACITY,
  ) {
    this.unsubscribe = ingest.onMessage((message) => this.onMessage(message));
  }

  /** Starts sampling a field, back-filled from the topic's kept history. */
  track(topic: string, path: string, opts: TrackOptions = {}): SampledSeries {
    const key = seriesKey(topic, path);
    const existing = this.byKey.get(key);
    if (existing) {
      if (opts.booleans && !existing.includeBooleans) {
        existing.includeBooleans = true;
        this.backfill(existing, true);
      }
      return existing;
    }
    const series: SampledSeries = {
      key,
      topic,
      path,
      ring: new NumberRing(this.capacity),
      includeBooleans: opts.booleans ?? false,
      skipped: 0,
      version: 0,
    };
    this.backfill(series, false);
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

  /**
   * Charts `path` of every topic matching `filter`, now and as topics appear. Returns the
   * topics that already match; later ones reach the `onDiscover` listeners.
   */
  watch(filter: string, path: string, opts: TrackOptions = {}): string[] {
    const key = seriesKey(filter, path);
    let spec = this.wildcards.get(key);
    if (!spec) {
      spec = {
        key,
        filter,
        path,
        booleans: opts.booleans ?? false,
        topics: new Set(),
        overflow: 0,
        matches: compileTopicFilter(filter),
      };
      this.wildcards.set(key, spec);
      for (const [topic, entry] of this.ingest.topics) {
        if (entry.ownCount > 0 && spec.matches(topic)) this.adopt(spec, topic);
      }
    }
    return [...spec.topics];
  }

  unwatch(filter: string, path: string): void {
    this.wildcards.delete(seriesKey(filter, path));
  }

  wildcard(filter: string, path: string): WildcardSpec | undefined {
    return this.wildcards.get(seriesKey(filter, path));
  }

  /** New topics matching a wildcard spec, delivered in one batch per task. */
  onDiscover(listener: (found: Discovery[]) => void): () => void {
    this.discoveryListeners.add(listener);
    return () => this.discoveryListeners.delete(listener);
  }

  /** Every series samples its topic's kept history again (after the ingest was swapped). */
  resample(): void {
    for (const series of this.byKey.values()) {
      series.ring.clear();
      series.skipped = 0;
      series.version++;
      this.backfill(series, false);
    }
  }

  dispose(): void {
    this.unsubscribe();
  }

  private backfill(series: SampledSeries, reset: boolean): void {
    const entry = this.ingest.topics.get(series.topic);
    if (!entry) return;
    if (reset) {
      series.ring.clear();
      series.skipped = 0;
    }
    const history = this.ingest.historyOf(entry);
    for (let i = history.length - 1; i >= 0; i--) this.sample(series, history[i]!);
  }

  private adopt(spec: WildcardSpec, topic: string): boolean {
    if (spec.topics.has(topic)) return false;
    if (spec.topics.size >= MAX_WILDCARD_SERIES) {
      spec.overflow++;
      return false;
    }
    spec.topics.add(topic);
    this.track(topic, spec.path, { booleans: spec.booleans });
    return true;
  }

  private onMessage(message: StoredMessage): void {
    const list = this.byTopic.get(message.topic);
    if (list) for (const series of list) this.sample(series, message);
    // A topic's first kept message: the only time wildcard specs are checked for it. The new
    // series back-fill from history, which already holds this message.
    if (this.wildcards.size > 0 && message.entry.ownCount === 1) this.discover(message.topic);
  }

  private discover(topic: string): void {
    for (const spec of this.wildcards.values()) {
      if (!spec.matches(topic) || !this.adopt(spec, topic)) continue;
      if (this.pendingDiscoveries.length === 0) queueMicrotask(() => this.flushDiscoveries());
      this.pendingDiscoveries.push({ filter: spec.filter, path: spec.path, topic });
    }
  }

  private flushDiscoveries(): void {
    const found = this.pendingDiscoveries;
    this.pendingDiscoveries = [];
    for (const listener of this.discoveryListeners) listener(found);
  }

  private sample(series: SampledSeries, message: StoredMessage): void {
    const value = readNumericField(message.payload, series.path, {
      includeBooleans: series.includeBooleans,
    });
    if (value === undefined || !Number.isFinite(value) || Math.abs(value) > MAX_CHART_MAGNITUDE) {
      series.skipped++;
      return;
    }
    series.ring.push(message.receivedAtMs, value);
    series.version++;
  }
}
