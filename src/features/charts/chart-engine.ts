/**
 * What keeps a chart's lines: per series, pixel columns (min / max / first / last) kept up to
 * date from its sample ring, drawn on a canvas laid exactly over recharts' plot area, with the
 * hover crosshair on a second canvas above it. recharts draws only the frame: axes, grid.
 *
 * - Data: every AXIS_REFRESH_MS (at most four times a second) a tick reads the rings' new
 *   samples into the columns, works out the window, the legend figures and the y range, and
 *   hands them to React (`onView`): the axes and legend render then, never per message or per
 *   mouse move. A window that changes rebuilds the columns in chunks of at most FRAME_BUDGET_MS
 *   per animation frame (shared by all charts), showing the last complete lines meanwhile.
 * - Drawing: on requestAnimationFrame, only when data, size, window, hover or theme changed;
 *   one step per pixel column whatever the number of points; at the device pixel ratio.
 * - Nothing at all runs while the chart is off screen or the tab is hidden, nor for a chart
 *   without series; a removed series is no longer drawn from the next frame on.
 * - Each frame's work (with the axes and legend it hands to React) and each redraw of the
 *   lines leave a User Timing measure (CHART_FRAME_MEASURE, CHART_REDRAW_MEASURE) that a
 *   profile or the benchmark can read; only the newest few hundred are kept.
 */
import { columnMsFor } from '../../domain/column-buckets';
import { visibleRange, type TimeRange } from '../../domain/chart-window';
import { RingColumns, type ColumnWindow, type WindowSummary } from '../../domain/ring-columns';
import {
  lastSample,
  locate,
  nearestInSeries,
  nearestSample,
  stepSample,
  type SampleAt,
} from '../../domain/sample-cursor';
import { seriesName } from '../../domain/chart-specs';
import { visibleText } from '../../domain/visible-text';
import type { PlotFrame } from '../../components/time-plot';
import type { ChartSeriesService } from '../../services/chart-series';
import type { ChartTooltip, TooltipRow } from './chart-tooltip';

type Sampled = NonNullable<ReturnType<ChartSeriesService['samples']>>;

/** The axes and legend render at most this often (ms). */
export const AXIS_REFRESH_MS = 250;
/** Work on rebuilding columns per animation frame, over all charts (ms). */
export const FRAME_BUDGET_MS = 8;
/** The lines canvas reaches this far past the plot area, so a line along an edge is whole. */
export const CANVAS_PAD_PX = 2;
const PUMP_CHUNK = 4096;
const MAX_COLUMNS = 8192;
const LINE_WIDTH_PX = 1;
/** A chart's work in one animation frame: columns, lines and crosshair (main-thread script). */
export const CHART_FRAME_MEASURE = 'chart-frame';
/** One redraw of a chart's lines (its canvas draw calls, not the later rasterizing). */
export const CHART_REDRAW_MEASURE = 'chart-redraw';
/** Measures left before the oldest are cleared, so they never pile up. */
const MEASURES_KEPT = 512;
let measuresLeft = MEASURES_KEPT;

function measureSince(name: string, startMs: number): void {
  if (typeof performance.measure !== 'function') return;
  performance.measure(name, { start: startMs, end: performance.now() });
  if (--measuresLeft > 0) return;
  measuresLeft = MEASURES_KEPT;
  performance.clearMeasures(CHART_FRAME_MEASURE);
  performance.clearMeasures(CHART_REDRAW_MEASURE);
}
const DOT_RADIUS_PX = 3;

export interface EngineSeries {
  key: string;
  topic: string;
  path: string;
  color: string;
  hidden: boolean;
}

export interface ChartOptions {
  /** Span shown; 0 means everything kept. */
  windowMs: number;
  pausedAtMs: number | undefined;
  scrubEndMs: number | undefined;
  yMin: number | null;
  yMax: number | null;
  /** Width of the plot area in CSS px (the columns are its device pixels). */
  plotWidthPx: number;
}

