/**
 * Collects (time, value) samples, in typed-array rings, for the fields someone charts. The
 * values are read in the MQTT worker: the sampler keeps the list of charted fields (one id per
 * (topic or filter, path, booleans)), hands it to `onFieldsChange` listeners whenever it
 * changes (the services post it to the worker), and takes each batch's values as typed arrays
 * (`MessageBatch.chart`) after the ingest kept the batch's messages. No payload is parsed here
 * per message.
 *
 * The page parses payloads only to catch up from a topic's kept history: when a series is added
 * (per user action, or once per topic a wildcard spec finds), for the few batches the worker
 * read before it had the series' field (a batch names the list version it was read with), for
 * batches that carry no values (a source other than the worker) and for messages kept outside
 * a batch (old data put back). Every series records the `seq` of the newest kept message it
 * has taken, so no message is sampled twice, whichever way it came.
 *
 * Values follow what the ingest keeps: a message it did not keep (its subscription is muted)
 * is neither drawn nor counted as skipped, as the message is not there to look at.
 *
 * Wildcard series (`plant/+/temperature` + `celsius`) are found per new topic, not per message:
 * a topic's first kept message (its `ownCount` is then 1) is checked against the wildcard specs
 * once, and existing topics once when a spec is added. A spec with room for more topics is one
 * wildcard field in the worker, so the values of a topic it finds are already in the batch; a
 * full spec (MAX_WILDCARD_SERIES) finds no more topics, and its series become exact fields.
 */
import { NumberRing } from '../domain/ring-buffer';
import { compileFieldReader, type FieldReader } from '../domain/json-fields';
import { compileTopicFilter } from '../domain/topic-filter';
import {
  documentChartValue,
  readChartValue,
  type ChartField,
  type ChartValues,
} from '../domain/chart-values';
import { DEFAULT_POINTS_PER_SERIES, type Discovery } from '../domain/chart-specs';
import type { Ingest } from './ingest';
import type { MessageBatch } from '../mqtt/worker-protocol';
import type { StoredMessage } from '../domain/stored-message';

export const DEFAULT_SERIES_CAPACITY: number = DEFAULT_POINTS_PER_SERIES;
/** Topics one wildcard spec may chart; more matches are counted in `overflow`, not charted. */
export const MAX_WILDCARD_SERIES = 32;
export { MAX_CHART_MAGNITUDE } from '../domain/chart-values';

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

/** Hears the whole field list each time it changes; `version` grows with each list. */
export type FieldsListener = (version: number, fields: ChartField[]) => void;

/** What the series' rings take: allocated (their capacity, whatever is held) and held. */
export interface SeriesMemory {
  series: number;
  /** Samples the rings have room for, summed. */
  allocatedPoints: number;
  /** Samples the rings hold now, summed. */
  heldPoints: number;
  /** Bytes of the rings' typed arrays (allocated, not held). */
  allocatedBytes: number;
}

export const seriesKey = (topic: string, path: string) => `${topic}\u0000${path}`;

/** One field of the list the worker reads. */
interface FieldEntry {
  readonly key: string;
  readonly field: ChartField;
  /** The first list version that carries it: batches read with an older list lack its values. */
  readonly since: number;
  /** An exact field's one series. */
  series?: Series;
}

interface Series extends SampledSeries {
  read: FieldReader;
  /** `seq` of the newest kept message taken (sampled or skipped); older ones are never taken. */
  coveredSeq: number;
  /** The field whose values feed this series; undefined until the list is worked out. */
  field: FieldEntry | undefined;
}

interface Spec extends WildcardSpec {
  readonly matches: (topic: string) => boolean;
}

const fieldKey = (wildcard: boolean, match: string, path: string, booleans: boolean) =>
  `${wildcard ? 'w' : 't'}${booleans ? 1 : 0}\u0000${match}\u0000${path}`;

export class ChartSampler {
  private readonly byTopic = new Map<string, Series[]>();
  private readonly byKey = new Map<string, Series>();
  private readonly wildcards = new Map<string, Spec>();
  private readonly discoveryListeners = new Set<(found: Discovery[]) => void>();
  private pendingDiscoveries: Discovery[] = [];
  private readonly unsubscribe: Array<() => void>;

  /** The field list, by key and by id. */
  private fields = new Map<string, FieldEntry>();
  private fieldsById = new Map<number, FieldEntry>();
  private nextFieldId = 1;
  /** Version of the last list handed to the listeners; the next one is this + 1. */
  private listVersion = 0;
  private listPending = false;
  private readonly fieldsListeners = new Set<FieldsListener>();

  /** Per index of the batch being ingested: the kept message's seq, 0 when it was not kept. */
  private batchSeqs = new Float64Array(1024);
  /** Kept messages arrived outside a batch (the ingest re-keeping old ones): caught up soon. */
  private catchUpPending = false;

