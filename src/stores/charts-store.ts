import { create } from 'zustand';
import { getRuntime } from '../app/runtime';
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

export interface ChartSeries {
  topic: string;
  path: string;
  color: string;
  hidden: boolean;
}

export interface ChartSpec {
  id: number;
  series: ChartSeries[];
  windowMs: number;
}

interface ChartsState {
  charts: ChartSpec[];
  /** Adds a series to a chart (a new one when chartId is undefined); returns the chart id. */
  addSeries: (topic: string, path: string, chartId?: number) => number;
  removeSeries: (chartId: number, topic: string, path: string) => void;
  toggleSeries: (chartId: number, topic: string, path: string) => void;
  setWindow: (chartId: number, windowMs: number) => void;
  removeChart: (chartId: number) => void;
}

function persist(charts: ChartSpec[]): void {
  writeStored(CHARTS_KEY, charts);
}

/** Stops sampling fields that no chart shows any more. */
function untrackUnused(charts: ChartSpec[], topic: string, path: string): void {
  const used = charts.some((c) => c.series.some((s) => s.topic === topic && s.path === path));
  if (!used) getRuntime().sampler.untrack(topic, path);
}

const restored = readStored<ChartSpec[]>(CHARTS_KEY, []);

export const useChartsStore = create<ChartsState>((set, get) => ({
  charts: restored,
  addSeries: (topic, path, chartId) => {
    getRuntime().sampler.track(topic, path);
    const charts = get().charts;
    const target = chartId === undefined ? undefined : charts.find((c) => c.id === chartId);
    let next: ChartSpec[];
    let id: number;
    if (target) {
      id = target.id;
      if (target.series.some((s) => s.topic === topic && s.path === path)) return id;
      const color = SERIES_COLORS[target.series.length % SERIES_COLORS.length]!;
      next = charts.map((c) =>
        c.id === id ? { ...c, series: [...c.series, { topic, path, color, hidden: false }] } : c,
      );
    } else {
      id = charts.reduce((max, c) => Math.max(max, c.id), 0) + 1;
      next = [
        ...charts,
        {
          id,
          windowMs: 300_000,
          series: [{ topic, path, color: SERIES_COLORS[0]!, hidden: false }],
        },
      ];
    }
    persist(next);
    set({ charts: next });
    return id;
  },
  removeSeries: (chartId, topic, path) => {
    const next = get()
      .charts.map((c) =>
        c.id === chartId
          ? { ...c, series: c.series.filter((s) => !(s.topic === topic && s.path === path)) }
          : c,
      )
      .filter((c) => c.series.length > 0);
    persist(next);
    set({ charts: next });
    untrackUnused(next, topic, path);
  },
  toggleSeries: (chartId, topic, path) => {
    const next = get().charts.map((c) =>
      c.id === chartId
        ? {
            ...c,
            series: c.series.map((s) =>
              s.topic === topic && s.path === path ? { ...s, hidden: !s.hidden } : s,
            ),
          }
        : c,
    );
    persist(next);
    set({ charts: next });
  },
  setWindow: (chartId, windowMs) => {
    const next = get().charts.map((c) => (c.id === chartId ? { ...c, windowMs } : c));
    persist(next);
    set({ charts: next });
  },
  removeChart: (chartId) => {
    const removed = get().charts.find((c) => c.id === chartId);
    const next = get().charts.filter((c) => c.id !== chartId);
    persist(next);
    set({ charts: next });
    for (const s of removed?.series ?? []) untrackUnused(next, s.topic, s.path);
  },
}));

/** Restored charts start sampling again (from the kept history) once the runtime exists. */
export function resumeChartSampling(): void {
  for (const chart of useChartsStore.getState().charts) {
    for (const s of chart.series) getRuntime().sampler.track(s.topic, s.path);
  }
}
