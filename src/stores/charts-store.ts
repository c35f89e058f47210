import { create } from 'zustand';
import { getRuntime } from '../app/runtime';
import type { Discovery } from '../ingest/chart-sampler';
import { readStored, writeStored } from './persisted';

const CHARTS_KEY = 'brokerscope.charts';

export const SERIES_COLORS = [
  '#2563eb',
  '#dc2626',
  '#059669',
  '#d97706',
  '#7c3aed',
  '#0891b2',
  '#db2777',
  '#65a30d',
];

/** Time windows in ms; 0 means everything kept. */
export const CHART_WINDOWS_MS = [30_000, 60_000, 300_000, 900_000, 3_600_000, 0] as const;
export const DEFAULT_WINDOW_MS = 60_000;

export interface ChartSeries {
  topic: string;
  path: string;
  color: string;
  hidden: boolean;
  /** Read true/false as 1/0. */
  booleans?: boolean;
  /** The wildcard filter this series was found by, if any. */
  filter?: string;
}

/** A topic filter plus a path: one series per matching topic, added as topics appear. */
export interface WildcardSeries {
  filter: string;
  path: string;
  booleans?: boolean;
}

export interface ChartSpec {
  id: number;
  series: ChartSeries[];
  windowMs: number;
  wildcards?: WildcardSeries[];
  /** Fixed y-axis bounds; undefined (or null once stored) means automatic. */
  yMin?: number | null;
  yMax?: number | null;
}

export interface SeriesOptions {
  booleans?: boolean;
}

interface ChartsState {
  charts: ChartSpec[];
  /** Adds a series to a chart (a new one when chartId is undefined); returns the chart id. */
  addSeries: (topic: string, path: string, chartId?: number, opts?: SeriesOptions) => number;
  /** Adds a wildcard spec to a chart (a new one when chartId is undefined); returns its id. */
  addWildcard: (filter: string, path: string, chartId?: number, opts?: SeriesOptions) => number;
  /** Series found by the sampler for wildcard specs. */
  applyDiscoveries: (found: Discovery[]) => void;
  removeSeries: (chartId: number, topic: string, path: string) => void;
  toggleSeries: (chartId: number, topic: string, path: string) => void;
  setWindow: (chartId: number, windowMs: number) => void;
  setYAxis: (chartId: number, yMin: number | null, yMax: number | null) => void;
  removeChart: (chartId: number) => void;
}

function persist(charts: ChartSpec[]): void {
  writeStored(CHARTS_KEY, charts);
}

/** Stops sampling fields and wildcard specs that no chart shows any more. */
function untrackUnused(charts: ChartSpec[], removed: ChartSpec): void {
  const { sampler } = getRuntime();
  for (const s of removed.series) {
    const used = charts.some((c) => c.series.some((x) => x.topic === s.topic && x.path === s.path));
    if (!used) sampler.untrack(s.topic, s.path);
  }
  for (const w of removed.wildcards ?? []) {
    const used = charts.some((c) =>
      (c.wildcards ?? []).some((x) => x.filter === w.filter && x.path === w.path),
    );
    if (!used) sampler.unwatch(w.filter, w.path);
  }
}

const nextId = (charts: ChartSpec[]) => charts.reduce((max, c) => Math.max(max, c.id), 0) + 1;
const colorFor = (index: number) => SERIES_COLORS[index % SERIES_COLORS.length]!;

/** The chart with the extra series added (unchanged when it already has them). */
function withSeries(chart: ChartSpec, added: Array<Omit<ChartSeries, 'color' | 'hidden'>>) {
  const series = [...chart.series];
  for (const a of added) {
    if (series.some((s) => s.topic === a.topic && s.path === a.path)) continue;
    series.push({ ...a, color: colorFor(series.length), hidden: false });
  }
  return series.length === chart.series.length ? chart : { ...chart, series };
}

const restored = readStored<ChartSpec[]>(CHARTS_KEY, []);

