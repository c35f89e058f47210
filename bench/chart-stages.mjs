// The chart stages (issue 14): charts seeded through the app's stored state, filled with
// samples, then measured while messages keep arriving.
//   (a) 10 series × 100,000 points, live at 5k msg/s over their 10 topics;
//   (b) 50 series × 20,000 points at 5k msg/s over their 50 topics;
//   (c) one series of 1,000,000 points ("Points kept per series" set to 1,000,000), with the
//       redraw time per chart read at 10,000, 100,000 and 1,000,000 points held;
//   (d) the mouse swept across the plot of (a)'s chart while 5k msg/s arrive.
// Figures: fps and p95 frame interval (the probe's), the chart engine's main-thread script time
// per second (its `chart-frame` User Timing measures: columns, lines, crosshair and the axes
// it hands to React), redraw time per chart (`chart-redraw`: the canvas draw calls of one
// chart's lines), and under hover the main-thread time of each frame (from the frame's start
// to the end of its rendering). Every chart is "All kept", so every point held is in range.
import { CHART_LINES_SOURCE } from './page-scripts.mjs';
import { topicName } from './producer.mjs';
import { measure, openPage, readOutput } from './stages.mjs';
import { judge, percentile, summarize } from './stats.mjs';

const CHARTS_KEY = 'brokerscope.charts';
const POINTS_KEY = 'brokerscope.chartPoints';
/** The points held at which stage (c) reads the redraw time. */
export const REDRAW_CHECKPOINTS = [10_000, 100_000, 1_000_000];
const SERIES_HEX = [
  '#2563eb',
  '#dc2626',
  '#059669',
  '#d97706',
  '#7c3aed',
  '#0891b2',
  '#db2777',
  '#65a30d',
  '#0f766e',
  '#9333ea',
];

const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));
const sum = (/** @type {number[]} */ xs) => xs.reduce((a, b) => a + b, 0);

/**
 * In the page: collects the chart engine's measures and, per animation frame, the main-thread
 * time from the frame's start (the rAF timestamp) to the end of its rendering (a message posted
 * from rAF runs once the frame's style, layout and paint are done).
 */
const CHART_TIMES_SOURCE = `(() => {
  const t = { on: false, startedAt: 0, frame: [], redraw: [], work: [] };
  new PerformanceObserver((list) => {
    if (!t.on) return;
    for (const e of list.getEntries()) {
      if (e.name === 'chart-frame') t.frame.push(e.duration);
      else if (e.name === 'chart-redraw') t.redraw.push(e.duration);
    }
  }).observe({ type: 'measure' });
  const channel = new MessageChannel();
  channel.port1.onmessage = (e) => { if (t.on) t.work.push(performance.now() - e.data); };
  const onFrame = (ts) => {
    if (!t.on) return;
    channel.port2.postMessage(ts);
    requestAnimationFrame(onFrame);
  };
  window.__chartTimes = {
    start() {
      t.frame = []; t.redraw = []; t.work = [];
      t.startedAt = performance.now();
      if (!t.on) { t.on = true; requestAnimationFrame(onFrame); }
    },
    stop() {
      t.on = false;
      return { wallMs: performance.now() - t.startedAt, frame: t.frame, redraw: t.redraw, work: t.work };
    },
  };
  return true;
})()`;

const TIMES = { pageStart: 'window.__chartTimes.start()', pageStop: 'window.__chartTimes.stop()' };

/** Points held by the charts' shown series (their canvas' data-samples, summed). */
const HELD_SOURCE = `(() => {
  let held = 0;
  for (const canvas of document.querySelectorAll('section[aria-label="Charts"] canvas.chart-lines')) {
    for (const n of (canvas.dataset.samples ?? '').split(' ')) held += Number(n) || 0;
  }
  return held;
})()`;

/** Where the chart's plot is on screen (the lines canvas, CSS px in the viewport). */
const PLOT_BOX_SOURCE = `(() => {
  const canvas = document.querySelector('section[aria-label="Charts"] canvas.chart-lines');
  if (!canvas) return null;
  const r = canvas.getBoundingClientRect();
  return { x: r.left, y: r.top, width: r.width, height: r.height };
})()`;

