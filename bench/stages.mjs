// The bench's stages: open a page (the app or the bare baseline) fresh, publish at a rate,
// and read what the page saw. Every stage starts from a new document so that one stage's
// backlog or heap never leaks into the next.
import os from 'node:os';
import { processCpuMs } from './mosquitto.mjs';
import {
  BASELINE_READY_SOURCE,
  FIRST_MESSAGE_SOURCE,
  connectAndSubscribeSource,
  probeSource,
} from './page-scripts.mjs';
import {
  countAt,
  frameStats,
  growthOverLast,
  keptUp,
  lagStats,
  nextProbeRate,
  percentile,
  rateBetween,
} from './stats.mjs';

export const FILTER = 'bench/#';

/**
 * @typedef {{
 *   session: any, producer: Awaited<ReturnType<typeof import('./producer-client.mjs').startProducer>>,
 *   origin: string, wsUrl: string, mosquittoPid: number | undefined, plan: any,
 *   log: (...args: unknown[]) => void, stageCount: number,
 * }} Context
 */

const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));

/** @param {Context} ctx @param {'app' | 'baseline'} kind */
function pageUrl(ctx, kind) {
  const broker = encodeURIComponent(ctx.wsUrl);
  return kind === 'app'
    ? `${ctx.origin}/?broker=${broker}`
    : `${ctx.origin}/bench/baseline.html?broker=${broker}&filter=${encodeURIComponent(FILTER)}`;
}

/**
 * In the app: presses "Start recording" in region "Recordings" (everything received), as a
 * person would, and waits until the recorder runs.
 */
const START_RECORDING_SOURCE = `(async () => {
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  for (let waitedMs = 0; ; waitedMs += 100) {
    const region = document.querySelector('section[aria-label="Recordings"]');
    const button = region && [...region.querySelectorAll('button')].find(
      (b) => b.textContent.trim() === 'Start recording' && !b.disabled,
    );
    if (button) {
      button.click();
      break;
    }
    if (waitedMs > 10000) throw new Error('no "Start recording" button in region "Recordings"');
    await sleep(100);
  }
  for (let waitedMs = 0; waitedMs < 10000; waitedMs += 100) {
    if (document.querySelector('[aria-label="Recorder status"]')) return true;
    await sleep(100);
  }
  throw new Error('the recording did not start');
})()`;

/** Messages the app's recorder has written, or null when it shows none. @param {any} session */
export async function recordedCount(session) {
  const text = await readOutput(session, 'Recorded messages');
  return text === null ? null : Number(String(text).replace(/\D/g, ''));
}

/**
 * Loads the page anew, connects and subscribes (and with `recording`, starts recording
 * everything it receives), then installs the probe.
 * @param {Context} ctx
 * @param {'app' | 'baseline'} kind
 * @param {{ recording?: boolean }} [opts]
 */
export async function openPage(ctx, kind, opts = {}) {
  await ctx.session.navigate(pageUrl(ctx, kind));
  await ctx.session.evaluate(
    kind === 'app' ? connectAndSubscribeSource(ctx.wsUrl, FILTER) : BASELINE_READY_SOURCE,
  );
  if (opts.recording && kind === 'app') await ctx.session.evaluate(START_RECORDING_SOURCE);
  await ctx.session.evaluate(probeSource(kind));
}

/** Live JS heap after a full collection, in bytes. @param {any} session */
export async function heapAfterGc(session) {
  await session.send('HeapProfiler.collectGarbage').catch(() => {});
  const usage = await session.send('Runtime.getHeapUsage');
  return {
    usedBytes: usage.usedSize,
    totalBytes: usage.totalSize,
    // ArrayBuffer contents (the kept payloads) live outside the V8 heap.
    backingStoreBytes: usage.backingStorageSize ?? null,
  };
}

/** @param {any} session @returns {Promise<Record<string, number>>} */
async function perfMetrics(session) {
  const { metrics } = await session.send('Performance.getMetrics');
  return Object.fromEntries(metrics.map((/** @type {any} */ m) => [m.name, m.value]));
}

