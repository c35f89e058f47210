// Code that runs inside the measured pages, sent as source over CDP. Each function is
// self-contained (it is stringified), and the measurement itself is kept cheap: one
// requestAnimationFrame callback per frame, one 10 ms timer, a counter read every 100 ms and,
// on the app, a MutationObserver on the message log's direct children.
/* global window, document, requestAnimationFrame, MutationObserver, HTMLInputElement */

/**
 * Installed before any page script runs: counts the app worker's batches, including the
 * messages the worker had to discard because the page fell behind (they are part of the app's
 * "Messages received", so the DOM alone cannot tell them from kept ones).
 */
function workerTap() {
  const tap = { batches: 0, messages: 0, droppedInWorker: 0 };
  window.__workerTap = tap;
  const NativeWorker = window.Worker;
  if (!NativeWorker) return;
  window.Worker = class TappedWorker extends NativeWorker {
    constructor(url, options) {
      super(url, options);
      this.addEventListener('message', (event) => {
        const data = event.data;
        if (!data || data.type !== 'batch' || !data.batch) return;
        tap.batches++;
        tap.messages += Number(data.batch.count) || 0;
        tap.droppedInWorker += Number(data.batch.droppedInWorker) || 0;
      });
    }
  };
}

/**
 * Installed before the page's scripts on the time-to-first-message stage: notes when the first
 * row appears in the message log (ms since navigation start) and when the next frame is drawn.
 */
function firstMessageWatch() {
  // Milestones in ms since navigation start, to tell where the time goes.
  const state = { domMs: null, frameMs: null, appShownMs: null, connectedMs: null };
  window.__firstMessage = state;
  const selector = 'ul[aria-label="Message log"] > li';
  const observer = new MutationObserver(() => {
    if (state.appShownMs === null && document.querySelector('section[aria-label="Connection"]')) {
      state.appShownMs = performance.now();
    }
    const status = document.querySelector('[aria-label="Connection status"]');
    if (state.connectedMs === null && status?.textContent.startsWith('Connected')) {
      state.connectedMs = performance.now();
    }
    if (state.domMs !== null || !document.querySelector(selector)) return;
    state.domMs = performance.now();
    observer.disconnect();
    requestAnimationFrame(() => (state.frameMs = performance.now()));
  });
  observer.observe(document, { childList: true, subtree: true, characterData: true });
}

/**
 * The stage probe: frames, 10 ms timer lag, a received-count time series and (on the app)
 * publish-to-screen latency read from the payload's "t" of each new log row.
 * @param {'app' | 'baseline'} kind
 */
function installProbe(kind) {
  const TIMER_MS = 10;
  const SAMPLE_MS = 100;
  const MAX_LATENCIES = 200_000;
  const readCount =
    kind === 'baseline'
      ? () => window.__baseline.count
      : () => {
          const out = document.querySelector('output[aria-label="Messages received"]');
          return out ? Number(out.textContent.replace(/[^0-9]/g, '')) : 0;
        };
  let data = null;
  let running = false;
  let observers = [];

  const onFrame = (now) => {
    if (!running) return;
    if (data.lastFrame !== null) data.frameIntervalsMs.push(now - data.lastFrame);
    data.lastFrame = now;
    requestAnimationFrame(onFrame);
  };
  const onTimer = () => {
    if (!running) return;
    const now = performance.now();
    data.timerLagsMs.push(Math.max(0, now - data.timerDue));
    data.timerDue = now + TIMER_MS;
    window.setTimeout(onTimer, TIMER_MS);
  };
  // Counts are relative to the start of the stage, so a page can serve several stages.
  let base = 0;
  const received = () => readCount() - base;
  const sample = () => {
    if (!running) return;
    data.counts.push([Date.now(), received()]);
    window.setTimeout(sample, SAMPLE_MS);
  };

  window.__probe = {
    received,
    total: readCount,
    start() {
      running = true;
      base = readCount();
      data = {
        frameIntervalsMs: [],
        lastFrame: null,
        timerLagsMs: [],
        timerDue: performance.now() + TIMER_MS,
        counts: [],
        latenciesMs: [],
        chartCommits: 0,
      };
      requestAnimationFrame(onFrame);
      window.setTimeout(onTimer, TIMER_MS);
      sample();
      const log = document.querySelector('ul[aria-label="Message log"]');
      if (log) {
        const rows = new MutationObserver((records) => {
          const now = Date.now();
          for (const record of records) {
            for (const node of record.addedNodes) {
              const match = /"t":(\d{13})/.exec(node.textContent ?? '');
              if (match && data.latenciesMs.length < MAX_LATENCIES) {
                data.latenciesMs.push(now - Number(match[1]));
              }
            }
          }
        });
        rows.observe(log, { childList: true });
        observers.push(rows);
      }
      const charts = document.querySelector('section[aria-label="Charts"]');
      if (charts) {
        // About one callback per React commit that changed the charts: proof they are live.
        const lines = new MutationObserver(() => data.chartCommits++);
        lines.observe(charts, { attributes: true, childList: true, subtree: true });
        observers.push(lines);
      }
    },
    stop() {
      running = false;
      for (const o of observers) o.disconnect();
      observers = [];
      data.counts.push([Date.now(), received()]);
      const { frameIntervalsMs, timerLagsMs, counts, latenciesMs, chartCommits } = data;
      return { frameIntervalsMs, timerLagsMs, counts, latenciesMs, chartCommits };
    },
  };
}