/** What the axes and the legend show, handed to React after each tick that changed it. */
export interface ChartView {
  range: TimeRange;
  oldestMs: number | undefined;
  /** The value axis' range: the window's min and max over shown series, or the fixed bounds. */
  yDomain: [number, number];
  /** Whether some shown series has samples in the window (else yDomain is a placeholder). */
  yFromData: boolean;
  /** Per series key: figures of its samples in the window (none when it has none). */
  summaries: ReadonlyMap<string, WindowSummary>;
  /** Per series key: values counted as not drawn. */
  skipped: ReadonlyMap<string, number>;
}

export const EMPTY_VIEW: ChartView = {
  range: { fromMs: 0, toMs: 1 },
  oldestMs: undefined,
  yDomain: [0, 1],
  yFromData: false,
  summaries: new Map(),
  skipped: new Map(),
};

interface SeriesState {
  sampled: Sampled;
  columns: RingColumns;
}

/** The rebuild budget of the current animation frame, shared by every chart. */
const frameBudget = { frame: -1, usedMs: 0 };

const sameSummary = (a: WindowSummary | undefined, b: WindowSummary | undefined) =>
  a === b ||
  (!!a &&
    !!b &&
    a.count === b.count &&
    a.min === b.min &&
    a.max === b.max &&
    a.last === b.last &&
    a.avg === b.avg);

function sameView(a: ChartView, b: ChartView): boolean {
  if (
    a.range.fromMs !== b.range.fromMs ||
    a.range.toMs !== b.range.toMs ||
    a.oldestMs !== b.oldestMs ||
    a.yDomain[0] !== b.yDomain[0] ||
    a.yDomain[1] !== b.yDomain[1] ||
    a.yFromData !== b.yFromData ||
    a.summaries.size !== b.summaries.size ||
    a.skipped.size !== b.skipped.size
  ) {
    return false;
  }
  for (const [key, s] of a.summaries) if (!sameSummary(s, b.summaries.get(key))) return false;
  for (const [key, n] of a.skipped) if (b.skipped.get(key) !== n) return false;
  return true;
}

const sameOptions = (a: ChartOptions, b: ChartOptions) =>
  a.windowMs === b.windowMs &&
  a.pausedAtMs === b.pausedAtMs &&
  a.scrubEndMs === b.scrubEndMs &&
  a.yMin === b.yMin &&
  a.yMax === b.yMax &&
  a.plotWidthPx === b.plotWidthPx;

const sameFrame = (a: PlotFrame | undefined, b: PlotFrame) =>
  !!a &&
  a.left === b.left &&
  a.top === b.top &&
  a.width === b.width &&
  a.height === b.height &&
  a.fromMs === b.fromMs &&
  a.toMs === b.toMs &&
  a.yTop === b.yTop &&
  a.yBottom === b.yBottom &&
  a.yDomain[0] === b.yDomain[0] &&
  a.yDomain[1] === b.yDomain[1];

const sameSample = (a: SampleAt | undefined, b: SampleAt | undefined) =>
  a === b || (!!a && !!b && a.series === b.series && a.t === b.t && a.index === b.index);

const dpr = () => Math.max(1, window.devicePixelRatio || 1);

export class ChartEngine {
  private series: EngineSeries[] = [];
  private readonly states = new Map<string, SeriesState>();
  private options: ChartOptions = {
    windowMs: 0,
    pausedAtMs: undefined,
    scrubEndMs: undefined,
    yMin: null,
    yMax: null,
    plotWidthPx: 500,
  };
  private columnMs: number | undefined;
  private view: ChartView = EMPTY_VIEW;
  private frame: PlotFrame | undefined;
  private lines: HTMLCanvasElement | undefined;
  private overlay: HTMLCanvasElement | undefined;
  private tooltip: ChartTooltip | undefined;
  private canvasKey = '';
  private drawnSamples = '';
  private visible = true;
  private attached = false;
  private raf = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private tickDue = true;
  /** The window being built: its columns are pumped until complete, then shown. */
  private target: { range: TimeRange; oldestMs: number | undefined } | undefined;
  private linesDirty = true;
  private overlayDirty = false;
  private hover: SampleAt | undefined;
  /** The crosshair's colour, read from the theme once per theme (reading it forces a style pass). */
  private crosshairColor: string | undefined;
  /** When the last view went to React (performance.now()). */
  private lastViewAt = Number.NEGATIVE_INFINITY;
  /** Sum of the series' column revisions when the lines were last drawn. */
  private drawnRevision = -1;
  private readonly cleanups: Array<() => void> = [];

