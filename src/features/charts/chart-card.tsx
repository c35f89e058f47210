import { useEffect, useRef, useState, type CSSProperties } from 'react';
import { TimePlot } from '../../components/time-plot';
import { scrubBounds, visibleRange, type TimeRange } from '../../domain/chart-window';
import { CHART_REFRESH_MS } from '../../domain/limits';
import {
  CHART_WINDOWS_MS,
  chartName,
  seriesName,
  type ChartSeries,
  type ChartSpec,
} from '../../domain/chart-specs';
import { useServices } from '../../hooks/services-context';
import { formatChartNumber } from '../../domain/number-format';
import { useChartsStore } from '../../stores/charts-store';
import { downloadBlob } from '../../components/download';
import { exportPng } from './export-png';
import {
  anchorsOf,
  nearestIndex,
  nearestPoint,
  pointsInWindow,
  toCsv,
  type Anchor,
  type Point,
  type SeriesSummary,
} from './series-points';
import { clockTime, windowLabel } from '../../domain/time-format';
import { YAxisControls } from './y-axis-controls';
import { visibleText } from '../../domain/visible-text';

/** A series' name as shown: invisible characters of its topic or path as marks (⟨RLO⟩…). */
const shownSeriesName = (s: ChartSeries) => visibleText(seriesName(s));

/**
 * About one point per pixel for a single line; with many lines the chart library's cost per
 * point dominates, so the lines share a budget of MAX_POINTS_PER_CHART (never fewer than 120).
 */
const MAX_POINTS_PER_CHART = 2_400;
const pointsPerSeries = (widthPx: number, seriesCount: number) =>
  Math.max(120, Math.min(widthPx, Math.floor(MAX_POINTS_PER_CHART / Math.max(1, seriesCount))));

const CHART_HEIGHT_PX = 220;
const Y_AXIS_WIDTH_PX = 56;
const MARGIN = { top: 8, right: 32, bottom: 4, left: 0 };
/** Keyboard steps of the scrubber, in ms. */
const SCRUB_STEP_MS = 1_000;

interface Drawn {
  key: string;
  points: Point[];
  summary: SeriesSummary | undefined;
  skipped: number;
}

