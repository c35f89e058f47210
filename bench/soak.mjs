// The soak: one app page for a long steady run (by default 30 minutes at 5k msg/s on 1,000
// topics) with the live view and one chart open, both set up through the UI the way a person
// would (Settings dialog for the memory budget; a topic picked in the tree, "Chart v" in Message
// details). Every minute: JS heap after a full collection, the app's "Messages received" against
// what the producer sent, "Messages dropped", frames, and click-to-frame times of tree clicks
// made with real (CDP) mouse input during the minute.
import os from 'node:os';
import { heapAfterGc, openPage } from './stages.mjs';
import { CHART_LINES_SOURCE, armClickSource } from './page-scripts.mjs';
import { topicName } from './producer.mjs';
import { clickLatencies, minuteRates } from './soak-report.mjs';
import { frameStats, lagStats, percentile } from './stats.mjs';

const MINUTE_MS = 60_000;
const MB = 2 ** 20;

const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));

/**
 * @typedef {{ ratePerSec: number, topics: number, minutes: number, budgetMb: number,
 *   clicksPerMinute: number, clickTimeoutMs: number, drainMs: number, prefix: string,
 *   chartTopicIndex: number, chartField: string }} SoakPlan
 */

/** @param {any} session @param {string} label */
async function readOutput(session, label) {
  return session.evaluate(`(() => {
    const out = document.querySelector('output[aria-label=${JSON.stringify(label)}]');
    return out ? out.textContent : null;
  })()`);
}

/** @param {string | null} text "12,345" */
const count = (text) => (text === null ? null : Number(String(text).replace(/\D/g, '')));

/** A left click with real input events at a point of the viewport. @param {any} session */
async function mouseClick(session, /** @type {number} */ x, /** @type {number} */ y) {
  await session.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x, y });
  const press = { x, y, button: 'left', buttons: 1, clickCount: 1 };
  await session.send('Input.dispatchMouseEvent', { type: 'mousePressed', ...press });
  await session.send('Input.dispatchMouseEvent', { type: 'mouseReleased', ...press, buttons: 0 });
}

/**
 * Clicks what `pickSource` finds with real input and times it to the frame that shows
 * `changedSource` true (see armClick in page-scripts.mjs).
 * @param {any} session
 * @param {string} pickSource
 * @param {string} changedSource
 * @param {number} timeoutMs
 */
export async function timedClick(session, pickSource, changedSource, timeoutMs) {
  const target = await session.evaluate(armClickSource(pickSource, changedSource, timeoutMs));
  if (!target) return null;
  if (!target.inViewport) throw new Error(`"${target.label}" is not on screen: cannot click it`);
  await mouseClick(session, target.x, target.y);
  const result = await session.evaluate('window.__clickResult');
  return { ...result, label: target.label };
}

/** Waits in the page until `testSource` (an expression) is truthy. @param {any} session */
async function waitFor(session, /** @type {string} */ what, /** @type {string} */ testSource) {
  const ok = await session.evaluate(`(async () => {
    for (let waitedMs = 0; waitedMs < 15000; waitedMs += 100) {
      if (${testSource}) return true;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return false;
  })()`);
  if (!ok) throw new Error(`timed out waiting for ${what}`);
}

const buttonPick = (/** @type {string} */ scope, /** @type {string} */ text) =>
  `() => [...document.querySelectorAll(${JSON.stringify(`${scope} button`)})].find(
    (b) => b.textContent.trim() === ${JSON.stringify(text)})`;

/**
 * Settings → "Message memory budget (MB)" → Apply limits, with mouse and keyboard input.
 * @param {any} session
 * @param {number} budgetMb
 */
