/**
 * Recordings against Mosquitto: record (and keep across a reload), export and import into a
 * fresh page, open without a broker, replay at 10× with a prefix into a Node subscriber, and a
 * storage quota that runs out while recording.
 */
import fs from 'node:fs';
import zlib from 'node:zlib';
import type { Download, Page } from '@playwright/test';
import {
  connectFromNode,
  endClient,
  readE2eEnv,
  subscribeFromNode,
  uniqueTopicPrefix,
} from './support/brokers';
import { expect, test } from './support/fixtures';
import { messageLog, openAndConnect, subscribe, subscriptionItem, treeItem } from './support/app';

const env = readE2eEnv();

const recordingsRegion = (page: Page) => page.getByRole('region', { name: 'Recordings' });
const player = (page: Page) => page.getByRole('region', { name: 'Recording player' });
const savedItem = (page: Page, name: string) =>
  recordingsRegion(page)
    .getByRole('list', { name: 'Saved recordings' })
    .getByRole('listitem')
    .filter({ has: page.getByText(name, { exact: true }) });

async function startRecording(page: Page, name: string, filters: string): Promise<void> {
  const r = recordingsRegion(page);
  await r.getByRole('textbox', { name: 'Recording name' }).fill(name);
  await r.getByRole('textbox', { name: 'Record topic filters' }).fill(filters);
  await r.getByRole('button', { name: 'Start recording' }).click();
  await expect(r.getByRole('status', { name: 'Recorder status' })).toContainText(
    `Recording “${name}”`,
  );
}

async function recordedCount(page: Page): Promise<number> {
  const text = await recordingsRegion(page).getByLabel('Recorded messages').textContent();
  return Number((text ?? '').replace(/[^0-9]/g, ''));
}

async function download(page: Page, click: () => Promise<void>): Promise<Buffer> {
  const downloading: Promise<Download> = page.waitForEvent('download');
  await click();
  const file = await (await downloading).path();
  return fs.readFileSync(file);
}

/** Every row of the topic tree as "name N messages", in order. */
async function treeRows(page: Page): Promise<string[]> {
  const items = page.getByRole('tree', { name: 'Topic tree' }).getByRole('treeitem');
  const names: string[] = [];
  for (const item of await items.all()) {
    names.push(
      ((await item.getAttribute('aria-label')) ?? (await item.textContent()) ?? '').trim(),
    );
  }
  return names;
}

async function connectAndSubscribe(page: Page, filter: string): Promise<void> {
  await openAndConnect(page, env.appUrl, env.mosquittoWsUrl);
  await subscribe(page, filter, 1);
  await expect(subscriptionItem(page, filter)).toContainText('QoS 1');
}

test('record 10,000 messages; after a reload the recording is whole and opens without a broker', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const prefix = uniqueTopicPrefix(test.info());
  await connectAndSubscribe(page, `${prefix}/#`);
  await startRecording(page, 'Ten thousand', `${prefix}/#`);

  const publisher = await connectFromNode(env.mosquittoTcpUrl);
  try {
    for (let start = 0; start < 10_000; start += 500) {
      const sending: Array<Promise<unknown>> = [];
      for (let i = start; i < start + 500; i++) {
        const binary = i % 1000 === 0;
        sending.push(
          publisher.publishAsync(
            `${prefix}/dev/d${i % 50}`,
            binary ? Buffer.from([0, 255, i % 256, 1]) : JSON.stringify({ i, v: i % 7 }),
            { qos: 1, properties: i % 2500 === 0 ? { userProperties: { n: String(i) } } : {} },
          ),
        );
      }
      await Promise.all(sending);
    }
  } finally {
    await endClient(publisher);
  }
  // Written to the browser's database, chunk by chunk, as the messages arrive.
  await expect.poll(() => recordedCount(page), { timeout: 60_000 }).toBe(10_000);

  // No Stop: the page goes away while recording.
  await page.reload();
  const item = savedItem(page, 'Ten thousand');
  await expect(item).toContainText('10,000 messages');
  await expect(item).toContainText('Interrupted: the page closed');

  // Open it with no broker connected: the views show the recording, labelled as such.
  await expect(page.getByRole('status', { name: 'Connection status' })).toHaveText(/^Disconnected/);
  await item.getByRole('button', { name: 'Open Ten thousand' }).click();
  const bar = player(page);
  await expect(bar).toContainText('Recording: Ten thousand');
  await expect(bar.getByLabel('Messages shown')).toHaveText('10,000', { timeout: 30_000 });
  await expect(treeItem(page, 'dev')).toHaveAccessibleName(/dev 10,?000 messages/);
  await expect(treeItem(page, 'd7')).toHaveAccessibleName(/d7 200 messages/);
  await expect(page.getByLabel('Messages received', { exact: true })).toHaveText(/10,?000/);
  await expect(messageLog(page).getByRole('listitem').first()).toContainText(`${prefix}/dev/d49`);

  // Move back in time: the views hold fewer messages; step forward by one.
  await bar.getByRole('button', { name: 'Previous message' }).click();
  await expect(bar.getByLabel('Messages shown')).toHaveText('9,999');
  await bar.getByRole('button', { name: 'Next message' }).click();
  await expect(bar.getByLabel('Messages shown')).toHaveText('10,000');
  await bar.getByRole('slider', { name: 'Recording position' }).fill('0');
  await expect(bar.getByLabel('Messages shown')).toHaveText(/^\d{1,3}$/);
  await bar.getByRole('combobox', { name: 'Playback speed' }).selectOption('100');
  await bar.getByRole('button', { name: 'Play' }).click();
  await expect(bar.getByLabel('Messages shown')).toHaveText('10,000', { timeout: 30_000 });
  await expect(bar.getByRole('button', { name: 'Play' })).toBeVisible();

  await bar.getByRole('button', { name: 'Back to live data' }).click();
  await expect(bar).toHaveCount(0);
  await expect(treeItem(page, 'dev')).toHaveCount(0);
});

