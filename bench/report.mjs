// Turns the raw stage results into the summary (median and range per figure), the targets'
// verdicts and the printed table.
import { judge, median, ratio, summarize } from './stats.mjs';

/**
 * @typedef {ReturnType<typeof summarize>} Summary
 * @typedef {{ name: string, value: number | null, op: '<' | '<=' | '>' | '>=', limit: number,
 *   unit: string, verdict: 'PASS' | 'MISS' | 'N/A', note?: string, advisory?: boolean }} Target
 *   advisory: printed with its verdict, never failing a --strict run
 */

/** Figures summarised over a stage's repeats. */
const FIGURES = /** @type {const} */ ([
  'sent',
  'received',
  'lossShare',
  'throughputPerSec',
  'fps',
  'longFrameShare',
  'timerLagP95Ms',
  'latencyP50Ms',
  'latencyP99Ms',
  'heapUsedBytes',
  'mainThreadBusyShare',
  'producerCpuShare',
  'brokerCpuShare',
  'load1',
]);

/** @param {any[]} runs */
export function summarizeRuns(runs) {
  /** @type {Record<string, Summary>} */
  const out = {};
  for (const key of FIGURES) out[key] = summarize(runs.map((r) => r[key]));
  out.keptUp = summarize(runs.map((r) => (r.keptUp ? 1 : 0)));
  return out;
}

/**
 * @param {{ baseline: any[], app: any[] }} searches one search per repeat and page
 */
export function summarizeCeilings({ baseline, app }) {
  const ratios = baseline.map((b, i) => ratio(app[i]?.ceilingPerSec, b.ceilingPerSec));
  return {
    baseline: summarize(baseline.map((s) => s.ceilingPerSec)),
    app: summarize(app.map((s) => s.ceilingPerSec)),
    baselineFlood: summarize(baseline.map((s) => s.floodThroughputPerSec)),
    appFlood: summarize(app.map((s) => s.floodThroughputPerSec)),
    appToBaseline: summarize(ratios),
  };
}

/**
 * @param {{ ceilings: ReturnType<typeof summarizeCeilings>, smooth80: any[],
 *   latencyRuns: any[], hold: any, heapBudgetBytes: number, firstMessage: any[] }} input
 *   (the chart targets are chart-stages.mjs' chartTargets)
 * @returns {Target[]}
 */
export function evaluateTargets({
  ceilings,
  smooth80,
  latencyRuns,
  hold,
  heapBudgetBytes,
  firstMessage,
}) {
  const smooth = summarizeRuns(smooth80);
  const latency = summarizeRuns(latencyRuns);
  /** @type {Array<Omit<Target, 'verdict'>>} */
  const targets = [
    {
      name: 'App no-loss ingest / bare page ceiling',
      value: ceilings.appToBaseline.median,
      op: '>=',
      limit: 0.9,
      unit: 'ratio',
    },
    {
      name: 'At 80 % of ceiling: frames per second',
      value: smooth.fps?.median ?? null,
      op: '>=',
      limit: 50,
      unit: 'fps',
    },
    {
      name: 'At 80 % of ceiling: share of frames > 33 ms',
      value: smooth.longFrameShare?.median ?? null,
      op: '<',
      limit: 0.05,
      unit: 'share',
    },
    {
      name: 'At 80 % of ceiling: 10 ms timer lag p95',
      value: smooth.timerLagP95Ms?.median ?? null,
      op: '<',
      limit: 50,
      unit: 'ms',
    },
    {
      name: `Heap growth over the hold's last ${Math.round((hold?.heapWindowMs ?? 0) / 1000)} s`,
      value: hold?.heapGrowthInWindow ?? null,
      op: '<',
      limit: 0.05,
      unit: 'share',
    },
    {
      name: 'Heap at the end of the hold / payload budget',
      value: ratio(hold?.heapUsedBytes, heapBudgetBytes),
      op: '<',
      limit: 1,
      unit: 'ratio',
    },
    {
      name: 'Publish-to-screen latency p99 at 1k msg/s',
      value: latency.latencyP99Ms?.median ?? null,
      op: '<',
      limit: 150,
      unit: 'ms',
    },
    {
      name: 'First message on screen after navigation (demo)',
      value: median(firstMessage.map((f) => f.frameMs).filter((v) => typeof v === 'number')),
      op: '<',
      limit: 1500,
      unit: 'ms',
    },
  ];
  return targets.map((t) => ({ ...t, verdict: judge(t.value, t.op, t.limit) }));
}