async function setBudgetInSettings(session, budgetMb) {
  const open = await timedClick(
    session,
    buttonPick('header', 'Settings'),
    '() => !!document.querySelector("dialog[open]")',
    10_000,
  );
  if (!open || open.timedOut) throw new Error('the Settings dialog did not open');
  const field = await session.evaluate(`(() => {
    const label = [...document.querySelectorAll('dialog[open] label')].find(
      (l) => l.textContent.trim() === 'Message memory budget (MB)');
    const input = label && document.getElementById(label.htmlFor);
    if (!input) return null;
    const r = input.getBoundingClientRect();
    return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  })()`);
  if (!field) throw new Error('no field "Message memory budget (MB)" in Settings');
  await mouseClick(session, field.x, field.y);
  // Select what is there and type over it.
  await session.evaluate('document.activeElement.select()');
  await session.send('Input.insertText', { text: String(budgetMb) });
  const typed = await session.evaluate('document.activeElement.value');
  if (typed !== String(budgetMb)) throw new Error(`the budget field reads "${typed}"`);
  const applied = await timedClick(
    session,
    buttonPick('dialog[open]', 'Apply limits'),
    '() => !document.querySelector("dialog[open]")',
    10_000,
  );
  if (!applied || applied.timedOut) throw new Error('Apply limits did not close the dialog');
  const stored = await session.evaluate(
    `JSON.parse(localStorage.getItem('brokerscope.limits') ?? 'null')?.payloadBudgetBytes ?? null`,
  );
  if (stored !== budgetMb * MB) {
    throw new Error(`the budget was not applied (stored: ${stored})`);
  }
}

/** Fully visible leaf rows of the topic tree, not selected; the n-th of them (wrapping). */
const treeLeafPick = (/** @type {number} */ n) => `() => {
  const tree = document.querySelector('[role="tree"][aria-label="Topic tree"]');
  if (!tree) return null;
  const box = tree.getBoundingClientRect();
  const rows = [...tree.querySelectorAll('[role="treeitem"]')].filter((row) => {
    if (row.hasAttribute('aria-expanded') || row.getAttribute('aria-selected') === 'true') {
      return false;
    }
    const r = row.getBoundingClientRect();
    return r.top >= box.top && r.bottom <= box.bottom && r.top >= 0 && r.bottom <= innerHeight;
  });
  return rows.length ? rows[${n} % rows.length] : null;
}`;

/** The row is selected and Message details shows its topic. */
const TREE_ROW_SHOWN = `(row) => {
  if (row.getAttribute('aria-selected') !== 'true') return false;
  const heading = document.querySelector('section[aria-label="Message details"] .topic-heading');
  const name = row.querySelector('.tree-name')?.textContent ?? '';
  return !!heading && heading.textContent.endsWith('/' + name);
}`;

/**
 * Picks the chart topic in the tree and presses "Chart <field>" in Message details; then scrolls
 * back to the top, where the tree is, and checks that the chart is on screen and drawn.
 * @param {any} session
 * @param {SoakPlan} soak
 */