test('export a recording, import it into a fresh page, and the tree matches', async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const prefix = uniqueTopicPrefix(test.info());
  await connectAndSubscribe(page, `${prefix}/#`);
  await startRecording(page, 'Plant morning', '');
  const publisher = await connectFromNode(env.mosquittoTcpUrl);
  const topics = [
    'line1/temperature',
    'line1/humidity',
    'line2/température',
    'ライン3/温度',
    'bin',
  ];
  try {
    for (let i = 0; i < 300; i++) {
      const sub = topics[i % topics.length]!;
      const payload =
        sub === 'bin' ? Buffer.from([i % 256, 0, 0xff, 0xfe]) : JSON.stringify({ value: i / 10 });
      await publisher.publishAsync(`${prefix}/${sub}`, payload, {
        qos: 1,
        retain: i === 299,
        properties:
          sub === 'line1/humidity'
            ? { userProperties: { site: 'north', i: String(i) }, contentType: 'application/json' }
            : {},
      });
    }
  } finally {
    await endClient(publisher);
  }
  await expect.poll(() => recordedCount(page), { timeout: 30_000 }).toBe(300);
  await recordingsRegion(page).getByRole('button', { name: 'Stop recording' }).click();
  await expect(recordingsRegion(page).getByRole('status', { name: 'Recorder outcome' })).toHaveText(
    /^Saved "Plant morning": 300 messages/,
  );

  const item = savedItem(page, 'Plant morning');
  const ndjson = (
    await download(page, () =>
      item.getByRole('button', { name: 'Export Plant morning as NDJSON' }).click(),
    )
  ).toString('utf8');
  const lines = ndjson
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  expect(lines).toHaveLength(300);
  expect(lines[1]).toMatchObject({
    topic: `${prefix}/line1/humidity`,
    qos: 1,
    retain: false,
    properties: {
      contentType: 'application/json',
      userProperties: [
        { key: 'site', value: 'north' },
        { key: 'i', value: '1' },
      ],
    },
  });
  expect(Buffer.from(lines[4].payload, 'base64')).toEqual(Buffer.from([4, 0, 0xff, 0xfe]));
  expect(typeof lines[0].time).toBe('string');
  const gz = await download(page, () =>
    item.getByRole('button', { name: 'Export Plant morning as gzip' }).click(),
  );
  expect(zlib.gunzipSync(gz).toString('utf8')).toBe(ndjson);

  // The log selection: what the log shows with its filter, as CSV.
  await page.getByRole('textbox', { name: 'Filter by topic' }).fill(`${prefix}/line1/#`);
  await expect(messageLog(page).getByRole('listitem')).not.toHaveCount(0);
  const csv = (
    await download(page, () =>
      page.getByRole('button', { name: 'Export shown messages as CSV' }).click(),
    )
  ).toString('utf8');
  const rows = csv.trim().split('\r\n');
  expect(rows[0]).toBe('time,topic,qos,retain,payload_encoding,payload,properties');
  expect(rows).toHaveLength(1 + 120);
  expect(rows[1]).toContain(`"${prefix}/line1/temperature",1,false,text,"{""value"":0}"`);
  await page.getByRole('textbox', { name: 'Filter by topic' }).fill('');

  // What the original page saw, opened as the recording.
  await item.getByRole('button', { name: 'Open Plant morning' }).click();
  await expect(player(page).getByLabel('Messages shown')).toHaveText('300');
  const expected = await treeRows(page);
  expect(expected.length).toBeGreaterThan(5);

  // A fresh page with no broker: import the gzip file and open it.
  const context = await browser.newContext();
  try {
    const fresh = await context.newPage();
    await fresh.goto(`${env.appUrl}?broker=${encodeURIComponent(env.mosquittoWsUrl)}`);
    const r = recordingsRegion(fresh);
    await r.getByLabel('Import recording').setInputFiles({
      name: 'plant-morning.ndjson.gz',
      mimeType: 'application/gzip',
      buffer: gz,
    });
    await expect(r.getByRole('status', { name: 'Recording files' })).toHaveText(
      'Imported 300 messages from plant-morning.ndjson.gz as "plant-morning". No malformed lines.',
    );
    await savedItem(fresh, 'plant-morning')
      .getByRole('button', { name: 'Open plant-morning' })
      .click();
    await expect(player(fresh)).toContainText('Recording: plant-morning');
    await expect(player(fresh).getByLabel('Messages shown')).toHaveText('300');
    expect(await treeRows(fresh)).toEqual(expected);

    // The details of a message with properties, as recorded.
    await treeItem(fresh, 'humidity').click();
    const details = fresh.getByRole('region', { name: 'Message details' });
    await expect(details).toContainText('site: north');
    await expect(details).toContainText('QoS 1');

    // A file with malformed lines imports what it can and says what it skipped.
    const good = JSON.stringify({
      topic: 'x/y',
      payload: 'MQ==',
      qos: 0,
      retain: false,
      time: '2025-01-01T00:00:00Z',
    });
    await r.getByLabel('Import recording').setInputFiles({
      name: 'mixed.ndjson',
      mimeType: 'application/x-ndjson',
      buffer: Buffer.from(`${good}\n{oops\n${good}\n{"topic":"a","payload":"%%","time":1}\n`),
    });
    await expect(r.getByRole('status', { name: 'Recording files' })).toHaveText(
      'Imported 2 messages from mixed.ndjson as "mixed". 2 malformed lines skipped: line 2 (not JSON), line 4 (payload is not base64).',
    );
  } finally {
    await context.close();
  }
});