/** @param {number | null | undefined} v @param {string} unit */
export function formatValue(v, unit) {
  if (typeof v !== 'number' || !Number.isFinite(v)) return '-';
  switch (unit) {
    case 'share':
      return `${(v * 100).toFixed(v < 0.1 ? 1 : 0)}%`;
    case 'ratio':
      return v.toFixed(2);
    case 'ms':
      return v >= 100 ? v.toFixed(0) : v.toFixed(1);
    case 'MB':
      return (v / 2 ** 20).toFixed(1);
    case 'fps':
      return v.toFixed(0);
    case 'KB':
      return v.toFixed(1);
    case 'count':
      return v >= 10_000 ? `${(v / 1000).toFixed(0)}k` : v.toFixed(0);
    case 'rate':
      return v >= 1000 ? `${(v / 1000).toFixed(1)}k` : v.toFixed(0);
    default:
      return String(v);
  }
}

/** Median, with the range when there was more than one run. @param {Summary} s @param {string} unit */
export function formatSummary(s, unit) {
  if (!s || s.median === null) return '-';
  const mid = formatValue(s.median, unit);
  if (s.n < 2 || s.min === s.max) return mid;
  return `${mid} (${formatValue(s.min, unit)}–${formatValue(s.max, unit)})`;
}

/** @param {string[][]} rows first row is the header */
export function table(rows) {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
  const line = (/** @type {string[]} */ r) =>
    r
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0)))
      .join('  ');
  const [head, ...body] = rows;
  return [
    line(/** @type {string[]} */ (head)),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...body.map(line),
  ].join('\n');
}

/**
 * @param {Array<{ label: string, runs: any[] }>} stages
 * @param {number | null} ceilingPerSec the bare page's, to express each rate against it
 */
export function stageTable(stages, ceilingPerSec) {
  const rows = [
    [
      'stage',
      '×ceil',
      'sent',
      'loss',
      'kept up',
      'in msg/s',
      'fps',
      '>33ms',
      'lag p95 ms',
      'lat p50 ms',
      'lat p99 ms',
      'heap MB',
      'main busy',
      'producer CPU',
      'broker CPU',
      'load',
    ],
  ];
  for (const stage of stages) {
    const s = summarizeRuns(stage.runs);
    const rate = stage.runs[0]?.ratePerSec ?? 0;
    rows.push([
      stage.label,
      rate > 0 && ceilingPerSec ? (rate / ceilingPerSec).toFixed(2) : '-',
      formatSummary(/** @type {Summary} */ (s.sent), 'count'),
      formatSummary(/** @type {Summary} */ (s.lossShare), 'share'),
      `${stage.runs.filter((r) => r.keptUp).length}/${stage.runs.length}`,
      formatSummary(/** @type {Summary} */ (s.throughputPerSec), 'rate'),
      formatSummary(/** @type {Summary} */ (s.fps), 'fps'),
      formatSummary(/** @type {Summary} */ (s.longFrameShare), 'share'),
      formatSummary(/** @type {Summary} */ (s.timerLagP95Ms), 'ms'),
      formatSummary(/** @type {Summary} */ (s.latencyP50Ms), 'ms'),
      formatSummary(/** @type {Summary} */ (s.latencyP99Ms), 'ms'),
      formatSummary(/** @type {Summary} */ (s.heapUsedBytes), 'MB'),
      formatSummary(/** @type {Summary} */ (s.mainThreadBusyShare), 'share'),
      formatSummary(/** @type {Summary} */ (s.producerCpuShare), 'share'),
      formatSummary(/** @type {Summary} */ (s.brokerCpuShare), 'share'),
      formatSummary(/** @type {Summary} */ (s.load1), 'ratio'),
    ]);
  }
  return table(rows);
}

/** @param {Target[]} targets */
export function targetTable(targets) {
  return table([
    ['target', 'needed', 'measured', 'verdict'],
    ...targets.map((t) => [
      t.name,
      `${t.op} ${formatValue(t.limit, t.unit)}`,
      formatValue(t.value, t.unit),
      t.advisory ? `${t.verdict} (advisory)` : t.verdict,
    ]),
  ]);
}
