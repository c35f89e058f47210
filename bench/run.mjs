// `npm run bench [-- --quick]`: the app's speed in real Chromium against a bare mqtt.js page on
// the same Mosquitto, in one run. Prints a table and the targets' verdicts, and writes
// bench/results/<date>.json. Options: --quick (a smoke run under 2 minutes; also read from
// `npm run bench --quick`, which npm turns into npm_config_quick=true), --dist=<dir> (measure
// an existing build instead of building), --strict (exit 1 when a target is missed).
// `npm run bench -- --soak` instead runs only the soak (bench/soak.mjs): 30 minutes at 5k msg/s
// on 1,000 topics with the live view and a chart open, figures every minute, written to
// bench/results/<date>-soak.json; --soak-minutes=N shortens it, --soak-budget-mb=N sets the
// message memory budget it applies in Settings (both also as npm config, like --quick).
import { spawn } from 'node:child_process';
import { promises as fs, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { startAppServer } from '../server/app-server.mjs';
import { launchBrowser } from './browser.mjs';
import { startMosquitto } from './mosquitto.mjs';
import { WORKER_TAP_SOURCE } from './page-scripts.mjs';
import { startProducer } from './producer-client.mjs';
import { startStaticServer } from './static-server.mjs';
import {
  evaluateTargets,
  formatSummary,
  formatValue,
  stageTable,
  summarizeCeilings,
  summarizeRuns,
  table,
  targetTable,
} from './report.mjs';
import { recordedCount, runFirstMessage, runHold, runStage, searchCeiling } from './stages.mjs';
import { parseOptions } from './options.mjs';
import { chartRows, chartTargets, runChartStages } from './chart-stages.mjs';
import { runSoak } from './soak.mjs';
import {
  HEAP_HEADROOM_BYTES,
  evaluateSoakTargets,
  heapWindowMs,
  soakMinuteTable,
  wholeHeapBytes,
} from './soak-report.mjs';
import { judge, percentile, ratio, summarize } from './stats.mjs';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO_DIR = path.resolve(BENCH_DIR, '..');

const FULL_PLAN = {
  mode: 'full',
  repeats: 3,
  settleMs: 300,
  drainMs: 2000,
  maxBacklogSec: 0.25,
  stageMs: 5000,
  floodMs: 5000,
  probes: 4,
  // The flood on 100 topics is not here: it opens every ceiling search and is reported from there.
  ladder: [
    ...[1000, 5000, 10_000, 20_000].flatMap((ratePerSec) =>
      [100, 10_000].map((topics) => ({ ratePerSec, topics })),
    ),
    { ratePerSec: 0, topics: 10_000 },
  ],
  hold: {
    ratePerSec: 10_000,
    topics: 10_000,
    durationMs: 180_000,
    sampleMs: 10_000,
    windowMs: 60_000,
  },
  charts: {
    ratePerSec: 5000,
    maxFillMs: 100_000,
    measureMs: 8000,
    repeats: 3,
    hoverMs: 8000,
    manySeries: 50,
    manyPoints: 20_000,
    // One series to 1,000,000 points: 200 s at 5k msg/s, less at the fill rate.
    millionMaxFillMs: 400_000,
    checkpointRatePerSec: 1000,
    checkpointMs: 4000,
  },
  firstMessageRepeats: 3,
};

const QUICK_PLAN = {
  ...FULL_PLAN,
  mode: 'quick',
  repeats: 1,
  stageMs: 3000,
  floodMs: 3000,
  drainMs: 1500,
  probes: 2,
  ladder: [
    { ratePerSec: 1000, topics: 100 },
    { ratePerSec: 10_000, topics: 10_000 },
  ],
  hold: { ratePerSec: 10_000, topics: 10_000, durationMs: 15_000, sampleMs: 3000, windowMs: 5000 },
  // Fills are capped: (a) and (b) hold fewer points than their targets, and (c) reaches the
  // points it can in 60 s; the printed figures say how many were held.
  charts: {
    ...FULL_PLAN.charts,
    maxFillMs: 8000,
    measureMs: 4000,
    repeats: 1,
    hoverMs: 4000,
    millionMaxFillMs: 60_000,
    checkpointMs: 2000,
  },
  firstMessageRepeats: 1,
};

const log = (/** @type {unknown[]} */ ...args) => console.log(...args);

const SOAK_PLAN = {
  mode: 'soak',
  ratePerSec: 5000,
  topics: 1000,
  minutes: 30,
  // Lowered from the app's default in Settings, so that the budget (not the 1,000 messages per
  // topic of history) is what bounds the kept messages, and it is full within two minutes.
  budgetMb: 128,
  clicksPerMinute: 12,
  clickTimeoutMs: 10_000,
  drainMs: 10_000,
  prefix: 'bench/soak',
  chartTopicIndex: 0,
  chartField: 'v',
  // Tall enough that the topic tree, the message log, Message details and the chart are all on
  // screen at once (the chart is not redrawn while off screen).
  windowSize: { width: 1600, height: 2000 },
};

/** The payload budget the app is configured with, read from its single place of budgets. */
function payloadBudgetBytes() {
  try {
    const source = readFileSync(path.join(REPO_DIR, 'src/domain/limits.ts'), 'utf8');
    const expr = /payloadBudgetBytes:\s*([\d_\s*]+),/.exec(source)?.[1];
    if (expr) {
      return expr
        .split('*')
        .map((p) => Number(p.replace(/[_\s]/g, '')))
        .reduce((a, b) => a * b, 1);
    }
  } catch {
    // fall through
  }
  return 256 * 2 ** 20;
}

/** @param {string} outDir */
async function build(outDir) {
  const vite = path.join(REPO_DIR, 'node_modules', 'vite', 'bin', 'vite.js');
  const args = [vite, 'build', '--logLevel', 'warn', '--outDir', outDir, '--emptyOutDir'];
  await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: REPO_DIR,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(undefined) : reject(new Error(`vite build failed (${code})`)),
    );
  });
}