/**
 * @param {Record<string, number>} before
 * @param {Record<string, number>} after
 * @param {string} metric a duration in seconds
 */
function share(before, after, metric) {
  const wallSec = (after.Timestamp ?? 0) - (before.Timestamp ?? 0);
  const busySec = (after[metric] ?? 0) - (before[metric] ?? 0);
  return wallSec > 0 ? busySec / wallSec : null;
}

/** @param {any} session @param {string} label */
export async function readOutput(session, label) {
  return session.evaluate(`(() => {
    const out = document.querySelector('output[aria-label=${JSON.stringify(label)}]');
    return out ? out.textContent : null;
  })()`);
}

/**
 * Publishes one run and measures the already-open page while it arrives.
 * @param {Context} ctx
 * @param {'app' | 'baseline'} kind
 * @param {{ ratePerSec: number, topics: number, durationMs: number, prefix?: string }} run
 * @param {{ onTick?: () => Promise<void>, tickMs?: number, pageStart?: string,
 *   pageStop?: string }} [extra] work done while publishing; pageStart and pageStop are page
 *   expressions evaluated right after the probe starts and right before it stops (the value of
 *   pageStop is returned as `pageFigures`)
 */
export async function measure(ctx, kind, run, extra = {}) {
  const { session, plan } = ctx;
  const prefix = run.prefix ?? `bench/s${++ctx.stageCount}`;
  await sleep(plan.settleMs);
  const load1 = os.loadavg()[0];
  const perfBefore = await perfMetrics(session);
  const brokerCpuBefore = processCpuMs(ctx.mosquittoPid);
  const tapBefore = kind === 'app' ? await session.evaluate('({ ...window.__workerTap })') : null;
  await session.evaluate('window.__probe.start()');
  if (extra.pageStart) await session.evaluate(extra.pageStart);
  const publishing = ctx.producer.publish({ ...run, prefix });
  if (extra.onTick) {
    let done = false;
    publishing.finally(() => (done = true)).catch(() => {});
    while (!done) {
      await Promise.race([sleep(extra.tickMs ?? 1000), publishing]);
      if (!done) await extra.onTick();
    }
  }
  const sent = await publishing;
  const drainUntil = Date.now() + plan.drainMs;
  let received = 0;
  for (;;) {
    received = await session.evaluate('window.__probe.received()');
    if ((run.ratePerSec > 0 && received >= sent.sent) || Date.now() >= drainUntil) break;
    await sleep(100);
  }
  const pageFigures = extra.pageStop ? await session.evaluate(extra.pageStop) : undefined;
  const data = await session.evaluate('window.__probe.stop()');
  const wallEndMs = Date.now();
  const perfAfter = await perfMetrics(session);
  const brokerCpuAfter = processCpuMs(ctx.mosquittoPid);
  const tapAfter = kind === 'app' ? await session.evaluate('({ ...window.__workerTap })') : null;
  const droppedText = kind === 'app' ? await readOutput(session, 'Messages dropped') : null;
  const heap = await heapAfterGc(session);

  const wallMs = wallEndMs - sent.startMs;
  const receivedAtEnd = countAt(data.counts, sent.endMs);
  const frames = frameStats(data.frameIntervalsMs);
  const lag = lagStats(data.timerLagsMs);
  return {
    page: kind,
    ratePerSec: run.ratePerSec,
    topics: run.topics,
    durationMs: run.durationMs,
    sent: sent.sent,
    sentPerSec: (sent.sent * 1000) / Math.max(1, sent.endMs - sent.startMs),
    received,
    receivedAtEnd,
    lossShare: sent.sent > 0 ? Math.max(0, 1 - received / sent.sent) : null,
    keptUp:
      run.ratePerSec > 0 &&
      keptUp({
        ratePerSec: run.ratePerSec,
        sent: sent.sent,
        receivedAtEnd,
        receivedFinal: received,
        maxBacklogSec: plan.maxBacklogSec,
      }) &&
      (tapAfter ? tapAfter.droppedInWorker === tapBefore.droppedInWorker : true),
    // Receive rate once the stage is under way (the first second is ramp-up).
    throughputPerSec: rateBetween(data.counts, sent.startMs + 1000, sent.endMs),
    fps: frames.fps,
    longFrameShare: frames.longFrameShare,
    p95FrameMs: frames.p95FrameMs,
    maxFrameMs: frames.maxFrameMs,
    timerLagP95Ms: lag.p95,
    timerLagMaxMs: lag.max,
    latencyP50Ms: percentile(data.latenciesMs, 50),
    latencyP99Ms: percentile(data.latenciesMs, 99),
    latencySamples: data.latenciesMs.length,
    chartCommitsPerSec: kind === 'app' ? (data.chartCommits * 1000) / Math.max(1, wallMs) : null,
    heapUsedBytes: heap.usedBytes,
    heapBackingStoreBytes: heap.backingStoreBytes,
    mainThreadBusyShare: share(perfBefore, perfAfter, 'TaskDuration'),
    // Where the main thread's time went, as shares of wall time (from the Performance domain).
    scriptShare: share(perfBefore, perfAfter, 'ScriptDuration'),
    layoutShare: share(perfBefore, perfAfter, 'LayoutDuration'),
    styleShare: share(perfBefore, perfAfter, 'RecalcStyleDuration'),
    producerCpuShare: sent.cpuShare,
    brokerCpuShare:
      brokerCpuBefore !== null && brokerCpuAfter !== null
        ? (brokerCpuAfter - brokerCpuBefore) / Math.max(1, wallMs)
        : null,
    droppedInWorker: tapAfter ? tapAfter.droppedInWorker - tapBefore.droppedInWorker : null,
    droppedShown: droppedText === null ? null : Number(String(droppedText).replace(/\D/g, '')),
    load1,
    ...(pageFigures === undefined ? {} : { pageFigures }),
  };
}