/**
 * Arms a click-to-frame timer on the element `pick()` returns and says where it is on screen, so
 * that the bench can press it with real input (CDP mouse events, which queue behind whatever the
 * page is busy with, as a person's click would). When the click comes, its event time is the
 * start; every frame after the click's handlers ran, `changed(target)` is asked whether the page
 * shows the change yet; in the first frame where it does, a message posted from that frame's
 * requestAnimationFrame runs once the frame is rendered, and that is the end. The result is left
 * in `window.__clickResult` (a promise). Returns null when there is nothing to click.
 * @param {() => Element | null | undefined} pick
 * @param {(target: Element) => boolean} changed
 * @param {number} timeoutMs resolve as timed out after this long
 */
function armClick(pick, changed, timeoutMs) {
  const target = pick();
  if (!target) return null;
  const rect = target.getBoundingClientRect();
  const armedAt = performance.now();
  let done = false;
  let resolve = () => {};
  window.__clickResult = new Promise((r) => (resolve = r));
  const finish = (result) => {
    if (done) return;
    done = true;
    window.removeEventListener('click', onClick, true);
    resolve(result);
  };
  const timeout = window.setTimeout(
    () => finish({ timedOut: true, clickToFrameMs: null, inputDelayMs: null, hit: null }),
    timeoutMs,
  );
  function onClick(event) {
    window.removeEventListener('click', onClick, true);
    const clickAt = event.timeStamp;
    const handlerAt = performance.now();
    const hit = target === event.target || target.contains(event.target);
    const check = () => {
      if (done) return;
      if (!changed(target)) {
        requestAnimationFrame(check);
        return;
      }
      const frameAt = performance.now();
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        window.clearTimeout(timeout);
        finish({
          timedOut: false,
          clickToFrameMs: performance.now() - clickAt,
          // From the click's event time to its first handler: the queue it waited in.
          inputDelayMs: handlerAt - clickAt,
          frameStartMs: frameAt - clickAt,
          hit,
        });
      };
      channel.port2.postMessage(null);
    };
    requestAnimationFrame(check);
  }
  window.addEventListener('click', onClick, true);
  const label = target.getAttribute('aria-label') ?? target.textContent?.trim().slice(0, 60);
  return {
    x: rect.left + rect.width / 2,
    y: rect.top + rect.height / 2,
    inViewport: rect.top >= 0 && rect.bottom <= window.innerHeight && rect.width > 0,
    label,
    armedAt,
  };
}

/** @param {Function} fn @param {unknown[]} args */
const call = (fn, ...args) => `(${fn.toString()})(${args.map((a) => JSON.stringify(a)).join(',')})`;

export const WORKER_TAP_SOURCE = call(workerTap);
export const FIRST_MESSAGE_SOURCE = call(firstMessageWatch);
/** @param {'app' | 'baseline'} kind */
export const probeSource = (kind) => call(installProbe, kind);

/**
 * Source of an expression: how many lines the Charts region draws. recharts' SVG paths where the
 * lines are SVG; where a figure draws its lines on a canvas (canvas.chart-lines, with a size),
 * the legend rows of that figure that are shown (ticked) and have a last value.
 */