/**
 * Seeds one chart ("All kept") of `series` topics under `prefix`, each ring keeping `capacity`
 * points, and opens the app with the chart on screen and the chart timings installed.
 * @param {import('./stages.mjs').Context} ctx
 * @param {{ prefix: string, series: number, capacity: number }} chart
 */
export async function openChartPage(ctx, { prefix, series, capacity }) {
  const topics = Array.from({ length: series }, (_, i) => topicName(prefix, i, series));
  const spec = [
    {
      id: 1,
      windowMs: 0, // "All kept": every point of every ring is in range and downsampled
      series: topics.map((topic, i) => ({
        topic,
        path: 'v',
        // Stored charts take #rrggbb colours (the app's schema refuses anything else).
        color: SERIES_HEX[i % SERIES_HEX.length],
        hidden: false,
      })),
    },
  ];
  await openPage(ctx, 'app');
  await ctx.session.evaluate(
    `localStorage.setItem(${JSON.stringify(CHARTS_KEY)}, ${JSON.stringify(JSON.stringify(spec))});` +
      `localStorage.setItem(${JSON.stringify(POINTS_KEY)}, ${JSON.stringify(String(capacity))})`,
  );
  await openPage(ctx, 'app');
  // The charts panel is loaded after the live view: wait for it (up to 10 s).
  const chartShown = await ctx.session.evaluate(`(async () => {
    for (let waitedMs = 0; waitedMs < 10000; waitedMs += 100) {
      const figure = document.querySelector('section[aria-label="Charts"] figure');
      if (figure) {
        figure.scrollIntoView({ block: 'center' });
        return true;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return false;
  })()`);
  if (!chartShown) throw new Error('the seeded chart did not appear in region "Charts"');
  await ctx.session.evaluate(CHART_TIMES_SOURCE);
}

/** @param {import('./stages.mjs').Context} ctx */
async function clearChartState(ctx) {
  await ctx.session.evaluate(
    `localStorage.removeItem(${JSON.stringify(CHARTS_KEY)}); localStorage.removeItem(${JSON.stringify(POINTS_KEY)})`,
  );
}

/**
 * A measured window with the chart timings; the figures of both.
 * @param {import('./stages.mjs').Context} ctx
 * @param {{ ratePerSec: number, topics: number, durationMs: number, prefix: string }} run
 */
async function chartWindow(ctx, run) {
  const stage = await measure(ctx, 'app', run, TIMES);
  const times =
    /** @type {{ wallMs: number, frame: number[], redraw: number[], work: number[] }} */ (
      stage.pageFigures
    );
  const rest = { ...stage };
  delete rest.pageFigures;
  const lines = await ctx.session.evaluate(CHART_LINES_SOURCE);
  const held = await ctx.session.evaluate(HELD_SOURCE);
  const chartMs = sum(times.frame);
  return {
    ...rest,
    linesDrawn: lines,
    pointsHeld: held,
    chartMsPerSec: times.wallMs > 0 ? (chartMs * 1000) / times.wallMs : null,
    chartShare: times.wallMs > 0 ? chartMs / times.wallMs : null,
    scriptMsPerSec: rest.scriptShare === null ? null : rest.scriptShare * 1000,
    redraws: times.redraw.length,
    redrawP50Ms: percentile(times.redraw, 50),
    redrawP95Ms: percentile(times.redraw, 95),
    frameWorkP50Ms: percentile(times.work, 50),
    frameWorkP95Ms: percentile(times.work, 95),
  };
}

/** @param {any} w */
function describeWindow(w) {
  const f = (/** @type {number | null} */ v, digits = 1) => (v === null ? '-' : v.toFixed(digits));
  return (
    `${w.linesDrawn} lines, ${w.pointsHeld} points held, ${f(w.fps, 0)} fps, ` +
    `p95 frame ${f(w.p95FrameMs)} ms, chart script ${f(w.chartMsPerSec, 0)} ms/s ` +
    `(page script ${f(w.scriptMsPerSec, 0)} ms/s), redraw p50 ${f(w.redrawP50Ms, 2)} ms ` +
    `p95 ${f(w.redrawP95Ms, 2)} ms (${w.redraws})`
  );
}