  /**
   * `documentOf` reads a kept message's document for its fields (decoded payloads, see decode
   * rules); without it, payloads are parsed as JSON.
   */
  constructor(
    private readonly ingest: Ingest,
    private capacity = DEFAULT_SERIES_CAPACITY,
    private readonly documentOf?: (message: StoredMessage) => unknown,
  ) {
    this.unsubscribe = [
      ingest.onMessage((message, batchIndex) => this.onMessage(message, batchIndex)),
      ingest.onBatch((batch) => this.onBatch(batch)),
    ];
  }

  /**
   * Hears the field list to read in the worker: now (when there is one) and after each change,
   * once per task.
   */
  onFieldsChange(listener: FieldsListener): () => void {
    this.fieldsListeners.add(listener);
    if (this.fields.size > 0 && !this.listPending) listener(this.listVersion, this.fieldList());
    return () => this.fieldsListeners.delete(listener);
  }

  /** Starts sampling a field, back-filled from the topic's kept history. */
  track(topic: string, path: string, opts: TrackOptions = {}): SampledSeries {
    const key = seriesKey(topic, path);
    const existing = this.byKey.get(key);
    if (existing) {
      if (opts.booleans && !existing.includeBooleans) {
        existing.includeBooleans = true;
        existing.read = compileFieldReader(path, { includeBooleans: true });
        this.backfill(existing, true);
        this.refreshFields();
      }
      return existing;
    }
    const includeBooleans = opts.booleans ?? false;
    const series: Series = {
      key,
      topic,
      path,
      ring: new NumberRing(this.capacity),
      includeBooleans,
      skipped: 0,
      version: 0,
      read: compileFieldReader(path, { includeBooleans }),
      coveredSeq: 0,
      field: undefined,
    };
    this.backfill(series, false);
    this.byKey.set(key, series);
    const list = this.byTopic.get(topic);
    if (list) list.push(series);
    else this.byTopic.set(topic, [series]);
    this.refreshFields();
    return series;
  }

  untrack(topic: string, path: string): void {
    const key = seriesKey(topic, path);
    if (!this.byKey.delete(key)) return;
    const list = (this.byTopic.get(topic) ?? []).filter((s) => s.key !== key);
    if (list.length > 0) this.byTopic.set(topic, list);
    else this.byTopic.delete(topic);
    this.refreshFields();
  }

  /** Samples each series keeps. */
  get pointsPerSeries(): number {
    return this.capacity;
  }