/** Redrawn on a timer from downsampled rings, never per message, and not while off screen. */
export function ChartCard({ chart }: { chart: ChartSpec }) {
  const { charts } = useServices();
  const revealChartId = useChartsStore((s) => s.revealChartId);
  const reveal = useChartsStore((s) => s.reveal);
  const figureRef = useRef<HTMLElement>(null);
  const visibleRef = useRef(true);
  const [widthPx, setWidthPx] = useState(600);
  const [pausedAtMs, setPausedAtMs] = useState<number | undefined>(undefined);
  const [scrubEndMs, setScrubEndMs] = useState<number | undefined>(undefined);
  const [drawn, setDrawn] = useState<Drawn[]>([]);
  const [range, setRange] = useState<TimeRange>({ fromMs: 0, toMs: 1 });
  const [oldestMs, setOldestMs] = useState<number | undefined>(undefined);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [hoverIndex, setHoverIndex] = useState<number | undefined>(undefined);
  /** Per wildcard spec: matching topics left out because its series limit was reached. */
  const [overflows, setOverflows] = useState<number[]>([]);

  // A chart made from a "Chart …" button elsewhere comes into view and takes focus.
  useEffect(() => {
    if (revealChartId !== chart.id) return;
    reveal(undefined);
    figureRef.current?.scrollIntoView({ block: 'center' });
    figureRef.current?.focus({ preventScroll: true });
  }, [revealChartId, chart.id, reveal]);

  useEffect(() => {
    const element = figureRef.current;
    if (!element) return;
    const observer = new IntersectionObserver(([e]) => {
      visibleRef.current = e?.isIntersecting ?? true;
    });
    observer.observe(element);
    const resize = new ResizeObserver(([e]) => {
      if (e) setWidthPx(Math.max(200, Math.floor(e.contentRect.width)));
    });
    resize.observe(element);
    return () => {
      observer.disconnect();
      resize.disconnect();
    };
  }, []);

  useEffect(() => {
    let lastVersions = '';
    const paused = pausedAtMs !== undefined;
    const redraw = (force: boolean) => {
      // Off screen or in a background tab: nothing to draw for.
      if (!force && (!visibleRef.current || document.hidden)) return;
      // Reads only: a series removed a moment ago is not brought back by a late redraw.
      const series = chart.series.map((s) => charts.samples(s.topic, s.path));
      const versions = series.map((s) => (s ? `${s.version}/${s.skipped}` : '-')).join(',');
      // A fixed range ("all kept", or paused) only changes when new samples arrive.
      if (!force && versions === lastVersions && chart.windowMs === 0) return;
      lastVersions = versions;
      let oldest: number | undefined;
      for (const s of series) {
        const t = s?.ring.timeAt(0);
        if (t !== undefined && (oldest === undefined || t < oldest)) oldest = t;
      }
      const r = visibleRange({
        nowMs: Date.now(),
        windowMs: chart.windowMs,
        oldestMs: oldest,
        pausedAtMs,
        scrubEndMs,
      });
      setOldestMs(oldest);
      setRange(r);
      setDrawn(
        series.map((s, i) =>
          s
            ? {
                key: s.key,
                skipped: s.skipped,
                ...pointsInWindow(
                  s.ring,
                  r.fromMs,
                  r.toMs,
                  pointsPerSeries(widthPx, series.length),
                ),
              }
            : { key: String(i), skipped: 0, points: [], summary: undefined },
        ),
      );
      setOverflows(
        (chart.wildcards ?? []).map((w) => charts.wildcard(w.filter, w.path)?.overflow ?? 0),
      );
    };
    redraw(true);
    if (paused) return;
    const timer = setInterval(() => redraw(false), CHART_REFRESH_MS);
    return () => clearInterval(timer);
  }, [chart, charts, pausedAtMs, scrubEndMs, widthPx]);

  const name = visibleText(chartName(chart));
  /** The samples in the chart's range as of now, read from the rings (not what was last drawn). */
  const visibleRows = (only?: ChartSeries) => {
    let oldest: number | undefined;
    for (const s of chart.series) {
      const t = charts.samples(s.topic, s.path)?.ring.timeAt(0);
      if (t !== undefined && (oldest === undefined || t < oldest)) oldest = t;
    }
    const now = visibleRange({
      nowMs: Date.now(),
      windowMs: chart.windowMs,
      oldestMs: oldest,
      pausedAtMs,
      scrubEndMs,
    });
    return chart.series
      .filter((s) => (only ? s === only : !s.hidden))
      .map((s) => {
        const window = charts.samples(s.topic, s.path)?.ring.copyRange(now.fromMs, now.toMs) ?? {
          xs: new Float64Array(0),
          ys: new Float64Array(0),
        };
        return {
          series: seriesName(s),
          points: Array.from(window.xs, (t, i) => [t, window.ys[i]!] as [number, number]),
        };
      });
  };
  const exportCsv = (only?: ChartSeries) =>
    downloadBlob(
      `brokerscope-chart-${chart.id}${only ? '-' + (chart.series.indexOf(only) + 1) : ''}.csv`,
      new Blob([toCsv(visibleRows(only))], { type: 'text/csv' }),
    );
  const exportImage = () => {
    const svg = figureRef.current?.querySelector<SVGSVGElement>('svg.recharts-surface');
    if (!svg) return;
    setProblem(undefined);
    // The legend goes into the picture too: which line is which, with last, min and max.
    const legend = chart.series
      .map((s, i) => ({ s, summary: drawn[i]?.summary }))
      .filter(({ s }) => !s.hidden)
      .map(({ s, summary }) => ({
        color: s.color,
        text: summary
          ? `${shownSeriesName(s)}   last ${formatChartNumber(summary.last)}   min ${formatChartNumber(summary.min)}   max ${formatChartNumber(summary.max)}`
          : `${shownSeriesName(s)}   no samples`,
      }));
    exportPng(svg, name, `brokerscope-chart-${chart.id}.png`, legend).catch((e: Error) =>
      setProblem(e.message),
    );
  };

  // Hovering snaps to the nearest time some shown series has a point at.
  const anchors = anchorsOf(drawn.map((d, i) => (chart.series[i]?.hidden ? [] : d.points)));
  const nearestAnchor = (t: number) => {
    const i = nearestIndex(anchors, t);
    return i < 0 ? undefined : i;
  };
  const plotLeftPx = MARGIN.left + Y_AXIS_WIDTH_PX;
  const plotRightPx = widthPx - MARGIN.right;
  const spanMs = Math.max(1, range.toMs - range.fromMs);
  const xOf = (t: number) =>
    plotLeftPx + ((t - range.fromMs) / spanMs) * (plotRightPx - plotLeftPx);
  const anchor = hoverIndex === undefined ? undefined : anchors[hoverIndex];
  const hoverMs = anchor?.t;
  const paused = pausedAtMs !== undefined;
  const bounds = paused ? scrubBounds(oldestMs, pausedAtMs, chart.windowMs) : undefined;
  const fixedY = chart.yMin != null || chart.yMax != null;

  return (
    <figure ref={figureRef} className="chart-card" aria-label={`Chart of ${name}`} tabIndex={-1}>
      <figcaption className="chart-head">
        <span className="chart-title" title={name}>
          {name}
        </span>
        <span className="row-actions">
          <select
            aria-label="Time window"
            value={chart.windowMs}
            onChange={(e) => charts.setWindow(chart.id, Number(e.target.value))}
          >
            {CHART_WINDOWS_MS.map((ms) => (
              <option key={ms} value={ms}>
                {windowLabel(ms)}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="small"
            aria-pressed={paused}
            onClick={() => {
              setScrubEndMs(undefined);
              setPausedAtMs(paused ? undefined : Date.now());
            }}
          >
            {paused ? 'Follow live' : 'Pause chart'}
          </button>
          <button type="button" className="small" onClick={() => exportCsv()}>
            Export CSV
          </button>
          <button type="button" className="small" onClick={exportImage}>
            Export PNG
          </button>
          <button
            type="button"
            className="small"
            onClick={() => charts.removeChart(chart.id)}
            aria-label={`Remove chart of ${name}`}
          >
            ✕
          </button>
        </span>
      </figcaption>
      <div className="chart-controls">
        <YAxisControls chart={chart} summaries={drawn.map((d) => d.summary)} />
        {paused && bounds && (
          <label className="inline chart-scrub">
            <span>Scrub</span>
            <input
              type="range"
              min={bounds.fromMs}
              max={bounds.toMs}
              step={SCRUB_STEP_MS}
              disabled={bounds.fromMs === bounds.toMs}
              value={Math.min(bounds.toMs, Math.max(bounds.fromMs, scrubEndMs ?? bounds.toMs))}
              aria-valuetext={`up to ${clockTime(range.toMs)}`}
              onChange={(e) => setScrubEndMs(Number(e.target.value))}
            />
            <span className="muted">
              {clockTime(range.fromMs)} – {clockTime(range.toMs)}
            </span>
          </label>
        )}
      </div>
      {problem && <p role="alert">{problem}</p>}
      <div
        className="chart-plot"
        role="group"
        aria-label="Chart values: arrow keys step through the samples"
        tabIndex={0}
        onMouseMove={(e) => {
          const x = e.clientX - e.currentTarget.getBoundingClientRect().left;
          const fraction = (x - plotLeftPx) / Math.max(1, plotRightPx - plotLeftPx);
          if (fraction < 0 || fraction > 1) setHoverIndex(undefined);
          else setHoverIndex(nearestAnchor(range.fromMs + fraction * (range.toMs - range.fromMs)));
        }}
        onMouseLeave={() => setHoverIndex(undefined)}
        onFocus={() => setHoverIndex(anchors.length - 1)}
        onBlur={() => setHoverIndex(undefined)}
        onKeyDown={(e) => {
          const step = e.key === 'ArrowLeft' ? -1 : e.key === 'ArrowRight' ? 1 : 0;
          if (step === 0 || anchors.length === 0) return;
          e.preventDefault();
          const from = hoverIndex ?? anchors.length - 1;
          setHoverIndex(Math.min(anchors.length - 1, Math.max(0, from + step)));
        }}
      >
        <TimePlot
          widthPx={widthPx}
          heightPx={CHART_HEIGHT_PX}
          margin={MARGIN}
          fromMs={range.fromMs}
          toMs={range.toMs}
          yDomain={fixedY ? [chart.yMin ?? 'auto', chart.yMax ?? 'auto'] : ['auto', 'auto']}
          clipY={fixedY}
          yAxisWidthPx={Y_AXIS_WIDTH_PX}
          lines={chart.series.flatMap((s, i) =>
            s.hidden
              ? []
              : [
                  {
                    key: `${s.topic}|${s.path}`,
                    name: shownSeriesName(s),
                    color: s.color,
                    points: drawn[i]?.points ?? [],
                  },
                ],
          )}
        />
        {hoverMs !== undefined && (
          <>
            <div className="chart-cursor" style={{ left: xOf(hoverMs) }} aria-hidden="true" />
            <ChartTooltip
              chart={chart}
              drawn={drawn}
              anchor={anchor!}
              style={
                xOf(hoverMs) > widthPx / 2
                  ? { right: widthPx - xOf(hoverMs) + 8 }
                  : { left: xOf(hoverMs) + 8 }
              }
            />
          </>
        )}
      </div>
      <table className="legend">
        <thead>
          <tr>
            <th scope="col">Series</th>
            <th scope="col">Last</th>
            <th scope="col">Min</th>
            <th scope="col">Max</th>
            <th scope="col">Avg</th>
            <th scope="col" title="Values missing, not numbers, or too large to draw">
              Not drawn
            </th>
            <th scope="col">
              <span className="chart-sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {chart.series.map((s, i) => {
            const d = drawn[i];
            const label = shownSeriesName(s);
            return (
              <tr key={`${s.topic}|${s.path}`}>
                <td>
                  <label className="checkbox">
                    <input
                      type="checkbox"
                      checked={!s.hidden}
                      onChange={() => charts.toggleSeries(chart.id, s.topic, s.path)}
                    />
                    <span className="swatch" style={{ background: s.color }} aria-hidden="true" />
                    {label}
                  </label>
                </td>
                <td>{d?.summary ? formatChartNumber(d.summary.last) : '–'}</td>
                <td>{d?.summary ? formatChartNumber(d.summary.min) : '–'}</td>
                <td>{d?.summary ? formatChartNumber(d.summary.max) : '–'}</td>
                <td>{d?.summary ? formatChartNumber(d.summary.avg) : '–'}</td>
                <td>{d ? d.skipped : 0}</td>
                <td className="row-actions">
                  <button
                    type="button"
                    className="small"
                    aria-label={`Export CSV of ${label}`}
                    onClick={() => exportCsv(s)}
                  >
                    CSV
                  </button>
                  <button
                    type="button"
                    className="small"
                    aria-label={`Remove series ${label}`}
                    onClick={() => charts.removeSeries(chart.id, s.topic, s.path)}
                  >
                    ✕
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <WildcardNotes chart={chart} overflows={overflows} />
    </figure>
  );
}

/** Each shown series' sample nearest the pointer: its exact value and time. */
function ChartTooltip({
  chart,
  drawn,
  anchor,
  style,
}: {
  chart: ChartSpec;
  drawn: Drawn[];
  anchor: Anchor;
  style: CSSProperties;
}) {
  const atMs = anchor.t;
  return (
    <div className="chart-tooltip" role="tooltip" style={style}>
      <div className="chart-tooltip-time">{clockTime(atMs)}</div>
      <ul>
        {chart.series.map((s, i) => {
          const points = drawn[i]?.points ?? [];
          // The anchored series shows the very sample; the others their nearest one.
          const p = s.hidden
            ? undefined
            : i === anchor.series
              ? points[anchor.index]
              : nearestPoint(points, atMs);
          if (!p) return null;
          return (
            <li key={`${s.topic}|${s.path}`}>
              <span className="swatch" style={{ background: s.color }} aria-hidden="true" />
              {shownSeriesName(s)}: <strong>{String(p.v)}</strong>
              {p.t !== atMs && <span className="muted"> at {clockTime(p.t)}</span>}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function WildcardNotes({ chart, overflows }: { chart: ChartSpec; overflows: number[] }) {
  if (!chart.wildcards?.length) return null;
  return (
    <ul className="small-note wildcard-notes">
      {chart.wildcards.map((w, i) => {
        const overflow = overflows[i] ?? 0;
        return (
          <li key={`${w.filter}|${w.path}`}>
            Adds {visibleText(w.path)} of each new topic matching {visibleText(w.filter)}
            {overflow > 0 ? ` (${overflow} more matching topics not charted: limit reached)` : ''}
          </li>
        );
      })}
    </ul>
  );
}