export const CHART_LINES_SOURCE = `(() => {
  let lines = 0;
  for (const figure of document.querySelectorAll('section[aria-label="Charts"] figure')) {
    lines += figure.querySelectorAll('path.recharts-line-curve').length;
    const canvas = figure.querySelector('canvas.chart-lines');
    if (!canvas || canvas.width === 0 || canvas.height === 0) continue;
    for (const row of figure.querySelectorAll('table.legend tbody tr')) {
      const shown = row.querySelector('input[type="checkbox"]')?.checked;
      const last = row.cells[1]?.textContent.trim();
      if (shown && last && last !== '–') lines++;
    }
  }
  return lines;
})()`;

/**
 * Source of `armClick` with its two functions given as source text (function expressions that
 * become part of the evaluated code: no eval in the page, which its CSP would refuse).
 * @param {string} pickSource `() => Element | null`
 * @param {string} changedSource `(target) => boolean`
 * @param {number} timeoutMs
 */
export const armClickSource = (pickSource, changedSource, timeoutMs) =>
  `(${armClick.toString()})((${pickSource}), (${changedSource}), ${JSON.stringify(timeoutMs)})`;

/**
 * Source of an async in-page step that connects the app to the broker in its form and makes
 * sure `filter` is subscribed, the way a person would: press Connect, type the filter, press
 * Subscribe. Resolves when the SUBACK has granted it.
 * @param {string} brokerUrl the URL the page was given in ?broker=
 * @param {string} filter
 */
export function connectAndSubscribeSource(brokerUrl, filter) {
  const step = async (brokerUrl, topicFilter) => {
    const wait = async (what, test, timeoutMs = 15_000) => {
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        const value = test();
        if (value) return value;
        if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => window.setTimeout(r, 20));
      }
    };
    const region = (name) => document.querySelector(`section[aria-label="${name}"]`);
    const button = (scope, text) =>
      [...scope.querySelectorAll('button')].find((b) => b.textContent.trim() === text);
    // The textbox named `name`: by aria-label or by its <label for>.
    const textbox = (scope, name) => {
      const label = [...scope.querySelectorAll('label')].find((l) => l.textContent.trim() === name);
      return (
        scope.querySelector(`input[aria-label="${name}"]`) ??
        (label?.htmlFor ? document.getElementById(label.htmlFor) : label?.querySelector('input'))
      );
    };
    const connection = await wait('the Connection region', () => region('Connection'));
    const status = () =>
      connection.querySelector('[aria-label="Connection status"]')?.textContent ?? '';
    // The page fills the form from ?broker= once it has started: pressing Connect before that
    // would connect to the page's own origin.
    await wait(
      `Broker URL ${brokerUrl}`,
      () => textbox(connection, 'Broker URL')?.value === brokerUrl,
    );
    if (!status().startsWith('Connected')) {
      await wait('the Connect button', () => button(connection, 'Connect')).then((b) => b.click());
      await wait('"Connected"', () => status().startsWith('Connected'));
    }
    const subscriptions = region('Subscriptions');
    const item = () =>
      [...subscriptions.querySelectorAll('ul[aria-label="Active subscriptions"] > li')].find(
        (li) => li.querySelector('code')?.textContent === topicFilter,
      );
    if (!item()) {
      const input = textbox(subscriptions, 'Topic filter');
      if (!input) throw new Error('no textbox named "Topic filter"');
      const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
      setValue.call(input, topicFilter);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      button(subscriptions, 'Subscribe').click();
    }
    await wait(`the SUBACK for ${topicFilter}`, () => /QoS \d/.test(item()?.textContent ?? ''));
    return status();
  };
  return `(${step.toString()})(${JSON.stringify(brokerUrl)}, ${JSON.stringify(filter)})`;
}

/**
 * Source of an async in-page step for the bare page: wait until it is connected and subscribed.
 */
export const BASELINE_READY_SOURCE = `(async () => {
  const deadline = performance.now() + 15000;
  while (!(window.__baseline && window.__baseline.subscribed)) {
    if (window.__baseline && window.__baseline.error) throw new Error(window.__baseline.error);
    if (performance.now() > deadline) throw new Error('the bare page did not subscribe');
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
})()`;