/**
 * One chart of `series` series filled toward `points` each, then `repeats` windows at the live
 * rate; with `hoverMs`, one more window with the mouse sweeping the plot.
 * @param {import('./stages.mjs').Context} ctx
 * @param {{ name: string, prefix: string, series: number, points: number, capacity: number,
 *   fillRatePerSec: number, maxFillMs: number, ratePerSec: number, measureMs: number,
 *   repeats: number, hoverMs?: number }} stage
 */
export async function runCharts(ctx, stage) {
  const { prefix, series } = stage;
  await openChartPage(ctx, stage);
  const fillMs = Math.min(
    stage.maxFillMs,
    Math.ceil((series * stage.points * 1000) / stage.fillRatePerSec),
  );
  ctx.log(
    `  ${stage.name}: filling at ${stage.fillRatePerSec} msg/s for ${(fillMs / 1000).toFixed(0)} s`,
  );
  const fill = await measure(ctx, 'app', {
    ratePerSec: stage.fillRatePerSec,
    topics: series,
    durationMs: fillMs,
    prefix,
  });
  const windows = [];
  for (let i = 0; i < stage.repeats; i++) {
    const w = await chartWindow(ctx, {
      ratePerSec: stage.ratePerSec,
      topics: series,
      durationMs: stage.measureMs,
      prefix,
    });
    windows.push({ ...w, pointsPerSeries: Math.round(w.pointsHeld / series) });
    ctx.log(`  ${stage.name}: ${describeWindow(w)}`);
  }
  const hover = [];
  if (stage.hoverMs) {
    const w = await hoverWindow(ctx, {
      ratePerSec: stage.ratePerSec,
      topics: series,
      durationMs: stage.hoverMs,
      prefix,
    });
    hover.push(w);
    ctx.log(
      `  hover: ${w.moves} mouse moves, frame work p50 ${w.frameWorkP50Ms?.toFixed(1)} ms ` +
        `p95 ${w.frameWorkP95Ms?.toFixed(1)} ms, ${w.fps?.toFixed(0)} fps`,
    );
  }
  const memoryShown = await readOutput(ctx.session, 'Chart memory');
  await clearChartState(ctx);
  return { series, fillMs, fill, windows, hover, memoryShown };
}

/**
 * A window while the mouse sweeps across the plot, back and forth, about 60 moves a second.
 * @param {import('./stages.mjs').Context} ctx
 * @param {{ ratePerSec: number, topics: number, durationMs: number, prefix: string }} run
 */
async function hoverWindow(ctx, run) {
  const box = await ctx.session.evaluate(PLOT_BOX_SOURCE);
  if (!box) throw new Error('no chart plot to hover');
  let sweeping = true;
  let moves = 0;
  const y = Math.round(box.y + box.height / 2);
  const sweep = (async () => {
    const steps = 120;
    for (let i = 0; sweeping; i++) {
      const phase = i % (2 * steps);
      const k = phase < steps ? phase : 2 * steps - phase;
      const x = Math.round(box.x + 4 + ((box.width - 8) * k) / steps);
      await ctx.session.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x, y });
      moves++;
      await sleep(16);
    }
  })();
  try {
    const w = await chartWindow(ctx, run);
    return { ...w, moves };
  } finally {
    sweeping = false;
    await sweep;
    await ctx.session.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x: 1, y: 1 });
  }
}

/**
 * One series on one chart, "Points kept per series" at 1,000,000: filled to each checkpoint of
 * points held, the redraw time read in a short window at each; the fill stops at maxFillMs.
 * @param {import('./stages.mjs').Context} ctx
 * @param {{ fillRatePerSec: number, maxFillMs: number, checkpointRatePerSec: number,
 *   checkpointMs: number }} stage
 */