/**
 * @param {Context} ctx
 * @param {'app' | 'baseline'} kind
 * @param {{ ratePerSec: number, topics: number, durationMs: number }} run
 * @param {{ recording?: boolean }} [opts]
 */
export async function runStage(ctx, kind, run, opts = {}) {
  await openPage(ctx, kind, opts);
  const result = await measure(ctx, kind, run);
  ctx.log(`  ${describe(result)}`);
  return result;
}

/** @param {any} r */
function describe(r) {
  const rate = r.ratePerSec > 0 ? `${r.ratePerSec} msg/s` : 'flood';
  const fps = r.fps === null ? '-' : r.fps.toFixed(0);
  return (
    `${r.page} ${rate} x ${r.topics} topics: ${r.received}/${r.sent} ` +
    `(${r.keptUp ? 'kept up' : 'behind'}), ${Math.round(r.throughputPerSec ?? 0)} msg/s in, ` +
    `${fps} fps, lag p95 ${r.timerLagP95Ms?.toFixed(0) ?? '-'} ms, load ${r.load1.toFixed(2)}`
  );
}

/**
 * The highest paced rate a page keeps up with on 100 topics: a flood first to estimate it,
 * then probes that grow until a miss and bisect. With `recording`, the app records everything
 * it receives on every page of the search.
 * @param {Context} ctx
 * @param {'app' | 'baseline'} kind
 * @param {{ recording?: boolean }} [opts]
 */
export async function searchCeiling(ctx, kind, opts = {}) {
  const { plan } = ctx;
  const flood = await runStage(
    ctx,
    kind,
    {
      ratePerSec: 0,
      topics: 100,
      durationMs: plan.floodMs,
    },
    opts,
  );
  const estimate = flood.throughputPerSec ?? 1000;
  /** @type {number | null} */
  let bestPass = null;
  /** @type {number | null} */
  let lowestMiss = null;
  const probes = [];
  let rate = Math.max(100, Math.round((estimate * 0.9) / 100) * 100);
  let drained = false;
  for (let i = 0; i < plan.probes; i++) {
    // The same page serves the next probe when it has caught up; otherwise a fresh one, so
    // that no backlog carries over.
    if (!drained) await openPage(ctx, kind, opts);
    const stage = await measure(ctx, kind, {
      ratePerSec: rate,
      topics: 100,
      durationMs: plan.stageMs,
    });
    ctx.log(`  ${describe(stage)}`);
    drained = stage.received >= stage.sent;
    probes.push(stage);
    if (stage.keptUp) bestPass = Math.max(bestPass ?? 0, rate);
    else lowestMiss = Math.min(lowestMiss ?? Infinity, rate);
    if (bestPass !== null && lowestMiss !== null && (lowestMiss - bestPass) / bestPass < 0.05) {
      break;
    }
    rate = nextProbeRate({ bestPass, lowestMiss });
  }
  return {
    page: kind,
    ceilingPerSec: bestPass,
    floodThroughputPerSec: flood.throughputPerSec,
    flood,
    probes,
  };
}