/** Gzipped size of the production JavaScript. @param {string} distDir */
async function jsSize(distDir) {
  const assets = path.join(distDir, 'assets');
  const names = (await fs.readdir(assets)).filter((n) => n.endsWith('.js')).sort();
  const files = [];
  for (const name of names) {
    const bytes = await fs.readFile(path.join(assets, name));
    files.push({ name, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length });
  }
  // What the first screen loads before anything else: the scripts index.html names (its entry
  // and the chunks it preloads); the panels loaded later are not in it.
  const html = await fs.readFile(path.join(distDir, 'index.html'), 'utf8');
  const initialNames = new Set(
    [...html.matchAll(/(?:src|href)="\/assets\/([^"]+\.js)"/g)].map((m) => m[1]),
  );
  const initial = files.filter((f) => initialNames.has(f.name));
  return {
    files,
    totalBytes: files.reduce((s, f) => s + f.bytes, 0),
    totalGzipBytes: files.reduce((s, f) => s + f.gzipBytes, 0),
    initialGzipBytes: initial.reduce((s, f) => s + f.gzipBytes, 0),
  };
}

async function main() {
  const options = parseOptions(process.argv.slice(2), process.env);
  const plan = options.soak
    ? { ...FULL_PLAN, mode: 'soak' }
    : options.quick
      ? QUICK_PLAN
      : FULL_PLAN;
  const startedAt = new Date();
  const t0 = Date.now();
  const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(0)} s`;
  log(
    `Brokerscope bench (${plan.mode}${plan.repeats < 3 ? `, ${plan.repeats} run per stage instead of 3` : ''}) ` +
      `on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, load ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
  );

  /** @type {Array<() => Promise<unknown>>} */
  const cleanups = [];
  const cleanup = async () => {
    while (cleanups.length)
      await cleanups
        .pop()?.()
        .catch((e) => log(`cleanup: ${e.message}`));
  };
  const onSignal = () => {
    log('\ninterrupted: stopping the browser, broker and producer');
    cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    let distDir = options.dist ? path.resolve(options.dist) : '';
    if (!distDir) {
      distDir = await fs.mkdtemp(path.join(os.tmpdir(), 'brokerscope-bench-dist-'));
      cleanups.push(() => fs.rm(distDir, { recursive: true, force: true }));
      log(`building into ${distDir} …`);
      await build(distDir);
    }
    const size = await jsSize(distDir);
    log(
      `production JS: ${(size.totalGzipBytes / 1024).toFixed(1)} KB gzipped (${(size.totalBytes / 1024).toFixed(0)} KB raw), ` +
        `${(size.initialGzipBytes / 1024).toFixed(1)} KB gzipped loaded by the first screen`,
    );

    const mosquitto = await startMosquitto({ log });
    cleanups.push(mosquitto.stop);
    const server = await startStaticServer(distDir);
    cleanups.push(server.close);
    const producer = await startProducer({ host: '127.0.0.1', port: mosquitto.tcpPort, log });
    cleanups.push(producer.stop);
    const browser = await launchBrowser(
      options.soak ? { log, windowSize: SOAK_PLAN.windowSize } : { log },
    );
    cleanups.push(browser.close);
    const { session } = browser;
    /** @type {string[]} */
    const pageErrors = [];
    session.on('Runtime.exceptionThrown', (/** @type {any} */ e) =>
      pageErrors.push(e.exceptionDetails?.exception?.description ?? e.exceptionDetails?.text),
    );
    session.on('Runtime.consoleAPICalled', (/** @type {any} */ e) => {
      if (e.type === 'error')
        pageErrors.push(e.args?.map((/** @type {any} */ a) => a.value ?? a.description).join(' '));
    });
    await session.send('Page.addScriptToEvaluateOnNewDocument', { source: WORKER_TAP_SOURCE });

    /** @type {import('./stages.mjs').Context} */
    const ctx = {
      session,
      producer,
      origin: server.origin,
      wsUrl: mosquitto.wsUrl,
      mosquittoPid: mosquitto.pid,
      plan,
      log,
      stageCount: 0,
    };

    if (options.soak) {
      const soak = {
        ...SOAK_PLAN,
        minutes: options.soakMinutes ?? SOAK_PLAN.minutes,
        budgetMb: options.soakBudgetMb ?? SOAK_PLAN.budgetMb,
      };
      return await soakMain({ ctx, soak, size, startedAt, t0, pageErrors, options });
    }

    log(`\n[${elapsed()}] time to first message on the embedded demo`);
    const demo = await startAppServer({
      distDir,
      port: 0,
      tcpPort: 0,
      broker: 'embedded',
      demo: true,
      log: () => {},
    });
    cleanups.push(demo.close);
    const firstMessage = await runFirstMessage(ctx, demo.url, plan.firstMessageRepeats);
    await cleanups.pop()?.();

    log(
      `\n[${elapsed()}] ceilings: highest rate each page keeps up with (100 topics); ` +
        'the app also while recording everything it receives',
    );
    const searches = { baseline: /** @type {any[]} */ ([]), app: /** @type {any[]} */ ([]) };
    /** The app's ceiling searches with a recording running, beside the others in each repeat. */
    const recordingSearches = /** @type {any[]} */ ([]);
    // Recordings go to the bench origin's IndexedDB: emptied after each search that made some.
    const clearRecordings = async () => {
      await session.navigate('about:blank');
      await session.send('Storage.clearDataForOrigin', {
        origin: server.origin,
        storageTypes: 'indexeddb',
      });
    };
    for (let rep = 0; rep < plan.repeats; rep++) {
      searches.baseline.push(await searchCeiling(ctx, 'baseline'));
      log(`  → bare page: ${searches.baseline.at(-1).ceilingPerSec ?? 'none'} msg/s`);
      searches.app.push(await searchCeiling(ctx, 'app'));
      log(`  → app: ${searches.app.at(-1).ceilingPerSec ?? 'none'} msg/s`);
      recordingSearches.push(await searchCeiling(ctx, 'app', { recording: true }));
      log(`  → app recording: ${recordingSearches.at(-1).ceilingPerSec ?? 'none'} msg/s`);
      await clearRecordings();
    }
    const ceilings = summarizeCeilings(searches);

    // Recording on at 80% of the app's own ceiling (recording off): kept up, and all recorded?
    const recordingRate = Math.max(
      100,
      Math.round(((ceilings.app.median ?? 10_000) * 0.8) / 100) * 100,
    );
    log(
      `\n[${elapsed()}] at 80% of the app's ceiling (${recordingRate} msg/s), recording off and on`,
    );
    const recordingRuns = [];
    const notRecordingRuns = [];
    for (let rep = 0; rep < plan.repeats; rep++) {
      notRecordingRuns.push(
        await runStage(ctx, 'app', {
          ratePerSec: recordingRate,
          topics: 100,
          durationMs: plan.stageMs,
        }),
      );
      const stage = await runStage(
        ctx,
        'app',
        { ratePerSec: recordingRate, topics: 100, durationMs: plan.stageMs },
        { recording: true },
      );
      // The recorder writes what it took every 400 ms.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const recorded = await recordedCount(session);
      recordingRuns.push({ ...stage, recorded, recordedShare: ratio(recorded, stage.received) });
      log(`  recorded ${recorded ?? '-'} of ${stage.received} received`);
      await clearRecordings();
    }
    const recordingCeiling = summarize(recordingSearches.map((s) => s.ceilingPerSec));
    const recording = {
      ceiling: recordingCeiling,
      onToOff: ratio(recordingCeiling.median, ceilings.app.median),
      onToOffPerRepeat: summarize(
        recordingSearches.map((s, i) => ratio(s.ceilingPerSec, searches.app[i]?.ceilingPerSec)),
      ),
      flood: summarize(recordingSearches.map((s) => s.floodThroughputPerSec)),
      ratePerSec: recordingRate,
      stage: summarizeRuns(recordingRuns),
      stageOff: summarizeRuns(notRecordingRuns),
      recordedShare: summarize(recordingRuns.map((r) => r.recordedShare)),
      searches: recordingSearches,
      runs: recordingRuns,
      runsOff: notRecordingRuns,
    };
    const baselineCeiling = ceilings.baseline.median;

    const smoothRate = Math.max(100, Math.round(((baselineCeiling ?? 10_000) * 0.8) / 100) * 100);
    const label = (/** @type {{ ratePerSec: number, topics: number }} */ c) =>
      `${c.ratePerSec ? `${c.ratePerSec / 1000}k` : 'flood'} × ${c.topics}`;
    const stages = [
      ...plan.ladder.map((c) => ({ ...c, label: label(c), runs: /** @type {any[]} */ ([]) })),
      {
        ratePerSec: smoothRate,
        topics: 100,
        label: `80% ceil: ${label({ ratePerSec: smoothRate, topics: 100 })}`,
        smooth: true,
        runs: /** @type {any[]} */ ([]),
      },
    ];
    // The app's flood on 100 topics already ran at the start of each ceiling search.
    const searchFloods = {
      ratePerSec: 0,
      topics: 100,
      label: 'flood × 100',
      reused: true,
      runs: searches.app.map((s) => s.flood),
    };
    log(`\n[${elapsed()}] app stages (${plan.stageMs / 1000} s each)`);
    for (let rep = 0; rep < plan.repeats; rep++) {
      for (const stage of stages) {
        stage.runs.push(
          await runStage(ctx, 'app', {
            ratePerSec: stage.ratePerSec,
            topics: stage.topics,
            durationMs: stage.ratePerSec ? plan.stageMs : plan.floodMs,
          }),
        );
      }
    }

    stages.push(searchFloods);

    log(
      `\n[${elapsed()}] heap hold: ${plan.hold.ratePerSec} msg/s on ${plan.hold.topics} topics for ${plan.hold.durationMs / 1000} s`,
    );
    const hold = await runHold(ctx, plan.hold);

    const appCeiling = ceilings.app.median ?? 10_000;
    const fillRatePerSec = Math.min(
      20_000,
      Math.max(plan.charts.ratePerSec, Math.round((appCeiling * 0.9) / 100) * 100),
    );
    log(`\n[${elapsed()}] charts: fills at ${fillRatePerSec} msg/s`);
    const charts = await runChartStages(ctx, plan.charts, fillRatePerSec);

    const heapBudgetBytes = payloadBudgetBytes();
    const latencyRuns = stages.find((s) => s.ratePerSec === 1000 && s.topics === 100)?.runs ?? [];
    const targets = evaluateTargets({
      ceilings,
      smooth80: stages.find((s) => s.smooth)?.runs ?? [],
      latencyRuns,
      hold,
      heapBudgetBytes,
      firstMessage,
    });
    targets.push(...chartTargets(charts));

    // ---- print ----
    log(`\n=== Brokerscope bench, ${plan.mode} run, ${startedAt.toISOString()} (${elapsed()}) ===`);
    log(
      `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, load at end ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    log(`runs per stage: ${plan.repeats}; figures are median (min–max)\n`);
    log(
      table([
        ['ceiling (100 topics, no loss)', 'msg/s'],
        ['bare mqtt.js page', formatSummary(ceilings.baseline, 'rate')],
        ['Brokerscope', formatSummary(ceilings.app, 'rate')],
        ['Brokerscope / bare page', formatSummary(ceilings.appToBaseline, 'ratio')],
        ['Brokerscope recording everything', formatSummary(recording.ceiling, 'rate')],
        ['recording on / off (per repeat)', formatSummary(recording.onToOffPerRepeat, 'ratio')],
        ['bare page under flood (received)', formatSummary(ceilings.baselineFlood, 'rate')],
        ['Brokerscope under flood (received)', formatSummary(ceilings.appFlood, 'rate')],
        ['Brokerscope recording, under flood (received)', formatSummary(recording.flood, 'rate')],
      ]),
    );
    log('');
    log(stageTable(stages, baselineCeiling));
    log('');
    const holdSummary = summarizeRuns([hold]);
    log(
      table([
        ['other figures', 'value'],
        [
          'first message on screen (demo, ms)',
          formatSummary(summarize(firstMessage.map((f) => f.frameMs)), 'ms'),
        ],
        ['production JS gzipped (KB)', (size.totalGzipBytes / 1024).toFixed(1)],
        ['first screen JS gzipped (KB)', (size.initialGzipBytes / 1024).toFixed(1)],
        ['hold: heap at end (MB)', formatValue(hold.heapUsedBytes, 'MB')],
        [
          `hold: heap growth in last ${hold.heapWindowMs / 1000} s`,
          formatValue(hold.heapGrowthInWindow, 'share'),
        ],
        ['hold: loss', formatSummary(/** @type {any} */ (holdSummary.lossShare), 'share')],
        [
          'hold: fps / lag p95 (ms)',
          `${formatValue(hold.fps, 'fps')} / ${formatValue(hold.timerLagP95Ms, 'ms')}`,
        ],
        ['hold: payload memory shown', String(hold.payloadMemoryShown ?? '-')],
        ...chartRows(charts, formatValue, plan.mode === 'quick'),
        [
          'producer CPU, max over paced stages',
          formatValue(
            Math.max(
              ...stages
                .flatMap((s) => s.runs)
                .filter((r) => r.ratePerSec > 0)
                .map((r) => r.producerCpuShare),
            ),
            'share',
          ),
        ],
        [
          `recording on at ${formatValue(recording.ratePerSec, 'rate')} msg/s: kept up / loss`,
          `${formatSummary(/** @type {any} */ (recording.stage.keptUp), 'ratio')} / ` +
            formatSummary(/** @type {any} */ (recording.stage.lossShare), 'share'),
        ],
        ['recording on: recorded / received', formatSummary(recording.recordedShare, 'ratio')],
        ...[
          ['off', recording.stageOff],
          ['on', recording.stage],
        ].map(([onOff, s]) => [
          `recording ${onOff}: main thread busy / fps / lag p95 (ms)`,
          `${formatSummary(/** @type {any} */ (s).mainThreadBusyShare, 'share')} / ` +
            `${formatSummary(/** @type {any} */ (s).fps, 'fps')} / ` +
            formatSummary(/** @type {any} */ (s).timerLagP95Ms, 'ms'),
        ]),
        ['page errors', String(pageErrors.length)],
      ]),
    );
    log('');
    for (const target of [
      {
        name: 'ingest ceiling with recording on / off',
        value: recording.onToOff,
        op: /** @type {const} */ ('>='),
        limit: 0.9,
        unit: 'ratio',
      },
      {
        name: 'recording on at 80% of the ceiling: loss',
        value: /** @type {any} */ (recording.stage.lossShare).median,
        op: /** @type {const} */ ('<='),
        limit: 0,
        unit: 'share',
      },
      {
        name: 'first screen JS, gzipped (KB)',
        value: size.initialGzipBytes / 1024,
        op: /** @type {const} */ ('<='),
        limit: 110,
        unit: 'KB',
      },
    ]) {
      targets.push({ ...target, verdict: judge(target.value, target.op, target.limit) });
    }
    log(targetTable(targets));
    if (pageErrors.length) log(`\npage errors:\n  ${pageErrors.slice(0, 10).join('\n  ')}`);

    const resultsDir = path.join(BENCH_DIR, 'results');
    await fs.mkdir(resultsDir, { recursive: true });
    const file = path.join(resultsDir, `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
    const json = {
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      durationSec: (Date.now() - t0) / 1000,
      plan,
      machine: {
        cpus: os.cpus().length,
        model: os.cpus()[0]?.model,
        totalMemBytes: os.totalmem(),
        loadavgAtEnd: os.loadavg(),
        node: process.version,
      },
      jsSize: size,
      firstMessage,
      ceilings: { summary: ceilings, searches },
      stages: stages.map((s) => ({ ...s, summary: summarizeRuns(s.runs) })),
      hold,
      charts,
      recording,
      heapBudgetBytes,
      targets,
      pageErrors,
    };
    await fs.writeFile(file, JSON.stringify(json, null, 2));
    log(`\nwrote ${path.relative(process.cwd(), file)} (${elapsed()})`);
    const missed = targets.filter((t) => t.verdict !== 'PASS');
    if (missed.length) {
      log(`${missed.length} of ${targets.length} targets not reached (see MISS above)`);
    }
    // The chart targets are advisory: printed with their verdicts, never failing a run.
    return options.strict && missed.some((t) => !('advisory' in t && t.advisory)) ? 1 : 0;
  } finally {
    await cleanup();
  }
}