test('replay at 10× into Mosquitto with a prefix: every message, in order, at the recorded timing', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const prefix = uniqueTopicPrefix(test.info());
  await connectAndSubscribe(page, `${prefix}/m/#`);
  await startRecording(page, 'Timed', `${prefix}/#`);
  const publisher = await connectFromNode(env.mosquittoTcpUrl);
  // Gaps of 50 to 450 ms (about 10 s in all).
  const gaps = Array.from({ length: 40 }, (_, i) => 50 + ((i * 137) % 400));
  try {
    // First a retained message, which the page receives as retained when it subscribes.
    await publisher.publishAsync(`${prefix}/state`, 'online', { qos: 1, retain: true });
    await subscribe(page, `${prefix}/state`, 1);
    await expect.poll(() => recordedCount(page)).toBe(1);
    for (const [i, gap] of gaps.entries()) {
      await publisher.publishAsync(`${prefix}/m/${i % 4}`, `message ${i}`, { qos: 1 });
      await new Promise((resolve) => setTimeout(resolve, gap));
    }
  } finally {
    await endClient(publisher);
  }
  await expect.poll(() => recordedCount(page), { timeout: 30_000 }).toBe(41);
  await recordingsRegion(page).getByRole('button', { name: 'Stop recording' }).click();
  const item = savedItem(page, 'Timed');
  await expect(item).toContainText('41 messages');
  const recorded = (
    await download(page, () => item.getByRole('button', { name: 'Export Timed as NDJSON' }).click())
  )
    .toString('utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { topic: string; payload: string; time: string });

  const subscriber = await subscribeFromNode(env.mosquittoTcpUrl, `replay/${prefix}/#`, { qos: 1 });
  try {
    await item.getByRole('button', { name: 'Replay Timed' }).click();
    const form = page.getByRole('region', { name: 'Replay Timed' });
    await form.getByRole('combobox', { name: 'Replay speed' }).selectOption('10');
    await form.getByRole('textbox', { name: 'Rewrite topics from' }).fill(`${prefix}/#`);
    await form.getByRole('textbox', { name: 'Rewrite topics to' }).fill(`replay/${prefix}/#`);
    await form.getByRole('button', { name: 'Start replay' }).click();
    await expect(form.getByRole('status', { name: 'Replay status' })).toHaveText(
      /^Done: 41 of 41 messages of "Timed" sent/,
      { timeout: 30_000 },
    );
    const got = await subscriber.waitForMessages(41, { timeoutMs: 10_000 });

    expect(got.map((m) => m.topic)).toEqual(recorded.map((m) => `replay/${m.topic}`));
    expect(got.map((m) => m.text)).toEqual(
      recorded.map((m) => Buffer.from(m.payload, 'base64').toString('utf8')),
    );
    const t0 = Date.parse(recorded[0]!.time);
    const expected = recorded.map((m) => (Date.parse(m.time) - t0) / 10);
    const actual = got.map((m) => m.receivedAtMs - got[0]!.receivedAtMs);
    const span = expected[expected.length - 1]!;
    expect(span).toBeGreaterThan(800);
    // Every message within 10 % (of the whole span) of its recorded time, at 10×.
    for (let i = 0; i < got.length; i++) {
      expect(Math.abs(actual[i]! - expected[i]!), `message ${i}`).toBeLessThanOrEqual(0.1 * span);
    }
    expect(Math.abs(actual[actual.length - 1]! - span)).toBeLessThanOrEqual(0.1 * span);

    // The retained flag was kept: a later subscriber gets the replayed state as retained.
    const late = await subscribeFromNode(env.mosquittoTcpUrl, `replay/${prefix}/state`);
    try {
      const [state] = await late.waitForMessages(1);
      expect(state).toMatchObject({ text: 'online', retain: true });
    } finally {
      await late.close();
    }
  } finally {
    await subscriber.close();
  }
});

