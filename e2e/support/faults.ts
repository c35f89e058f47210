/**
 * Helpers for the fault specs (e2e/faults.spec.ts): a private Mosquitto per test that can be
 * paused (SIGSTOP/SIGCONT) by its PID, a paced publisher in Node, the connection form's advanced
 * options, a record of the status line's changes on the page's clock, and the topic tree's
 * per-topic counts.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import type { MqttClient } from 'mqtt';
import { isMosquittoRunning } from '../../server/lib/mosquitto.mjs';
import {
  E2E_TMP_DIR,
  connectFromNode,
  endClient,
  sleep,
  startMosquitto,
  stopMosquitto,
  type MosquittoHandle,
  type NodeClientOptions,
} from './brokers';
import { expect } from './fixtures';

// ---------------------------------------------------------------------------------------------
// Brokers

const FILE_LOG = 'broker.log';

/**
 * A Mosquitto of the test's own (loopback, free ports), so pausing, killing or stopping it
 * disturbs no other spec. The shared config already raises `max_queued_messages` (100,000).
 * Besides its standard output (buffered) it logs to a file written at once and kept across
 * restarts (see brokerLog); `subscribeLog` adds each SUBSCRIBE ("<client id> <QoS> <filter>").
 */
export function startPrivateBroker(label: string, opts: { subscribeLog?: boolean } = {}) {
  const name = `faults-${label}-${randomBytes(3).toString('hex')}`;
  // The folder brokers.ts gives it (E2E_TMP_DIR/mosquitto/<name>), known before it starts.
  const log = path.join(E2E_TMP_DIR, 'mosquitto', name, FILE_LOG);
  const extraConfig = [
    `log_dest file ${log}`,
    ...(opts.subscribeLog ? ['log_type subscribe'] : []),
  ];
  return startMosquitto({ name, extraConfig });
}

/** The lines the broker logged so far (all its runs). */
export function brokerLog(broker: MosquittoHandle): string[] {
  return fs.readFileSync(path.join(broker.dir, FILE_LOG), 'utf8').split('\n');
}

/** Stops it (SIGCONT first, in case a test paused it and failed before resuming it). */
export async function stopPrivateBroker(broker: MosquittoHandle | undefined): Promise<void> {
  if (!broker) return;
  try {
    signalBroker(broker, 'SIGCONT');
  } catch {
    // Not running (any more): nothing to wake.
  }
  await stopMosquitto(broker.name);
}

/** Sends SIGSTOP or SIGCONT to the broker's process, checked to still be that Mosquitto. */
export function signalBroker(broker: MosquittoHandle, signal: 'SIGSTOP' | 'SIGCONT'): void {
  if (!isMosquittoRunning(broker.pid, broker.configPath)) {
    throw new Error(`Mosquitto "${broker.name}" (PID ${broker.pid}) is not running`);
  }
  process.kill(broker.pid, signal);
}

// ---------------------------------------------------------------------------------------------
// A slow link

export interface ThrottledLink {
  /** The WebSocket URL to give the page instead of the broker's. */
  url: string;
  /** Breaks every connection through the link (the page then reconnects through it). */
  dropConnections(): void;
  close(): Promise<void>;
}

/**
 * A TCP proxy on a free loopback port in front of `targetPort` (e.g. Mosquitto's WebSocket
 * listener) that passes the page's bytes at once and the broker's at `bytesPerSec`, in order:
 * a slow downlink, on which what the broker sends after a large message (a PINGRESP) waits
 * behind it.
 */