  constructor(
    private readonly source: (topic: string, path: string) => Sampled | undefined,
    private readonly onView: (view: ChartView) => void,
  ) {}

  /**
   * Starts drawing on these canvases (the lines, and the crosshair above them); the tooltip
   * box follows the crosshair.
   */
  attach(lines: HTMLCanvasElement, overlay: HTMLCanvasElement, tooltip?: ChartTooltip): void {
    this.detach();
    this.lines = lines;
    this.overlay = overlay;
    this.tooltip = tooltip;
    this.canvasKey = '';
    this.drawnSamples = '';
    this.attached = true;
    this.crosshairColor = undefined;
    const redraw = () => {
      this.crosshairColor = undefined;
      this.linesDirty = true;
      this.overlayDirty = true;
      this.request();
    };
    const onVisibility = () => {
      if (document.hidden) return;
      this.tickDue = true;
      redraw();
    };
    document.addEventListener('visibilitychange', onVisibility);
    this.cleanups.push(() => document.removeEventListener('visibilitychange', onVisibility));
    // Theme: <html data-theme> or the system's colour scheme.
    const themes = new MutationObserver(redraw);
    themes.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    this.cleanups.push(() => themes.disconnect());
    const scheme = window.matchMedia?.('(prefers-color-scheme: dark)');
    scheme?.addEventListener('change', redraw);
    this.cleanups.push(() => scheme?.removeEventListener('change', redraw));
    this.watchPixelRatio();
    this.tickDue = true;
    redraw();
  }

  /** Stops every timer, frame and listener; attach() starts again. */
  detach(): void {
    this.attached = false;
    this.tooltip?.hide();
    if (this.raf) cancelAnimationFrame(this.raf);
    this.raf = 0;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }

  setVisible(visible: boolean): void {
    if (visible === this.visible) return;
    this.visible = visible;
    if (!visible) return;
    this.tickDue = true;
    this.linesDirty = true;
    this.overlayDirty = true;
    this.request();
  }

  setSeries(series: EngineSeries[]): void {
    const keys = new Set(series.map((s) => s.key));
    for (const key of this.states.keys()) if (!keys.has(key)) this.states.delete(key);
    const same =
      series.length === this.series.length &&
      series.every((s, i) => {
        const o = this.series[i]!;
        return o.key === s.key && o.color === s.color && o.hidden === s.hidden;
      });
    this.series = series;
    if (same) return;
    // The hovered sample's series index may name another series now.
    this.hover = undefined;
    this.overlayDirty = true;
    // Drawn again at once (a removed series goes by the next frame); the legend follows.
    this.linesDirty = true;
    this.request();
    this.requestTick();
  }

  setOptions(options: ChartOptions): void {
    if (sameOptions(options, this.options)) return;
    this.options = options;
    this.linesDirty = true;
    this.request();
    this.requestTick();
  }

  /** recharts laid the plot out (TimePlot's onFrame): the lines follow its area and scales. */
  readonly onFrame = (frame: PlotFrame): void => {
    if (sameFrame(this.frame, frame)) return;
    this.frame = frame;
    this.linesDirty = true;
    this.overlayDirty = true;
    this.request();
  };