export async function runMillionPoints(ctx, stage) {
  const prefix = 'bench/chart1m';
  await openChartPage(ctx, { prefix, series: 1, capacity: 1_000_000 });
  let held = 0;
  let filledMs = 0;
  const checkpoints = [];
  for (const target of REDRAW_CHECKPOINTS) {
    // A little over the mark for the ring's capacity: a few messages may arrive late.
    const missing = target === 1_000_000 ? target * 1.01 - held : target - held;
    const wantMs = Math.ceil((Math.max(0, missing) * 1000) / stage.fillRatePerSec);
    const fillMs = Math.min(wantMs, stage.maxFillMs - filledMs);
    if (fillMs > 0) {
      ctx.log(
        `  1M series: filling toward ${target} points at ${stage.fillRatePerSec} msg/s ` +
          `for ${(fillMs / 1000).toFixed(0)} s`,
      );
      await measure(ctx, 'app', {
        ratePerSec: stage.fillRatePerSec,
        topics: 1,
        durationMs: fillMs,
        prefix,
      });
      filledMs += fillMs;
    }
    const w = await chartWindow(ctx, {
      ratePerSec: stage.checkpointRatePerSec,
      topics: 1,
      durationMs: stage.checkpointMs,
      prefix,
    });
    held = w.pointsHeld;
    checkpoints.push({ target, reached: held >= target * 0.99, ...w });
    ctx.log(`  1M series at ${target}: ${describeWindow(w)}`);
    if (fillMs < wantMs) break; // out of fill time: later checkpoints are not reached
  }
  const memoryShown = await readOutput(ctx.session, 'Chart memory');
  await clearChartState(ctx);
  return { filledMs, checkpoints, memoryShown };
}

/**
 * All four chart stages.
 * @param {import('./stages.mjs').Context} ctx
 * @param {{ ratePerSec: number, maxFillMs: number, measureMs: number, repeats: number,
 *   hoverMs: number, manySeries: number, manyPoints: number, millionMaxFillMs: number,
 *   checkpointRatePerSec: number, checkpointMs: number }} plan
 * @param {number} fillRatePerSec the rate the fills publish at (one the app keeps up with)
 */
export async function runChartStages(ctx, plan, fillRatePerSec) {
  const common = {
    fillRatePerSec,
    maxFillMs: plan.maxFillMs,
    ratePerSec: plan.ratePerSec,
    measureMs: plan.measureMs,
    repeats: plan.repeats,
    capacity: 100_000,
  };
  ctx.log(`  (a) 10 series toward 100,000 points, then ${plan.ratePerSec} msg/s; (d) hover`);
  const tenSeries = await runCharts(ctx, {
    ...common,
    name: '(a)',
    prefix: 'bench/chart',
    series: 10,
    points: 100_000,
    hoverMs: plan.hoverMs,
  });
  ctx.log(
    `  (b) ${plan.manySeries} series toward ${plan.manyPoints} points, then ${plan.ratePerSec} msg/s`,
  );
  const manySeries = await runCharts(ctx, {
    ...common,
    name: '(b)',
    prefix: 'bench/chart50',
    series: plan.manySeries,
    points: plan.manyPoints,
  });
  ctx.log(`  (c) one series toward 1,000,000 points`);
  const million = await runMillionPoints(ctx, {
    fillRatePerSec,
    maxFillMs: plan.millionMaxFillMs,
    checkpointRatePerSec: plan.checkpointRatePerSec,
    checkpointMs: plan.checkpointMs,
  });
  return { fillRatePerSec, tenSeries, manySeries, million };
}

const med = (/** @type {any[]} */ windows, /** @type {string} */ key) =>
  summarize(windows.map((w) => w[key])).median;

/**
 * The chart targets: printed with their verdicts, advisory (they never fail a run).
 * @param {Awaited<ReturnType<typeof runChartStages>>} charts
 */