export async function throttledLink(
  targetPort: number,
  bytesPerSec: number,
): Promise<ThrottledLink> {
  const TICK_MS = 10;
  const HIGH_WATER = 1024 * 1024;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    sockets.add(client);
    sockets.add(upstream);
    client.pipe(upstream);
    const queue: Buffer[] = [];
    let queued = 0;
    upstream.on('data', (chunk: Buffer) => {
      queue.push(chunk);
      queued += chunk.length;
      if (queued > HIGH_WATER) upstream.pause();
    });
    const timer = setInterval(() => {
      let budget = Math.ceil((bytesPerSec * TICK_MS) / 1000);
      while (budget > 0 && queue.length > 0) {
        const head = queue[0]!;
        const n = Math.min(budget, head.length);
        client.write(head.subarray(0, n));
        if (n === head.length) queue.shift();
        else queue[0] = head.subarray(n);
        queued -= n;
        budget -= n;
      }
      if (queued < HIGH_WATER / 4 && upstream.isPaused()) upstream.resume();
    }, TICK_MS);
    const end = () => {
      clearInterval(timer);
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    for (const socket of [client, upstream]) {
      socket.on('close', end);
      socket.on('error', end);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const dropConnections = () => {
    for (const socket of sockets) socket.destroy();
  };
  return {
    url: `ws://127.0.0.1:${port}`,
    dropConnections,
    close: () => {
      dropConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Node publishers

export interface NodeStream {
  /** Messages handed to the client so far (sequence numbers 0 … sent - 1). */
  readonly sent: number;
  /** Stops publishing; resolves once the broker acknowledged a QoS 1 marker sent after the last. */
  stop(): Promise<number>;
}

/**
 * Publishes QoS 0 messages at `ratePerSec`, paced on a 10 ms clock (catching up after a stall, at
 * most `maxPerTick` at once). Topic and payload come from the message's sequence number.
 */
export async function streamFromNode(
  url: string,
  opts: {
    ratePerSec: number;
    topicOf: (seq: number) => string;
    payloadOf: (seq: number) => string;
    markerTopic: string;
    maxPerTick?: number;
    client?: NodeClientOptions;
  },
): Promise<NodeStream> {
  // A long keepalive: the publisher must outlive a paused broker without being dropped.
  const client: MqttClient = await connectFromNode(url, { keepalive: 120, ...opts.client });
  const maxPerTick = opts.maxPerTick ?? 200;
  const startedMs = performance.now();
  let sent = 0;
  const timer = setInterval(() => {
    const due = Math.floor(((performance.now() - startedMs) * opts.ratePerSec) / 1000) - sent;
    for (let i = 0; i < Math.min(due, maxPerTick); i++) {
      client.publish(opts.topicOf(sent), opts.payloadOf(sent), { qos: 0 });
      sent++;
    }
  }, 10);
  return {
    get sent() {
      return sent;
    },
    async stop() {
      clearInterval(timer);
      // Same connection, in order: once this is acknowledged the broker has read every message.
      await client.publishAsync(opts.markerTopic, 'end', { qos: 1 });
      await endClient(client);
      return sent;
    },
  };
}

/** Publishes `payloads` at QoS 1 on one connection, each to `topicOf(i)`, every ack awaited. */
export async function publishManyQos1(
  url: string,
  topicOf: (i: number) => string,
  payloads: string[],
  client?: NodeClientOptions,
): Promise<void> {
  const c = await connectFromNode(url, client);
  try {
    await Promise.all(payloads.map((p, i) => c.publishAsync(topicOf(i), p, { qos: 1 })));
  } finally {
    await endClient(c);
  }
}

// ---------------------------------------------------------------------------------------------
// The connection panel, as a person fills it

export function connectionRegion(page: Page): Locator {
  return page.getByRole('region', { name: 'Connection' });
}

export function connectionStatus(page: Page): Locator {
  return page.getByRole('status', { name: 'Connection status' });
}

export function connectButton(page: Page): Locator {
  return connectionRegion(page).getByRole('button', { name: /^(Connect|Disconnect)$/ });
}

export interface ConnectionForm {
  version?: '3.1.1' | '5.0';
  clientId?: string;
  cleanStart?: boolean;
  keepaliveSec?: number;
  /** MQTT 5 only: the field is not there for 3.1.1. */
  sessionExpirySec?: number;
}

/** Opens the app with the Broker URL prefilled and fills the form (advanced options opened). */
export async function openWithForm(
  page: Page,
  appUrl: string,
  brokerUrl: string,
  form: ConnectionForm = {},
): Promise<void> {
  await page.goto(`${appUrl}?broker=${encodeURIComponent(brokerUrl)}`);
  const region = connectionRegion(page);
  await expect(region.getByRole('textbox', { name: 'Broker URL' })).toHaveValue(brokerUrl);
  if (form.version)
    await region.getByRole('combobox', { name: 'MQTT version' }).selectOption(form.version);
  if (form.clientId !== undefined)
    await region.getByRole('textbox', { name: 'Client ID' }).fill(form.clientId);
  await region.getByText('Session, keepalive and last will').click();
  if (form.cleanStart !== undefined)
    await region.getByRole('checkbox', { name: 'Clean start' }).setChecked(form.cleanStart);
  if (form.keepaliveSec !== undefined)
    await region.getByRole('spinbutton', { name: 'Keepalive (s)' }).fill(String(form.keepaliveSec));
  if (form.sessionExpirySec !== undefined)
    await region
      .getByRole('spinbutton', { name: 'Session expiry (s)' })
      .fill(String(form.sessionExpirySec));
}

export async function clickConnect(page: Page): Promise<void> {
  await connectionRegion(page).getByRole('button', { name: 'Connect', exact: true }).click();
}

// ---------------------------------------------------------------------------------------------
// The status line, timed on the page's own clock

export interface StatusChange {
  /** Date.now() in the page (the same wall clock as the test's on this machine). */
  atMs: number;
  text: string;
}

interface StatusWindow {
  __faultStatusLog?: StatusChange[];
}

/**
 * Records every change of the Connection status line's text (and of the "reconnected N times"
 * note beside it) with the time it happened, from a MutationObserver in the page: a poll from
 * the test would add its own delay to the timings.
 */
export async function recordStatusChanges(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as StatusWindow;
    const status = document.querySelector('[role="status"][aria-label="Connection status"]');
    const line = status?.parentElement;
    if (!status || !line) throw new Error('no Connection status line');
    const log: StatusChange[] = [];
    w.__faultStatusLog = log;
    let last = '';
    const note = () => {
      const text = line.textContent ?? '';
      if (text === last) return;
      last = text;
      log.push({ atMs: Date.now(), text });
    };
    note();
    new MutationObserver(note).observe(line.parentElement ?? line, {
      subtree: true,
      childList: true,
      characterData: true,
    });
  });
}

export async function statusChanges(page: Page): Promise<StatusChange[]> {
  return page.evaluate(() => (window as unknown as StatusWindow).__faultStatusLog ?? []);
}

/** The first recorded change at or after `sinceMs` whose text matches. */
export async function statusChangeSince(
  page: Page,
  pattern: RegExp,
  sinceMs: number,
): Promise<StatusChange | undefined> {
  return (await statusChanges(page)).find((c) => c.atMs >= sinceMs && pattern.test(c.text));
}

// ---------------------------------------------------------------------------------------------
// Counts the page shows

export async function receivedCount(page: Page): Promise<number> {
  const text = await page
    .getByRole('region', { name: 'Statistics' })
    .getByLabel('Messages received', { exact: true })
    .textContent();
  return Number((text ?? '').replace(/[^0-9]/g, ''));
}

/**
 * Every topic tree row's name and message count ("a017 2,000 messages"), at `level` if given,
 * read by scrolling the tree from top to bottom (it draws only the rows in view).
 */
export async function treeCounts(page: Page, level?: number): Promise<Map<string, number>> {
  const tree = page.getByRole('tree', { name: 'Topic tree' });
  const labels = await tree.evaluate(async (element, wantedLevel) => {
    const seen = new Map<string, string>();
    const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
    element.scrollTop = 0;
    await frame();
    await frame();
    for (;;) {
      for (const row of Array.from(element.querySelectorAll('[role="treeitem"]'))) {
        const rowLevel = Number(row.getAttribute('aria-level'));
        if (wantedLevel !== null && rowLevel !== wantedLevel) continue;
        seen.set(row.id, row.getAttribute('aria-label') ?? '');
      }
      if (element.scrollTop + element.clientHeight >= element.scrollHeight - 1) break;
      element.scrollTop += Math.max(28, element.clientHeight - 56);
      await frame();
      await frame();
    }
    element.scrollTop = 0;
    return Array.from(seen.values());
  }, level ?? null);
  const counts = new Map<string, number>();
  for (const label of labels) {
    const match = /^(.*) ([\d,]+) messages?(, from .*)?$/.exec(label);
    if (!match) throw new Error(`unexpected tree row label "${label}"`);
    counts.set(match[1]!, Number(match[2]!.replace(/,/g, '')));
  }
  return counts;
}

/** Checks every `intervalMs` until `check` holds (true) or `timeoutMs` passed (false). */
export async function waitUntil(
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
  intervalMs = 100,
): Promise<boolean> {
  for (const until = Date.now() + timeoutMs; ; await sleep(intervalMs)) {
    if (await check()) return true;
    if (Date.now() >= until) return false;
  }
}

export function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}