async function addChartThroughUi(session, soak) {
  const topic = topicName(soak.prefix, soak.chartTopicIndex, soak.topics);
  const leaf = topic.split('/').at(-1);
  await waitFor(
    session,
    `topic ${topic} in the tree`,
    `[...document.querySelectorAll('[role="treeitem"]')].some(
      (r) => r.querySelector('.tree-name')?.textContent === ${JSON.stringify(leaf)})`,
  );
  const rowPick = `() => [...document.querySelectorAll('[role="treeitem"]')].find(
    (r) => r.querySelector('.tree-name')?.textContent === ${JSON.stringify(leaf)})`;
  const selected = await timedClick(session, rowPick, TREE_ROW_SHOWN, 10_000);
  if (!selected || selected.timedOut) throw new Error(`selecting ${topic} did not show it`);
  const heading = await session.evaluate(
    `document.querySelector('section[aria-label="Message details"] .topic-heading')?.textContent`,
  );
  if (heading !== topic) throw new Error(`Message details shows "${heading}", not ${topic}`);
  const button = `Chart ${soak.chartField}`;
  await waitFor(
    session,
    `a "${button}" button in Message details`,
    `(${buttonPick('section[aria-label="Message details"]', button)})()`,
  );
  await waitFor(
    session,
    'the Charts region',
    `document.querySelector('section[aria-label="Charts"]')`,
  );
  const figures = `document.querySelectorAll('section[aria-label="Charts"] figure').length`;
  const before = await session.evaluate(figures);
  const charted = await timedClick(
    session,
    buttonPick('section[aria-label="Message details"]', button),
    `() => ${figures} > ${before}`,
    10_000,
  );
  if (!charted || charted.timedOut) throw new Error(`"${button}" did not add a chart`);
  await waitFor(session, 'a drawn line in the new chart', `${CHART_LINES_SOURCE} > 0`);
  // The app scrolled the new chart into view; scroll back to the tree, as a person would.
  await session.send('Input.dispatchMouseEvent', {
    type: 'mouseWheel',
    x: 800,
    y: 400,
    deltaX: 0,
    deltaY: -5000,
  });
  await sleep(500);
  const onScreen = await session.evaluate(`(() => {
    const r = (sel) => document.querySelector(sel)?.getBoundingClientRect();
    const chart = r('section[aria-label="Charts"] figure');
    const tree = r('[role="tree"]');
    return { chart: !!chart && chart.top < innerHeight && chart.bottom > 0,
      tree: !!tree && tree.top >= 0 && tree.bottom <= innerHeight, scrollY };
  })()`);
  if (!onScreen.tree || !onScreen.chart) {
    throw new Error(
      `after scrolling back the tree ${onScreen.tree ? 'is' : 'is not'} and the chart ` +
        `${onScreen.chart ? 'is' : 'is not'} on screen (scrollY ${onScreen.scrollY})`,
    );
  }
  return { topic, field: soak.chartField, selectClick: selected, chartClick: charted };
}

/**
 * @param {import('./stages.mjs').Context} ctx
 * @param {SoakPlan} soak
 */
