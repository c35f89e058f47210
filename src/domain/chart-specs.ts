/**
 * What the user charts: charts, their series (topic + field path) and wildcard specs (filter +
 * path, one series per matching topic). Pure transforms; the chart series service applies them.
 */
import { paletteColor } from './palette';

/** Time windows in ms; 0 means everything kept. */
export const CHART_WINDOWS_MS = [30_000, 60_000, 300_000, 900_000, 3_600_000, 0] as const;
export const DEFAULT_WINDOW_MS = 60_000;

/** Samples each series keeps (its ring's capacity): the choices offered, and the default. */
export const POINTS_PER_SERIES_CHOICES = [10_000, 100_000, 1_000_000] as const;
export type PointsPerSeries = (typeof POINTS_PER_SERIES_CHOICES)[number];
export const DEFAULT_POINTS_PER_SERIES: PointsPerSeries = 100_000;

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

/** A new series found for a wildcard spec. */
export interface Discovery {
  filter: string;
  path: string;
  topic: string;
}

export type NewSeries = Omit<ChartSeries, 'color' | 'hidden'>;

export const sameSeries = (a: { topic: string; path: string }, topic: string, path: string) =>
  a.topic === topic && a.path === path;

export const nextChartId = (charts: readonly ChartSpec[]) =>
  charts.reduce((max, c) => Math.max(max, c.id), 0) + 1;

export function emptyChart(id: number): ChartSpec {
  return { id, windowMs: DEFAULT_WINDOW_MS, series: [] };
}

/** The chart with the extra series added (the same object when it already has them). */
export function withSeries(chart: ChartSpec, added: readonly NewSeries[]): ChartSpec {
  const series = [...chart.series];
  for (const a of added) {
    if (series.some((s) => sameSeries(s, a.topic, a.path))) continue;
    series.push({ ...a, color: paletteColor(series.length), hidden: false });
  }
  return series.length === chart.series.length ? chart : { ...chart, series };
}

/** The chart with the wildcard spec added (the same object when it has it). */
export function withWildcard(chart: ChartSpec, wildcard: WildcardSeries): ChartSpec {
  const wildcards = chart.wildcards ?? [];
  if (wildcards.some((w) => w.filter === wildcard.filter && w.path === wildcard.path)) return chart;
  return { ...chart, wildcards: [...wildcards, wildcard] };
}

/** Each chart with the series its wildcard specs found (unchanged charts stay the same). */
export function withDiscoveries(charts: readonly ChartSpec[], found: readonly Discovery[]) {
  return charts.map((c) => {
    const specs = c.wildcards ?? [];
    const added: NewSeries[] = [];
    for (const d of found) {
      const spec = specs.find((w) => w.filter === d.filter && w.path === d.path);
      if (!spec) continue;
      added.push({
        topic: d.topic,
        path: d.path,
        filter: d.filter,
        ...(spec.booleans ? { booleans: true } : {}),
      });
    }
    return added.length === 0 ? c : withSeries(c, added);
  });
}

/** Without the series; a chart left with no series and no wildcard spec goes too. */
export function withoutSeries(
  charts: readonly ChartSpec[],
  chartId: number,
  topic: string,
  path: string,
): ChartSpec[] {
  return charts
    .map((c) =>
      c.id === chartId ? { ...c, series: c.series.filter((s) => !sameSeries(s, topic, path)) } : c,
    )
    .filter((c) => c.series.length > 0 || (c.wildcards ?? []).length > 0);
}

export function mapChart(
  charts: readonly ChartSpec[],
  chartId: number,
  change: (chart: ChartSpec) => ChartSpec,
): ChartSpec[] {
  return charts.map((c) => (c.id === chartId ? change(c) : c));
}

export function toggledSeries(chart: ChartSpec, topic: string, path: string): ChartSpec {
  return {
    ...chart,
    series: chart.series.map((s) => (sameSeries(s, topic, path) ? { ...s, hidden: !s.hidden } : s)),
  };
}

/** Whether any chart still shows this series. */
export function isCharted(charts: readonly ChartSpec[], topic: string, path: string): boolean {
  return charts.some((c) => c.series.some((s) => sameSeries(s, topic, path)));
}

/** Whether any chart still has this wildcard spec. */
export function isWatched(charts: readonly ChartSpec[], filter: string, path: string): boolean {
  return charts.some((c) =>
    (c.wildcards ?? []).some((w) => w.filter === filter && w.path === path),
  );
}

export const seriesName = (s: Pick<ChartSeries, 'topic' | 'path'>) => `${s.topic} ${s.path}`;

/** "a/b temperature, plant/+/t celsius (each matching topic)". */
export function chartName(chart: ChartSpec): string {
  const names = chart.series.map(seriesName);
  for (const w of chart.wildcards ?? []) names.push(`${w.filter} ${w.path} (each matching topic)`);
  return names.join(', ');
}
