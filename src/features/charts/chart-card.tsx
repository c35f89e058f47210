import { startTransition, useEffect, useId, useRef, useState } from 'react';
import { TimePlot } from '../../components/time-plot';
import { scrubBounds, visibleRange } from '../../domain/chart-window';
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
import { csvBlob } from './export-csv';
import { clockTime, windowLabel } from '../../domain/time-format';
import { YAxisControls } from './y-axis-controls';
import { visibleText } from '../../domain/visible-text';
import { ChartEngine, EMPTY_VIEW, type ChartView } from './chart-engine';
import { ChartPlot } from './chart-plot';

/** A series' name as shown: invisible characters of its topic or path as marks (⟨RLO⟩…). */
const shownSeriesName = (s: ChartSeries) => visibleText(seriesName(s));
const seriesKeyOf = (s: ChartSeries) => `${s.topic}\u0000${s.path}`;

const CHART_HEIGHT_PX = 220;
const Y_AXIS_WIDTH_PX = 56;
const MARGIN = { top: 8, right: 32, bottom: 4, left: 0 };
/** Keyboard steps of the scrubber, in ms. */
const SCRUB_STEP_MS = 1_000;
const AUTO_Y: ['auto', 'auto'] = ['auto', 'auto'];
const EMPTY_Y: [number, number] = [0, 1];

/**
 * The value axis: fixed bounds cut the lines; automatic, recharts rounds the window's min and
 * max (from the columns) out to nice ticks; with nothing to show, 0 to 1.
 */
function yAxisOf(view: ChartView, fixed: boolean) {
  if (fixed) return { yDomain: view.yDomain, clipY: true };
  if (view.yFromData) return { yDomain: AUTO_Y, yExtent: view.yDomain, clipY: false };
  return { yDomain: EMPTY_Y, clipY: true };
}

/**
 * One chart: recharts draws the frame (axes, grid) and the card its controls and legend, at most
 * four times a second; the lines are drawn on a canvas by a ChartEngine from per-pixel columns
 * kept up to date from the rings, and not at all while off screen.
 */