/**
 * The soak, its figures and verdicts; writes bench/results/<date>-soak.json.
 * @param {{ ctx: import('./stages.mjs').Context, soak: typeof SOAK_PLAN, size: any,
 *   startedAt: Date, t0: number, pageErrors: string[], options: ReturnType<typeof parseOptions> }}
 *   input
 */
async function soakMain({ ctx, soak, size, startedAt, t0, pageErrors, options }) {
  const loadAtStart = os.loadavg();
  const loadText = (/** @type {number[]} */ l) => l.map((v) => v.toFixed(2)).join(' ');
  log(
    `\n[${((Date.now() - t0) / 1000).toFixed(0)} s] soak: ${soak.ratePerSec} msg/s on ` +
      `${soak.topics} topics for ${soak.minutes} min, message memory budget ${soak.budgetMb} MB ` +
      `(the app's default: ${payloadBudgetBytes() / 2 ** 20} MB), load ${loadText(loadAtStart)}`,
  );
  const result = await runSoak(ctx, soak);
  const loadAtEnd = os.loadavg();
  const budgetBytes = soak.budgetMb * 2 ** 20;
  const windowMs = heapWindowMs(soak.minutes);
  const clicksMs = result.minutes.flatMap((m) => m.clicksMs ?? []);
  const targets = evaluateSoakTargets({
    heapSamples: result.minutes,
    windowMs,
    budgetBytes,
    clicksMs,
  });
  const durationSec = (Date.now() - t0) / 1000;

  log(`\n=== Brokerscope soak, ${startedAt.toISOString()} (${durationSec.toFixed(0)} s) ===`);
  log(
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}; load average ` +
      `${loadText(loadAtStart)} at the start, ${loadText(loadAtEnd)} at the end`,
  );
  log(
    `${soak.ratePerSec} msg/s on ${soak.topics} topics for ${soak.minutes} min; message memory ` +
      `budget ${soak.budgetMb} MB (set in Settings); chart of ${result.chart.topic} ` +
      `"${result.chart.field}" added from Message details; ${soak.clicksPerMinute} tree clicks a minute; ` +
      `heap read after a full collection at each minute\n`,
  );
  log(soakMinuteTable(result.minutes));
  const peak = Math.max(...result.minutes.map(wholeHeapBytes));
  log('');
  log(
    table([
      ['soak figures', 'value'],
      ['sent by the producer', String(result.final.sent)],
      ['"Messages received" after draining', String(result.final.received)],
      ['never counted by the page', String(result.final.lost)],
      ['"Messages dropped" (let go to stay in the limits)', String(result.final.dropped)],
      ['of which discarded in the worker (page behind)', String(result.final.discardedInWorker)],
      ['largest heap incl. buffers (MB)', formatValue(peak, 'MB')],
      ['budget + 64 MB (MB)', formatValue(budgetBytes + HEAP_HEADROOM_BYTES, 'MB')],
      ['clicks timed', String(clicksMs.length)],
      [
        'click to frame p50 / p95 / max (ms)',
        [50, 95, 100].map((p) => formatValue(percentile(clicksMs, p), 'ms')).join(' / '),
      ],
      ['chart lines drawn at the end', String(result.final.chartLinesAtEnd)],
      [
        'full collection before a heap reading, max (ms)',
        formatValue(Math.max(...result.minutes.map((m) => m.gcMs)), 'ms'),
      ],
      ['producer CPU', formatValue(result.final.producerCpuShare, 'share')],
      ['page errors', String(pageErrors.length)],
    ]),
  );
  log('');
  log(targetTable(targets));
  if (pageErrors.length) log(`\npage errors:\n  ${pageErrors.slice(0, 10).join('\n  ')}`);

  const resultsDir = path.join(BENCH_DIR, 'results');
  await fs.mkdir(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${startedAt.toISOString().replace(/[:.]/g, '-')}-soak.json`);
  const json = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    durationSec,
    plan: soak,
    machine: {
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model,
      totalMemBytes: os.totalmem(),
      loadavgAtStart: loadAtStart,
      loadavgAtEnd: loadAtEnd,
      node: process.version,
    },
    jsSize: size,
    appDefaultBudgetBytes: payloadBudgetBytes(),
    budgetBytes,
    heapWindowMs: windowMs,
    chart: result.chart,
    minutes: result.minutes,
    final: result.final,
    targets,
    pageErrors,
  };
  await fs.writeFile(file, JSON.stringify(json, null, 2));
  const screenshot = file.replace(/\.json$/, '.png');
  await fs.writeFile(screenshot, Buffer.from(result.screenshotPng, 'base64'));
  log(
    `\nwrote ${path.relative(process.cwd(), file)} and ${path.basename(screenshot)} ` +
      '(the page in the last minute)',
  );
  const missed = targets.filter((t) => t.verdict !== 'PASS').length;
  if (missed) log(`${missed} of ${targets.length} targets not reached (see MISS above)`);
  return options.strict && missed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