export const useChartsStore = create<ChartsState>((set, get) => {
  const commit = (next: ChartSpec[]) => {
    persist(next);
    set({ charts: next });
  };
  /** Applies `change` to the chart `chartId`, or to a new empty chart when it is undefined. */
  const upsert = (chartId: number | undefined, change: (c: ChartSpec) => ChartSpec): number => {
    const charts = get().charts;
    const target = chartId === undefined ? undefined : charts.find((c) => c.id === chartId);
    if (target) {
      const changed = change(target);
      if (changed !== target) commit(charts.map((c) => (c.id === target.id ? changed : c)));
      return target.id;
    }
    const id = nextId(charts);
    commit([...charts, change({ id, windowMs: DEFAULT_WINDOW_MS, series: [] })]);
    return id;
  };

  return {
    charts: restored,
    addSeries: (topic, path, chartId, opts = {}) => {
      getRuntime().sampler.track(topic, path, opts);
      const booleans = opts.booleans ? { booleans: true } : {};
      return upsert(chartId, (c) => withSeries(c, [{ topic, path, ...booleans }]));
    },
    addWildcard: (filter, path, chartId, opts = {}) => {
      const topics = getRuntime().sampler.watch(filter, path, opts);
      const booleans = opts.booleans ? { booleans: true } : {};
      return upsert(chartId, (c) => {
        const wildcards = c.wildcards ?? [];
        const known = wildcards.some((w) => w.filter === filter && w.path === path);
        const next = known ? c : { ...c, wildcards: [...wildcards, { filter, path, ...booleans }] };
        return withSeries(
          next,
          topics.map((topic) => ({ topic, path, filter, ...booleans })),
        );
      });
    },
    applyDiscoveries: (found) => {
      const charts = get().charts;
      const next = charts.map((c) => {
        const mine = found.filter((d) =>
          (c.wildcards ?? []).some((w) => w.filter === d.filter && w.path === d.path),
        );
        if (mine.length === 0) return c;
        const booleans = (d: Discovery) =>
          (c.wildcards ?? []).some((w) => w.filter === d.filter && w.path === d.path && w.booleans)
            ? { booleans: true }
            : {};
        return withSeries(
          c,
          mine.map((d) => ({ topic: d.topic, path: d.path, filter: d.filter, ...booleans(d) })),
        );
      });
      if (next.some((c, i) => c !== charts[i])) commit(next);
    },
    removeSeries: (chartId, topic, path) => {
      const charts = get().charts;
      const chart = charts.find((c) => c.id === chartId);
      if (!chart) return;
      const next = charts
        .map((c) =>
          c.id === chartId
            ? { ...c, series: c.series.filter((s) => !(s.topic === topic && s.path === path)) }
            : c,
        )
        .filter((c) => c.series.length > 0 || (c.wildcards ?? []).length > 0);
      commit(next);
      untrackUnused(next, {
        ...chart,
        series: chart.series.filter((s) => s.topic === topic && s.path === path),
        wildcards: [],
      });
    },
    toggleSeries: (chartId, topic, path) => {
      commit(
        get().charts.map((c) =>
          c.id === chartId
            ? {
                ...c,
                series: c.series.map((s) =>
                  s.topic === topic && s.path === path ? { ...s, hidden: !s.hidden } : s,
                ),
              }
            : c,
        ),
      );
    },
    setWindow: (chartId, windowMs) => {
      commit(get().charts.map((c) => (c.id === chartId ? { ...c, windowMs } : c)));
    },
    setYAxis: (chartId, yMin, yMax) => {
      commit(get().charts.map((c) => (c.id === chartId ? { ...c, yMin, yMax } : c)));
    },
    removeChart: (chartId) => {
      const removed = get().charts.find((c) => c.id === chartId);
      const next = get().charts.filter((c) => c.id !== chartId);
      commit(next);
      if (removed) untrackUnused(next, removed);
    },
  };
});

let resumed = false;

/**
 * Restored charts start sampling again (from the kept history) once the runtime exists, and
 * wildcard specs keep adding series as topics appear.
 */
export function resumeChartSampling(): void {
  const { sampler } = getRuntime();
  if (!resumed) {
    resumed = true;
    sampler.onDiscover((found) => useChartsStore.getState().applyDiscoveries(found));
  }
  const state = useChartsStore.getState();
  for (const chart of state.charts) {
    for (const s of chart.series) sampler.track(s.topic, s.path, { booleans: s.booleans });
    for (const w of chart.wildcards ?? []) state.addWildcard(w.filter, w.path, chart.id, w);
  }
}