  /** The sample the crosshair and the tooltip mark, or none. */
  setHover(sample: SampleAt | undefined): void {
    if (sameSample(sample, this.hover)) return;
    this.hover = sample;
    this.overlayDirty = true;
    this.request();
  }

  /** The sample marked now, if any. */
  hovered(): SampleAt | undefined {
    return this.hover;
  }

  // ---- Samples for the tooltip, read straight from the rings over the window shown. ----

  private rings() {
    return this.series.map((s) => (s.hidden ? undefined : this.states.get(s.key)?.sampled.ring));
  }

  nearest(timeMs: number): SampleAt | undefined {
    return nearestSample(this.rings(), timeMs, this.view.range.fromMs, this.view.range.toMs);
  }

  last(): SampleAt | undefined {
    return lastSample(this.rings(), this.view.range.fromMs, this.view.range.toMs);
  }

  step(from: SampleAt, step: 1 | -1): SampleAt | undefined {
    return stepSample(this.rings(), from, step, this.view.range.fromMs, this.view.range.toMs);
  }

  /** Per series (by index; undefined when hidden or empty): the sample to show for `at`. */
  private rowsAt(at: SampleAt): Array<SampleAt | undefined> {
    const rings = this.rings();
    const { fromMs, toMs } = this.view.range;
    return rings.map((_, i) =>
      i === at.series ? (locate(rings, at) ?? at) : nearestInSeries(rings, i, at.t, fromMs, toMs),
    );
  }

  /** The time under a point `x` px from the left of the chart, or none outside the plot. */
  timeAtX(x: number): number | undefined {
    const f = this.frame;
    if (!f) return undefined;
    const fraction = (x - f.left) / Math.max(1, f.width);
    if (fraction < 0 || fraction > 1) return undefined;
    return f.fromMs + fraction * (f.toMs - f.fromMs);
  }

  /** Where a time is, in px from the left of the chart. */
  private xOfTime(timeMs: number): number {
    const f = this.frame;
    if (!f) return 0;
    const span = f.toMs - f.fromMs;
    return f.left + (span > 0 ? ((timeMs - f.fromMs) / span) * f.width : 0);
  }

  // ---- Scheduling ----

  private request(): void {
    if (this.raf || !this.attached) return;
    this.raf = requestAnimationFrame(this.run);
  }

  private get active(): boolean {
    return this.attached && this.visible && !document.hidden;
  }

  private readonly run = (frameTime: number): void => {
    this.raf = 0;
    // Off screen or in a background tab: nothing is read or drawn until it shows again.
    if (!this.active) return;
    const startMs = performance.now();
    if (frameBudget.frame !== frameTime) {
      frameBudget.frame = frameTime;
      frameBudget.usedMs = 0;
    }
    if (this.tickDue && !this.target) {
      this.tickDue = false;
      this.startTick();
    }
    if (this.target) {
      if (this.pumpAll()) this.finishTick();
      else this.request();
    }
    if (this.linesDirty) this.drawLines();
    if (this.overlayDirty) this.drawOverlay();
    measureSince(CHART_FRAME_MEASURE, startMs);
  };