  /**
   * Samples each series keeps from now on: every ring is resized, keeping its newest samples
   * (a smaller ring drops its oldest ones; a larger one fills up with new samples).
   */
  setPointsPerSeries(capacity: number): void {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`Points per series must be a positive integer, got ${capacity}.`);
    }
    if (capacity === this.capacity) return;
    this.capacity = capacity;
    for (const series of this.byKey.values()) {
      series.ring.resize(capacity);
      series.version++;
    }
  }

  /** The rings' memory, allocated and held, over every sampled series. */
  memory(): SeriesMemory {
    let allocatedPoints = 0;
    let heldPoints = 0;
    let allocatedBytes = 0;
    for (const { ring } of this.byKey.values()) {
      allocatedPoints += ring.capacity;
      heldPoints += ring.size;
      allocatedBytes += ring.allocatedBytes;
    }
    return { series: this.byKey.size, allocatedPoints, heldPoints, allocatedBytes };
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
      this.refreshFields();
    }
    return [...spec.topics];
  }

  unwatch(filter: string, path: string): void {
    if (this.wildcards.delete(seriesKey(filter, path))) this.refreshFields();
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
      this.backfill(series, true);
      series.version++;
    }
  }

  dispose(): void {
    for (const unsubscribe of this.unsubscribe) unsubscribe();
  }

  /** Samples the topic's kept messages newer than the series has taken (all after a reset). */
  private backfill(series: Series, reset: boolean): void {
    if (reset) {
      series.ring.clear();
      series.skipped = 0;
      series.coveredSeq = 0;
    }
    const history = this.ingest.topics.get(series.topic)?.data?.history;
    if (!history) return;
    let newer = 0;
    while (newer < history.size && history.getNewest(newer)!.seq > series.coveredSeq) newer++;
    for (let i = newer - 1; i >= 0; i--) {
      const message = history.getNewest(i)!;
      const value = this.documentOf
        ? documentChartValue(this.documentOf(message), series.read)
        : readChartValue(message.payload, series.read);
      this.record(series, message.seq, message.receivedAtMs, value);
    }
  }

  private record(series: Series, seq: number, timeMs: number, value: number): void {
    series.coveredSeq = seq;
    if (Number.isNaN(value)) {
      series.skipped++;
      return;
    }
    series.ring.push(timeMs, value);
    series.version++;
  }

  private adopt(spec: Spec, topic: string): boolean {
    if (spec.topics.has(topic)) return false;
    if (spec.topics.size >= MAX_WILDCARD_SERIES) {
      spec.overflow++;
      return false;
    }
    spec.topics.add(topic);
    const charted = this.byKey.has(seriesKey(topic, spec.path));
    this.track(topic, spec.path, { booleans: spec.booleans });
    // A series charted already may now be read through the spec's field.
    if (charted) this.refreshFields();
    return true;
  }

  private onMessage(message: StoredMessage, batchIndex: number): void {
    if (batchIndex >= 0) {
      if (batchIndex >= this.batchSeqs.length) {
        const grown = new Float64Array(Math.max(batchIndex + 1, this.batchSeqs.length * 2));
        grown.set(this.batchSeqs);
        this.batchSeqs = grown;
      }
      this.batchSeqs[batchIndex] = message.seq;
    } else if (!this.catchUpPending && this.byTopic.has(message.topic)) {
      this.catchUpPending = true;
      queueMicrotask(() => this.catchUpAll());
    }
    // A topic's first kept message: the only time wildcard specs are checked for it. The new
    // series back-fill from history, which already holds this message.
    if (this.wildcards.size > 0 && message.entry.ownCount === 1) this.discover(message.topic);
  }

  private catchUpAll(): void {
    this.catchUpPending = false;
    for (const series of this.byKey.values()) this.backfill(series, false);
  }

  /** After the ingest kept a batch's messages: their values, then series the worker lacked. */
  private onBatch(batch: MessageBatch): void {
    const chart = batch.chart;
    if (chart && chart.fieldIds.length > 0 && this.byKey.size > 0) this.take(batch, chart);
    const version = chart?.version ?? 0;
    for (const series of this.byKey.values()) {
      if (!series.field || version < series.field.since) this.backfill(series, false);
    }
    this.batchSeqs.fill(0, 0, Math.min(batch.count, this.batchSeqs.length));
  }

  private take(batch: MessageBatch, chart: ChartValues): void {
    const { fieldIds, messages, values } = chart;
    for (let k = 0; k < fieldIds.length; k++) {
      const entry = this.fieldsById.get(fieldIds[k]!);
      if (!entry) continue; // a field removed since the worker read it
      const index = messages[k]!;
      const seq = this.batchSeqs[index] ?? 0;
      if (seq === 0) continue; // not kept (muted)
      const series = entry.series ?? this.wildcardSeries(entry, batch.topics[index]!);
      if (!series || series.field !== entry || seq <= series.coveredSeq) continue;
      this.record(series, seq, batch.receivedAtMs[index]!, values[k]!);
    }
  }

  /** The series a wildcard field's value on `topic` feeds, if its spec charts that topic. */
  private wildcardSeries(entry: FieldEntry, topic: string): Series | undefined {
    const list = this.byTopic.get(topic);
    if (list) for (const series of list) if (series.field === entry) return series;
    return undefined;
  }

  /**
   * Works out the field list from the series and specs (a field keeps its id while it is
   * needed) and which field feeds each series; schedules the list for the listeners if it
   * changed.
   */
  private refreshFields(): void {
    const previous = this.fields;
    const next = new Map<string, FieldEntry>();
    const since = this.listVersion + 1;
    const keep = (wildcard: boolean, match: string, path: string, booleans: boolean) => {
      const key = fieldKey(wildcard, match, path, booleans);
      let entry = next.get(key) ?? previous.get(key);
      if (!entry) {
        const field = { id: this.nextFieldId++, match, wildcard, path, booleans };
        entry = { key, field, since };
      }
      next.set(key, entry);
      return entry;
    };
    const open: Array<{ spec: Spec; entry: FieldEntry }> = [];
    for (const spec of this.wildcards.values()) {
      if (spec.topics.size >= MAX_WILDCARD_SERIES) continue;
      open.push({ spec, entry: keep(true, spec.filter, spec.path, spec.booleans) });
    }
    for (const series of this.byKey.values()) {
      const covering = open.find(
        ({ spec }) =>
          spec.path === series.path &&
          spec.booleans === series.includeBooleans &&
          spec.topics.has(series.topic),
      );
      if (covering) {
        series.field = covering.entry;
      } else {
        const entry = keep(false, series.topic, series.path, series.includeBooleans);
        entry.series = series;
        series.field = entry;
      }
    }
    this.fields = next;
    this.fieldsById = new Map([...next.values()].map((e) => [e.field.id, e]));
    const changed = next.size !== previous.size || [...next.keys()].some((k) => !previous.has(k));
    if (changed && !this.listPending) {
      this.listPending = true;
      queueMicrotask(() => this.postFields());
    }
  }

  private postFields(): void {
    this.listPending = false;
    this.listVersion++;
    const fields = this.fieldList();
    for (const listener of this.fieldsListeners) listener(this.listVersion, fields);
  }

  private fieldList(): ChartField[] {
    return [...this.fields.values()].map((e) => e.field);
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
}