/**
 * The heap over a long hold at a steady rate, sampled after a full collection.
 * @param {Context} ctx
 * @param {{ ratePerSec: number, topics: number, durationMs: number, sampleMs: number,
 *   windowMs: number }} hold
 */
export async function runHold(ctx, hold) {
  await openPage(ctx, 'app');
  /** @type {Array<[number, number]>} */
  const samples = [];
  const startMs = Date.now();
  const stage = await measure(
    ctx,
    'app',
    { ratePerSec: hold.ratePerSec, topics: hold.topics, durationMs: hold.durationMs },
    {
      tickMs: hold.sampleMs,
      onTick: async () => {
        const heap = await heapAfterGc(ctx.session);
        samples.push([Date.now() - startMs, heap.usedBytes]);
        ctx.log(
          `  hold ${((Date.now() - startMs) / 1000).toFixed(0)} s: heap ${(heap.usedBytes / 2 ** 20).toFixed(1)} MB`,
        );
      },
    },
  );
  samples.push([Date.now() - startMs, stage.heapUsedBytes]);
  const payloadMemory = await readOutput(ctx.session, 'Message memory');
  const result = {
    ...stage,
    heapSamples: samples,
    heapWindowMs: hold.windowMs,
    heapGrowthInWindow: growthOverLast(samples, hold.windowMs),
    payloadMemoryShown: payloadMemory,
  };
  ctx.log(`  ${describe(result)}`);
  return result;
}

/**
 * Time from navigation to the first message row on the embedded demo, on a first visit.
 * @param {Context} ctx
 * @param {string} appUrl the demo server's page
 * @param {number} repeats
 */
export async function runFirstMessage(ctx, appUrl, repeats) {
  const origin = new URL(appUrl).origin;
  const runs = [];
  for (let i = 0; i < repeats; i++) {
    await ctx.session.navigate('about:blank');
    // A first visit: nothing remembered from the previous repeat.
    await ctx.session.send('Storage.clearDataForOrigin', { origin, storageTypes: 'all' });
    const { identifier } = await ctx.session.send('Page.addScriptToEvaluateOnNewDocument', {
      source: FIRST_MESSAGE_SOURCE,
    });
    try {
      await ctx.session.navigate(appUrl);
      const deadline = Date.now() + 15_000;
      let shown = null;
      while (Date.now() < deadline) {
        shown = await ctx.session.evaluate('window.__firstMessage');
        if (shown?.frameMs !== null && shown?.frameMs !== undefined) break;
        await sleep(50);
      }
      runs.push({
        frameMs: shown?.frameMs ?? null,
        domMs: shown?.domMs ?? null,
        appShownMs: shown?.appShownMs ?? null,
        connectedMs: shown?.connectedMs ?? null,
      });
      const ms = (/** @type {number | null | undefined} */ v) => v?.toFixed(0) ?? '-';
      ctx.log(
        `  first message on screen after ${ms(shown?.frameMs)} ms ` +
          `(app drawn ${ms(shown?.appShownMs)} ms, connected ${ms(shown?.connectedMs)} ms)`,
      );
    } finally {
      await ctx.session.send('Page.removeScriptToEvaluateOnNewDocument', { identifier });
    }
  }
  await ctx.session.navigate('about:blank');
  return runs;
}