export async function runSoak(ctx, soak) {
  const { session, producer, log } = ctx;
  await openPage(ctx, 'app');
  await setBudgetInSettings(session, soak.budgetMb);
  log(`  Settings: message memory budget set to ${soak.budgetMb} MB`);

  const durationMs = soak.minutes * MINUTE_MS;
  const publishing = producer.publish({
    prefix: soak.prefix,
    topics: soak.topics,
    ratePerSec: soak.ratePerSec,
    durationMs,
  });
  publishing.catch(() => {});
  /** Messages sent so far: from the producer while it runs, from its result once it is done. */
  const sentSoFar = async () => (await producer.progress())?.sent ?? (await publishing).sent;
  // The producer's own clock: minute k ends k minutes after its first message.
  let progress = null;
  for (let i = 0; i < 100 && !progress; i++) {
    progress = await producer.progress();
    if (!progress) await sleep(20);
  }
  if (!progress) throw new Error('the producer did not start');
  const startMs = progress.startMs;

  const chart = await addChartThroughUi(session, soak);
  log(
    `  chart of ${chart.topic} "${chart.field}" added (tree click ` +
      `${chart.selectClick.clickToFrameMs.toFixed(0)} ms, button ` +
      `${chart.chartClick.clickToFrameMs.toFixed(0)} ms to the frame)`,
  );

  /** @param {number} minute */
  const sample = async (minute) => {
    const sent = await sentSoFar();
    const atMs = Date.now() - startMs;
    const received = count(await readOutput(session, 'Messages received'));
    const dropped = count(await readOutput(session, 'Messages dropped'));
    const messageMemory = await readOutput(session, 'Message memory');
    // The worker's batches to the page, counted by the tap installed before the app started.
    const workerTap = await session.evaluate('({ ...window.__workerTap })');
    const gcStartMs = Date.now();
    const heap = await heapAfterGc(session);
    return {
      // The full collection before the heap is read stalls the page this long (a bench cost).
      gcMs: Date.now() - gcStartMs,
      minute,
      atMs,
      sent,
      received,
      dropped,
      messageMemory,
      workerTap,
      heapUsedBytes: heap.usedBytes,
      heapBackingStoreBytes: heap.backingStoreBytes,
      load1: os.loadavg()[0],
    };
  };

  const first = await sample(0);
  /** @type {any[]} */
  const minutes = [{ ...first, ...minuteRates(null, /** @type {any} */ (first)) }];
  log(`  minute 0 (after set-up): heap ${(first.heapUsedBytes / MB).toFixed(1)} MB`);
  let clickNumber = 0;
  let screenshotPng = '';
  for (let minute = 1; minute <= soak.minutes; minute++) {
    const endMs = startMs + minute * MINUTE_MS;
    await session.evaluate('window.__probe.start()');
    const windowStartMs = Date.now();
    const clicks = [];
    // Evenly spread over what is left of the minute, the last a second before its end.
    const spacingMs = Math.max(0, endMs - 1000 - windowStartMs) / soak.clicksPerMinute;
    for (let i = 0; i < soak.clicksPerMinute; i++) {
      const dueMs = windowStartMs + (i + 0.5) * spacingMs;
      if (dueMs > Date.now()) await sleep(dueMs - Date.now());
      if (Date.now() >= endMs - 500) break;
      const click = await timedClick(
        session,
        treeLeafPick(clickNumber++),
        TREE_ROW_SHOWN,
        soak.clickTimeoutMs,
      );
      clicks.push(click);
    }
    if (minute === soak.minutes) {
      // What the page looks like in the last minute of traffic.
      ({ data: screenshotPng } = await session.send('Page.captureScreenshot', { format: 'png' }));
    }
    if (endMs > Date.now()) await sleep(endMs - Date.now());
    const probe = await session.evaluate('window.__probe.stop()');
    const row = await sample(minute);
    const frames = frameStats(probe.frameIntervalsMs);
    const lag = lagStats(probe.timerLagsMs);
    const clicksMs = clickLatencies(clicks, soak.clickTimeoutMs);
    const windowMs = Date.now() - windowStartMs;
    const previous = minutes.at(-1);
    const full = {
      ...row,
      ...minuteRates(previous, /** @type {any} */ (row)),
      // Messages the worker had to discard because the page fell behind (counted in "Messages
      // dropped" too, which otherwise counts the oldest messages let go to stay in the limits).
      discardedInWorker: row.workerTap.droppedInWorker - previous.workerTap.droppedInWorker,
      fps: frames.fps,
      longFrameShare: frames.longFrameShare,
      p95FrameMs: frames.p95FrameMs,
      timerLagP95Ms: lag.p95,
      latencyP50Ms: percentile(probe.latenciesMs, 50),
      latencyP99Ms: percentile(probe.latenciesMs, 99),
      chartCommitsPerSec: (probe.chartCommits * 1000) / Math.max(1, windowMs),
      clicksMs,
      clicks,
    };
    minutes.push(full);
    const ms = (/** @type {number | null} */ v) => (v === null ? '-' : v.toFixed(0));
    log(
      `  minute ${minute}: heap ${(row.heapUsedBytes / MB).toFixed(1)} MB, ` +
        `memory ${row.messageMemory}, ${row.received}/${row.sent} received, ` +
        `${row.dropped} dropped, ${ms(frames.fps)} fps, clicks p95 ` +
        `${ms(percentile(clicksMs, 95))} ms (max ${ms(clicksMs.length ? Math.max(...clicksMs) : null)}), ` +
        `load ${row.load1.toFixed(2)}`,
    );
  }

  const sent = await publishing;
  // Let what is in flight arrive, then count what never did.
  const drainUntil = Date.now() + soak.drainMs;
  let received = 0;
  for (;;) {
    received = count(await readOutput(session, 'Messages received')) ?? 0;
    if (received >= sent.sent || Date.now() >= drainUntil) break;
    await sleep(200);
  }
  const dropped = count(await readOutput(session, 'Messages dropped'));
  const tap = await session.evaluate('({ ...window.__workerTap })');
  const chartStillDrawn = await session.evaluate(CHART_LINES_SOURCE);
  return {
    chart,
    minutes,
    screenshotPng,
    final: {
      sent: sent.sent,
      received,
      lost: Math.max(0, sent.sent - received),
      dropped,
      discardedInWorker: tap.droppedInWorker,
      producerCpuShare: sent.cpuShare,
      chartLinesAtEnd: chartStillDrawn,
    },
  };
}