  private scheduleTick(): void {
    if (this.timer !== undefined || this.series.length === 0 || !this.attached) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.tickDue = true;
      this.request();
    }, AXIS_REFRESH_MS);
  }

  /** A tick as soon as the axes may render again (at most four times a second). */
  private requestTick(): void {
    const waitMs = this.lastViewAt + AXIS_REFRESH_MS - performance.now();
    if (waitMs <= 0) {
      this.tickDue = true;
      this.request();
      return;
    }
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (!this.attached) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.tickDue = true;
      this.request();
    }, waitMs);
  }

  /** Reads which window to show and sets every series' columns to it. */
  private startTick(): void {
    let oldestMs: number | undefined;
    const fresh: Array<[string, Sampled]> = [];
    for (const s of this.series) {
      // Reads only: a series removed a moment ago is not brought back by a late tick.
      const sampled = this.source(s.topic, s.path);
      if (!sampled) {
        this.states.delete(s.key);
        continue;
      }
      if (this.states.get(s.key)?.sampled !== sampled) fresh.push([s.key, sampled]);
      const t = sampled.ring.timeAt(0);
      if (t !== undefined && (oldestMs === undefined || t < oldestMs)) oldestMs = t;
    }
    const o = this.options;
    const range = visibleRange({
      nowMs: Date.now(),
      windowMs: o.windowMs,
      oldestMs,
      pausedAtMs: o.pausedAtMs,
      scrubEndMs: o.scrubEndMs,
    });
    const columns = this.columnCount();
    const spanMs = Math.max(1, range.toMs - range.fromMs);
    this.columnMs = columnMsFor(spanMs, columns, o.windowMs === 0, this.columnMs);
    const columnWindow = this.columnWindow(
      range.fromMs,
      o.pausedAtMs === undefined ? Number.POSITIVE_INFINITY : range.toMs,
    );
    for (const [key, sampled] of fresh) {
      this.states.set(key, { sampled, columns: new RingColumns(sampled.ring, columnWindow) });
    }
    for (const state of this.states.values()) state.columns.setWindow(columnWindow);
    this.target = { range, oldestMs };
  }

  private columnCount(): number {
    const width = this.frame?.width ?? this.options.plotWidthPx;
    return Math.min(MAX_COLUMNS, Math.max(16, Math.round(width * dpr())));
  }

  private columnWindow(fromMs: number, limitMs: number): ColumnWindow {
    const columnMs = this.columnMs ?? 1;
    const columns = this.columnCount();
    return {
      columnMs,
      firstColumn: Math.floor(fromMs / columnMs),
      limitMs,
      // Room for live samples past the window's right edge until the next tick moves it on.
      maxColumns: 2 * columns + 64,
    };
  }

  /** Takes new samples into every series' columns, within the frame's budget; true when done. */
  private pumpAll(): boolean {
    const start = performance.now();
    let done = true;
    for (const state of this.states.values()) {
      const { columns, sampled } = state;
      while (columns.pending(sampled.version)) {
        columns.pump(sampled.version, PUMP_CHUNK);
        if (frameBudget.usedMs + performance.now() - start >= FRAME_BUDGET_MS) break;
      }
      if (columns.pending(sampled.version)) {
        done = false;
        break;
      }
    }
    frameBudget.usedMs += performance.now() - start;
    return done;
  }

  /** The columns are complete: the legend, the y range and the window go to the axes. */
  private finishTick(): void {
    const { range, oldestMs } = this.target!;
    this.target = undefined;
    const summaries = new Map<string, WindowSummary>();
    const skipped = new Map<string, number>();
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const s of this.series) {
      const state = this.states.get(s.key);
      if (!state) continue;
      skipped.set(s.key, state.sampled.skipped);
      const summary = state.columns.summary(range.fromMs, range.toMs);
      if (!summary) continue;
      summaries.set(s.key, summary);
      if (s.hidden) continue;
      if (summary.min < min) min = summary.min;
      if (summary.max > max) max = summary.max;
    }
    const o = this.options;
    const auto: [number, number] = min <= max ? [min, max] : [0, 1];
    const yDomain: [number, number] =
      o.yMin != null || o.yMax != null ? [o.yMin ?? auto[0], o.yMax ?? auto[1]] : auto;
    const yFromData = min <= max;
    const view: ChartView = { range, oldestMs, yDomain, yFromData, summaries, skipped };
    // Drawn again only when some series' columns changed or the view did.
    if (this.revision() !== this.drawnRevision) this.linesDirty = true;
    this.scheduleTick();
    if (sameView(view, this.view)) return;
    this.view = view;
    this.linesDirty = true;
    // The tooltip's other series show their samples nearest the marked one: new data moves them.
    if (this.hover) this.overlayDirty = true;
    this.lastViewAt = performance.now();
    this.onView(view);
  }

  private revision(): number {
    let sum = 0;
    for (const state of this.states.values()) sum += state.columns.revision;
    return sum;
  }

  // ---- Drawing ----

  /** Sizes both canvases to the plot area (plus padding) at the device pixel ratio. */
  private fit(frame: PlotFrame, ratio: number): void {
    const cssWidth = frame.width + 2 * CANVAS_PAD_PX;
    const cssHeight = frame.height + 2 * CANVAS_PAD_PX;
    const key = `${frame.left},${frame.top},${cssWidth},${cssHeight},${ratio}`;
    if (key === this.canvasKey) return;
    this.canvasKey = key;
    for (const canvas of [this.lines, this.overlay]) {
      if (!canvas) continue;
      canvas.width = Math.round(cssWidth * ratio);
      canvas.height = Math.round(cssHeight * ratio);
      canvas.style.left = `${frame.left - CANVAS_PAD_PX}px`;
      canvas.style.top = `${frame.top - CANVAS_PAD_PX}px`;
      canvas.style.width = `${cssWidth}px`;
      canvas.style.height = `${cssHeight}px`;
    }
    this.overlayDirty = true;
  }

  private drawLines(): void {
    const frame = this.frame;
    const canvas = this.lines;
    const ctx = canvas?.getContext('2d');
    if (!frame || !canvas || !ctx) return;
    const startMs = performance.now();
    this.linesDirty = false;
    this.drawnRevision = this.revision();
    const ratio = dpr();
    this.fit(frame, ratio);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    const pad = CANVAS_PAD_PX * ratio;
    const width = frame.width * ratio;
    const height = frame.height * ratio;
    const spanMs = frame.toMs - frame.fromMs;
    const ySpan = frame.yTop - frame.yBottom;
    const drawnCounts: number[] = [];
    if (spanMs > 0) {
      const fixed = this.options.yMin != null || this.options.yMax != null;
      ctx.save();
      if (fixed) {
        // A fixed range cuts the lines at the plot's edges.
        ctx.beginPath();
        ctx.rect(pad, pad, width, height);
        ctx.clip();
      }
      const xPerMs = width / spanMs;
      const yOf = (v: number) =>
        pad + (ySpan !== 0 ? ((frame.yTop - v) / ySpan) * height : height / 2);
      ctx.lineWidth = LINE_WIDTH_PX * ratio;
      ctx.lineJoin = 'round';
      ctx.lineCap = 'round';
      for (const s of this.series) {
        const state = this.states.get(s.key);
        if (s.hidden || !state) continue;
        drawnCounts.push(this.view.summaries.get(s.key)?.count ?? 0);
        const b = state.columns.shown;
        const ms = b.columnMs;
        const first = Math.max(b.firstColumn, b.columnOf(frame.fromMs));
        const last = Math.min(b.endColumn - 1, b.columnOf(frame.toMs));
        ctx.strokeStyle = s.color;
        ctx.fillStyle = s.color;
        // The line goes through each column's first and last sample; the column's min-max range
        // is a bar of the line's width. A single stroked path that also went up and down each
        // column overlapped itself thousands of times, and rasterizing it in software took up
        // to 200 ms per redraw; bars are axis-aligned rectangles, cheap to fill.
        const barWidth = ctx.lineWidth;
        ctx.beginPath();
        let drawn = 0;
        let flat = true;
        let x = 0;
        let y = 0;
        for (let c = first; c <= last; c++) {
          const n = b.count(c);
          if (n === 0) continue;
          // The column's centre, kept inside the plot for the edge columns.
          x = Math.min(pad + width, Math.max(pad, pad + ((c + 0.5) * ms - frame.fromMs) * xPerMs));
          y = yOf(b.first(c));
          if (drawn === 0) ctx.moveTo(x, y);
          else ctx.lineTo(x, y);
          if (n > 1) {
            const lo = b.min(c);
            const hi = b.max(c);
            if (lo !== hi) {
              flat = false;
              const top = yOf(hi);
              ctx.fillRect(x - barWidth / 2, top, barWidth, Math.max(barWidth, yOf(lo) - top));
            }
            ctx.lineTo(x, yOf(b.last(c)));
          }
          drawn++;
        }
        if (drawn === 1 && flat) {
          // A single point has no line: a dot marks it.
          ctx.beginPath();
          ctx.arc(x, y, DOT_RADIUS_PX * ratio * 0.6, 0, 2 * Math.PI);
          ctx.fill();
        } else if (drawn > 0) {
          ctx.stroke();
        }
      }
      ctx.restore();
    }
    // What the line was drawn from, per shown series: every sample in the window.
    const samples = drawnCounts.join(' ');
    if (samples !== this.drawnSamples) {
      this.drawnSamples = samples;
      canvas.dataset.samples = samples;
    }
    measureSince(CHART_REDRAW_MEASURE, startMs);
  }

  private drawOverlay(): void {
    const frame = this.frame;
    const canvas = this.overlay;
    const ctx = canvas?.getContext('2d');
    if (!frame || !canvas || !ctx) return;
    this.overlayDirty = false;
    const ratio = dpr();
    this.fit(frame, ratio);
    this.overlayDirty = false;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    const hover = this.hover;
    const pad = CANVAS_PAD_PX * ratio;
    const spanMs = frame.toMs - frame.fromMs;
    const ySpan = frame.yTop - frame.yBottom;
    if (!hover || !(spanMs > 0)) {
      this.tooltip?.hide();
      return;
    }
    const xOf = (t: number) => pad + ((t - frame.fromMs) / spanMs) * frame.width * ratio;
    const yOf = (v: number) =>
      pad + (ySpan !== 0 ? ((frame.yTop - v) / ySpan) * frame.height * ratio : 0);
    const x = Math.round(xOf(hover.t)) + 0.5;
    // The crosshair takes the theme's muted text colour (the canvas' CSS colour).
    this.crosshairColor ??= getComputedStyle(canvas).color || '#888';
    ctx.strokeStyle = this.crosshairColor;
    ctx.lineWidth = Math.max(1, Math.round(ratio));
    ctx.beginPath();
    ctx.moveTo(x, pad);
    ctx.lineTo(x, pad + frame.height * ratio);
    ctx.stroke();
    const rows = this.rowsAt(hover);
    this.showTooltip(hover, rows);
    rows.forEach((row, i) => {
      const s = this.series[i];
      if (!row || !s) return;
      const y = yOf(row.v);
      if (y < pad || y > pad + frame.height * ratio) return;
      ctx.fillStyle = s.color;
      ctx.beginPath();
      ctx.arc(xOf(row.t), y, DOT_RADIUS_PX * ratio, 0, 2 * Math.PI);
      ctx.fill();
    });
  }

  private showTooltip(hover: SampleAt, rows: Array<SampleAt | undefined>): void {
    const tooltip = this.tooltip;
    if (!tooltip) return;
    const shown = rows.map((row, i): TooltipRow | undefined => {
      const s = this.series[i];
      if (!row || !s || s.hidden) return undefined;
      return { name: visibleText(seriesName(s)), color: s.color, value: row.v, atMs: row.t };
    });
    tooltip.show(hover.t, shown, this.xOfTime(hover.t));
  }

  /** A new device pixel ratio (zoom, another screen): columns and canvases follow it. */
  private watchPixelRatio(): void {
    if (!window.matchMedia) return;
    const query = window.matchMedia(`(resolution: ${dpr()}dppx)`);
    const changed = () => {
      query.removeEventListener('change', changed);
      this.canvasKey = '';
      this.tickDue = true;
      this.linesDirty = true;
      this.request();
      if (this.attached) this.watchPixelRatio();
    };
    query.addEventListener('change', changed);
    this.cleanups.push(() => query.removeEventListener('change', changed));
  }
}
