/**
 * The one owner of chart series: what the user charts (kept across reloads) and what the
 * sampler samples. A series is sampled while a chart or a panel holds it; removing it from the
 * last chart stops its sampling for good. Views read samples with `samples()`, which never
 * creates a series.
 */
import {
  emptyChart,
  isCharted,
  isWatched,
  mapChart,
  nextChartId,
  toggledSeries,
  withDiscoveries,
  withoutSeries,
  withSeries,
  withWildcard,
  type ChartSpec,
  type PointsPerSeries,
  type SeriesOptions,
} from '../domain/chart-specs';
import type {
  ChartSampler,
  SampledSeries,
  SeriesMemory,
  WildcardSpec,
} from '../ingest/chart-sampler';
import { STORED } from '../domain/stored-state';
import { FREE_SPACE, readStored, writeStored } from '../stores/persisted';
import { useChartsStore } from '../stores/charts-store';

export class ChartSeriesService {
  /** Series that panels (not charts) sample, e.g. the Broker panel's counters: key -> holds. */
  private readonly panelHolds = new Map<string, number>();
  private started = false;

  constructor(private readonly sampler: ChartSampler) {}

  /** Charts from the last visit start sampling again, from the kept history. */
  start(): void {
    if (this.started) return;
    this.started = true;
    // Sized before any series is tracked, so no ring is made twice.
    const points = readStored(STORED.chartPoints);
    if (points !== undefined) this.applyPointsPerSeries(points);
    const restored: ChartSpec[] = readStored(STORED.charts) ?? [];
    this.sampler.onDiscover((found) => this.commit(withDiscoveries(this.charts, found)));
    for (const chart of restored) {
      for (const s of chart.series) this.sampler.track(s.topic, s.path, { booleans: s.booleans });
    }
    let charts = restored;
    for (const chart of restored) {
      for (const w of chart.wildcards ?? []) {
        const topics = this.sampler.watch(w.filter, w.path, w);
        charts = withDiscoveries(
          charts,
          topics.map((topic) => ({ filter: w.filter, path: w.path, topic })),
        );
      }
    }
    this.commit(charts);
  }

  get charts(): ChartSpec[] {
    return useChartsStore.getState().charts;
  }

  /** Adds a series to a chart (a new one when chartId is undefined); returns the chart id. */
  addSeries(topic: string, path: string, chartId?: number, opts: SeriesOptions = {}): number {
    this.sampler.track(topic, path, opts);
    const booleans = opts.booleans ? { booleans: true } : {};
    return this.upsert(chartId, (c) => withSeries(c, [{ topic, path, ...booleans }]));
  }

  /** Adds a wildcard spec to a chart (a new one when chartId is undefined); returns its id. */
  addWildcard(filter: string, path: string, chartId?: number, opts: SeriesOptions = {}): number {
    const topics = this.sampler.watch(filter, path, opts);
    const booleans = opts.booleans ? { booleans: true } : {};
    return this.upsert(chartId, (c) =>
      withSeries(
        withWildcard(c, { filter, path, ...booleans }),
        topics.map((topic) => ({ topic, path, filter, ...booleans })),
      ),
    );
  }

  removeSeries(chartId: number, topic: string, path: string): void {
    const next = withoutSeries(this.charts, chartId, topic, path);
    this.commit(next);
    this.untrackUnused(topic, path);
  }

  removeChart(chartId: number): void {
    const removed = this.charts.find((c) => c.id === chartId);
    const next = this.charts.filter((c) => c.id !== chartId);
    this.commit(next);
    if (!removed) return;
    for (const s of removed.series) this.untrackUnused(s.topic, s.path);
    for (const w of removed.wildcards ?? []) {
      if (!isWatched(next, w.filter, w.path)) this.sampler.unwatch(w.filter, w.path);
    }
  }

  toggleSeries(chartId: number, topic: string, path: string): void {
    this.commit(mapChart(this.charts, chartId, (c) => toggledSeries(c, topic, path)));
  }

  setWindow(chartId: number, windowMs: number): void {
    this.commit(mapChart(this.charts, chartId, (c) => ({ ...c, windowMs })));
  }

  setYAxis(chartId: number, yMin: number | null, yMax: number | null): void {
    this.commit(mapChart(this.charts, chartId, (c) => ({ ...c, yMin, yMax })));
  }

  /**
   * Samples each series keeps, kept across reloads: every ring is resized now, keeping its
   * newest samples.
   */
  setPointsPerSeries(points: PointsPerSeries): void {
    writeStored(STORED.chartPoints, points, {
      what: 'The number of points kept per chart series',
      todo: `It applies until you close this page; to keep it, ${FREE_SPACE}, then choose it again.`,
    });
    this.applyPointsPerSeries(points);
  }

  /** What the series' rings take in memory (allocated and held). */
  memory(): SeriesMemory {
    return this.sampler.memory();
  }

  /** The samples of a series, if something samples it; never starts sampling. */
  samples(topic: string, path: string): SampledSeries | undefined {
    return this.sampler.get(topic, path);
  }

  wildcard(filter: string, path: string): WildcardSpec | undefined {
    return this.sampler.wildcard(filter, path);
  }

  /** A panel samples a field while open (back-filled from history); returns the release. */
  hold(topic: string, path: string): () => void {
    const key = `${topic}\u0000${path}`;
    this.panelHolds.set(key, (this.panelHolds.get(key) ?? 0) + 1);
    this.sampler.track(topic, path);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.panelHolds.get(key) ?? 1) - 1;
      if (left > 0) this.panelHolds.set(key, left);
      else this.panelHolds.delete(key);
      this.untrackUnused(topic, path);
    };
  }

  private applyPointsPerSeries(points: number): void {
    this.sampler.setPointsPerSeries(points);
    useChartsStore.setState({ pointsPerSeries: points });
  }

  private untrackUnused(topic: string, path: string): void {
    if (isCharted(this.charts, topic, path)) return;
    if (this.panelHolds.has(`${topic}\u0000${path}`)) return;
    this.sampler.untrack(topic, path);
  }

  /** Applies `change` to the chart `chartId`, or to a new empty chart when it is undefined. */
  private upsert(chartId: number | undefined, change: (c: ChartSpec) => ChartSpec): number {
    const charts = this.charts;
    const target = chartId === undefined ? undefined : charts.find((c) => c.id === chartId);
    if (target) {
      const changed = change(target);
      if (changed !== target) this.commit(charts.map((c) => (c.id === target.id ? changed : c)));
      return target.id;
    }
    const id = nextChartId(charts);
    this.commit([...charts, change(emptyChart(id))]);
    return id;
  }

  private commit(charts: ChartSpec[]): void {
    if (charts.length === this.charts.length && charts.every((c, i) => c === this.charts[i])) {
      return;
    }
    writeStored(STORED.charts, charts, {
      what: 'Your charts',
      todo: `They are drawn until you close this page; to keep them, ${FREE_SPACE}, then change a chart again.`,
    });
    useChartsStore.setState({ charts });
  }
}