/**
 * Runs in the page before its scripts: the recordings database may hold `limit` payload bytes of
 * chunks, then every further chunk is refused as the browser refuses a write over the site's
 * quota; the storage estimate says the same. (Chromium's DevTools quota override does not apply
 * to Playwright's in-memory contexts, so the limit is put on the database writes themselves.)
 */
function smallQuota(limit: number): void {
  let written = 0;
  const put = IDBObjectStore.prototype.put;
  IDBObjectStore.prototype.put = function (
    this: IDBObjectStore,
    value: unknown,
    key?: IDBValidKey,
  ) {
    if (this.name === 'chunks' && this.transaction.db.name === 'brokerscope-recordings') {
      const bytes = (value as { payloads?: ArrayBuffer }).payloads?.byteLength ?? 0;
      if (written + bytes > limit) {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      }
      written += bytes;
    }
    return put.call(this, value, key);
  };
  navigator.storage.estimate = async () => ({ quota: limit, usage: written });
}

test('when the storage quota runs out, recording stops with a message and keeps what was written', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const prefix = uniqueTopicPrefix(test.info());
  await page.addInitScript(smallQuota, 300_000);
  await connectAndSubscribe(page, `${prefix}/#`);
  await startRecording(page, 'Too big', '');
  const r = recordingsRegion(page);
  await expect(r.getByLabel('Storage left')).toHaveText('293 KB');
  const publisher = await connectFromNode(env.mosquittoTcpUrl);
  const payload = Buffer.alloc(4 * 1024, 7);
  try {
    // Ten messages (40 KB) each half second: several chunks are written before the limit.
    for (let i = 0; i < 150; i++) {
      await publisher.publishAsync(`${prefix}/big/${i % 10}`, payload, { qos: 1 });
      if (i % 10 === 9) await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } finally {
    await endClient(publisher);
  }
  const alert = r.getByRole('alert').filter({ hasText: 'Recording stopped' });
  await expect(alert).toContainText("the browser's storage for this site is full", {
    timeout: 60_000,
  });
  const kept = Number(
    (/The ([\d,]+) messages/.exec((await alert.textContent()) ?? '')?.[1] ?? '0').replace(/,/g, ''),
  );
  expect(kept).toBeGreaterThan(0);
  expect(kept).toBeLessThanOrEqual(73);
  await expect(r.getByRole('button', { name: 'Start recording' })).toBeVisible();
  const item = savedItem(page, 'Too big');
  await expect(item).toContainText(`${kept} messages`);

  await page.reload();
  await expect(item).toContainText(`${kept} messages`);
  await expect(item).toContainText('storage for this site is full');
  await item.getByRole('button', { name: 'Open Too big' }).click();
  await expect(player(page).getByLabel('Messages shown')).toHaveText(String(kept));
});