export function chartTargets(charts) {
  const a = charts.tenSeries.windows;
  const b = charts.manySeries.windows;
  const d = charts.tenSeries.hover;
  const top = charts.million.checkpoints.at(-1);
  const targets = [
    {
      name: '(a) 10 series × 100k points at 5k msg/s: fps',
      value: med(a, 'fps'),
      op: '>=',
      limit: 55,
      unit: 'fps',
    },
    {
      name: '(a) 10 series at 5k msg/s: p95 frame interval',
      value: med(a, 'p95FrameMs'),
      op: '<',
      limit: 25,
      unit: 'ms',
    },
    {
      name: '(a) chart main-thread script at 5k msg/s, share of a core',
      value: med(a, 'chartShare'),
      op: '<',
      limit: 0.1,
      unit: 'share',
    },
    {
      name: `(b) ${charts.manySeries.series} series × 20k points at 5k msg/s: fps`,
      value: med(b, 'fps'),
      op: '>=',
      limit: 50,
      unit: 'fps',
    },
    {
      name: `(c) redraw per chart (median) at ${top?.pointsHeld ?? '-'} points held`,
      value: top?.redrawP50Ms ?? null,
      op: '<',
      limit: 4,
      unit: 'ms',
    },
    {
      name: '(d) hover sweep at 5k msg/s: frame work p95',
      value: med(d, 'frameWorkP95Ms'),
      op: '<',
      limit: 16,
      unit: 'ms',
    },
  ];
  return targets.map((t) => ({
    ...t,
    advisory: true,
    verdict: judge(t.value, /** @type {any} */ (t.op), t.limit),
  }));
}

/**
 * Rows for the printed table of other figures.
 * @param {Awaited<ReturnType<typeof runChartStages>>} charts
 * @param {(v: number | null | undefined, unit: string) => string} fmt
 * @param {boolean} quick
 */
export function chartRows(charts, fmt, quick) {
  const row = (/** @type {string} */ label, /** @type {any[]} */ windows) => [
    [
      `${label}: points per series held / lines drawn`,
      `${windows.map((w) => w.pointsPerSeries).join(', ')} / ${windows.map((w) => w.linesDrawn).join(', ')}`,
    ],
    [
      `${label}: fps / p95 frame (ms)`,
      `${fmt(med(windows, 'fps'), 'fps')} / ${fmt(med(windows, 'p95FrameMs'), 'ms')}`,
    ],
    [
      `${label}: chart script ms/s (page script ms/s)`,
      `${fmt(med(windows, 'chartMsPerSec'), 'ms')} (${fmt(med(windows, 'scriptMsPerSec'), 'ms')})`,
    ],
    [
      `${label}: redraw per chart p50 / p95 (ms)`,
      `${fmt(med(windows, 'redrawP50Ms'), 'ms')} / ${fmt(med(windows, 'redrawP95Ms'), 'ms')}`,
    ],
  ];
  const rows = [
    ...row('charts (a) 10 series, 5k msg/s', charts.tenSeries.windows),
    ...row(`charts (b) ${charts.manySeries.series} series, 5k msg/s`, charts.manySeries.windows),
  ];
  for (const c of charts.million.checkpoints) {
    rows.push([
      `charts (c) redraw p50 / p95 (ms) at ${c.pointsHeld} points held` +
        (c.reached
          ? ''
          : ` (target ${c.target} not reached${quick ? ': quick run fill cap' : ''})`),
      `${fmt(c.redrawP50Ms, 'ms')} / ${fmt(c.redrawP95Ms, 'ms')}`,
    ]);
  }
  const d = charts.tenSeries.hover;
  rows.push([
    'charts (d) hover at 5k msg/s: frame work p50 / p95 (ms), fps',
    `${fmt(med(d, 'frameWorkP50Ms'), 'ms')} / ${fmt(med(d, 'frameWorkP95Ms'), 'ms')}, ${fmt(med(d, 'fps'), 'fps')}`,
  ]);
  rows.push([
    'charts: "Chart memory" shown (a) / (c)',
    `${charts.tenSeries.memoryShown ?? '-'} / ${charts.million.memoryShown ?? '-'}`,
  ]);
  return rows;
}