export function ChartCard({ chart }: { chart: ChartSpec }) {
  const { charts } = useServices();
  const revealChartId = useChartsStore((s) => s.revealChartId);
  const reveal = useChartsStore((s) => s.reveal);
  const figureRef = useRef<HTMLElement>(null);
  const descriptionId = useId();
  const [widthPx, setWidthPx] = useState(600);
  const [pausedAtMs, setPausedAtMs] = useState<number | undefined>(undefined);
  const [scrubEndMs, setScrubEndMs] = useState<number | undefined>(undefined);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [view, setView] = useState<ChartView>(() => ({
    ...EMPTY_VIEW,
    range: visibleRange({ nowMs: Date.now(), windowMs: chart.windowMs, oldestMs: undefined }),
  }));
  // Views come from the engine's animation frame, at most four times a second. They render as a
  // transition, in slices that leave room for frames (a synchronous render of the axes and a
  // legend of ten series took 9-18 ms of one frame); the lines follow the plot area and scales
  // recharts reports once it has rendered, so they always match the axes shown.
  const [engine] = useState(
    () =>
      new ChartEngine(
        (topic, path) => charts.samples(topic, path),
        (next) => startTransition(() => setView(next)),
      ),
  );

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
    const observer = new IntersectionObserver(([e]) =>
      engine.setVisible(e?.isIntersecting ?? true),
    );
    observer.observe(element);
    const resize = new ResizeObserver(([e]) => {
      if (e) setWidthPx(Math.max(200, Math.floor(e.contentRect.width)));
    });
    resize.observe(element);
    return () => {
      observer.disconnect();
      resize.disconnect();
    };
  }, [engine]);

  useEffect(() => {
    engine.setSeries(
      chart.series.map((s) => ({
        key: seriesKeyOf(s),
        topic: s.topic,
        path: s.path,
        color: s.color,
        hidden: s.hidden,
      })),
    );
  }, [engine, chart.series]);

  useEffect(() => {
    engine.setOptions({
      windowMs: chart.windowMs,
      pausedAtMs,
      scrubEndMs,
      yMin: chart.yMin ?? null,
      yMax: chart.yMax ?? null,
      plotWidthPx: widthPx - MARGIN.left - Y_AXIS_WIDTH_PX - MARGIN.right,
    });
  }, [engine, chart.windowMs, chart.yMin, chart.yMax, pausedAtMs, scrubEndMs, widthPx]);

  const name = visibleText(chartName(chart));
  const summaryOf = (s: ChartSeries) => view.summaries.get(seriesKeyOf(s));
  /** The samples in the chart's range as of now, copied from the rings. */
  const visibleSeries = (only?: ChartSeries) => {
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
      .map((s) => ({
        name: seriesName(s),
        ...(charts.samples(s.topic, s.path)?.ring.copyRange(now.fromMs, now.toMs) ?? {
          xs: new Float64Array(0),
          ys: new Float64Array(0),
        }),
      }));
  };
  const exportCsv = (only?: ChartSeries) => {
    const file = `brokerscope-chart-${chart.id}${only ? '-' + (chart.series.indexOf(only) + 1) : ''}.csv`;
    csvBlob(visibleSeries(only))
      .then((blob) => downloadBlob(file, blob))
      .catch((e: Error) => setProblem(`The CSV could not be written: ${e.message}`));
  };
  const exportImage = () => {
    const svg = figureRef.current?.querySelector<SVGSVGElement>('svg.recharts-surface');
    if (!svg) return;
    const lines = figureRef.current?.querySelector<HTMLCanvasElement>('canvas.chart-lines');
    setProblem(undefined);
    // The legend goes into the picture too: which line is which, with last, min and max.
    const legend = chart.series
      .filter((s) => !s.hidden)
      .map((s) => {
        const summary = summaryOf(s);
        return {
          color: s.color,
          text: summary
            ? `${shownSeriesName(s)}   last ${formatChartNumber(summary.last)}   min ${formatChartNumber(summary.min)}   max ${formatChartNumber(summary.max)}`
            : `${shownSeriesName(s)}   no samples`,
        };
      });
    exportPng(svg, name, `brokerscope-chart-${chart.id}.png`, legend, lines ? [lines] : []).catch(
      (e: Error) => setProblem(e.message),
    );
  };

  const paused = pausedAtMs !== undefined;
  const range = view.range;
  const bounds = paused ? scrubBounds(view.oldestMs, pausedAtMs, chart.windowMs) : undefined;
  const fixedY = chart.yMin != null || chart.yMax != null;
  /** Per wildcard spec: matching topics left out because its series limit was reached. */
  const overflows = (chart.wildcards ?? []).map(
    (w) => charts.wildcard(w.filter, w.path)?.overflow ?? 0,
  );

  return (
    <figure
      ref={figureRef}
      className="chart-card"
      aria-label={`Chart of ${name}`}
      aria-describedby={descriptionId}
      tabIndex={-1}
    >
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
      <p id={descriptionId} className="chart-sr-only">
        {chart.series
          .map((s) => {
            const summary = summaryOf(s);
            return summary
              ? `${shownSeriesName(s)}: last ${formatChartNumber(summary.last)}, min ${formatChartNumber(summary.min)}, max ${formatChartNumber(summary.max)}`
              : `${shownSeriesName(s)}: no samples`;
          })
          .join('; ')}
      </p>
      <div className="chart-controls">
        <YAxisControls chart={chart} summaries={chart.series.map(summaryOf)} />
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
      <ChartPlot engine={engine} widthPx={widthPx}>
        <TimePlot
          widthPx={widthPx}
          heightPx={CHART_HEIGHT_PX}
          margin={MARGIN}
          fromMs={range.fromMs}
          toMs={range.toMs}
          {...yAxisOf(view, fixedY)}
          yAxisWidthPx={Y_AXIS_WIDTH_PX}
          onFrame={engine.onFrame}
        />
      </ChartPlot>
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
          {chart.series.map((s) => {
            const summary = summaryOf(s);
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
                <td>{summary ? formatChartNumber(summary.last) : '–'}</td>
                <td>{summary ? formatChartNumber(summary.min) : '–'}</td>
                <td>{summary ? formatChartNumber(summary.max) : '–'}</td>
                <td>{summary ? formatChartNumber(summary.avg) : '–'}</td>
                <td>{view.skipped.get(seriesKeyOf(s)) ?? 0}</td>
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
