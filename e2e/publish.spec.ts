/**
 * Publishing as a person does it, checked by an independent Node subscriber that sees what
 * actually arrived: topic, payload bytes, QoS, retain flag and MQTT 5 properties. Commands
 * against the demo device, refusals, retained clearing, the library and a 10,000-message burst.
 */
import fs from 'node:fs';
import type { Page } from '@playwright/test';
import {
  AUTH_USERS,
  publishFromNode,
  readE2eEnv,
  subscribeFromNode,
  uniqueTopicPrefix,
  sleep,
} from './support/brokers';
import { openAndConnect, subscribe, treeItem } from './support/app';
import { expect, test } from './support/fixtures';

const env = readE2eEnv();
const LONG = { timeout: 15_000 };

function region(page: Page) {
  return page.getByRole('region', { name: 'Publish' });
}

function publishResult(page: Page) {
  return region(page).getByRole('status', { name: 'Publish result' });
}

async function fillForm(
  page: Page,
  fields: { topic: string; payload: string; format?: string; qos?: 0 | 1 | 2; retain?: boolean },
): Promise<void> {
  const r = region(page);
  await r.getByRole('textbox', { name: 'Publish topic' }).fill(fields.topic);
  await r.getByRole('combobox', { name: 'Format' }).selectOption(fields.format ?? 'text');
  await r.getByRole('textbox', { name: 'Payload', exact: true }).fill(fields.payload);
  await r.getByRole('combobox', { name: 'Publish QoS' }).selectOption(String(fields.qos ?? 0));
  await r.getByRole('checkbox', { name: 'Retain' }).setChecked(fields.retain ?? false);
}

async function clickPublish(page: Page): Promise<void> {
  await region(page).getByRole('button', { name: 'Publish', exact: true }).click();
}

function tab(page: Page, name: string) {
  return region(page).getByRole('tablist', { name: 'Publish tools' }).getByRole('tab', { name });
}

/** A fresh subscriber: what retained message (if any) the broker holds for the filter. */
async function retainedOn(brokerUrl: string, filter: string, waitMs = 1_000) {
  const probe = await subscribeFromNode(brokerUrl, filter, { qos: 1 });
  await sleep(waitMs);
  await probe.close();
  return probe.messages.filter((m) => m.retain);
}

test('publish with every MQTT 5 option: what arrives is what was set', async ({ page }) => {
  const prefix = uniqueTopicPrefix(test.info());
  const receiver = await subscribeFromNode(env.mosquittoTcpUrl, `${prefix}/#`, { qos: 2 });
  try {
    await openAndConnect(page, env.appUrl, env.mosquittoWsUrl, { version: '5.0' });
    const r = region(page);
    await fillForm(page, {
      topic: `${prefix}/motor/set`,
      payload: '{"rpm": 2000}',
      format: 'json',
      qos: 1,
      retain: true,
    });
    await r.getByText('MQTT 5 properties').click();
    await r.getByRole('textbox', { name: 'Content type' }).fill('application/json');
    await r.getByRole('checkbox', { name: /payload format indicator/i }).check();
    await r.getByRole('textbox', { name: 'Response topic' }).fill(`${prefix}/replies`);
    await r.getByRole('textbox', { name: 'Correlation data' }).fill('req-42');
    await r.getByRole('spinbutton', { name: 'Message expiry (s)' }).fill('300');
    await r.getByRole('button', { name: 'Add user property' }).click();
    await r.getByRole('textbox', { name: 'User property 1 key' }).fill('unit');
    await r.getByRole('textbox', { name: 'User property 1 value' }).fill('rpm');
    await clickPublish(page);
    await expect(publishResult(page)).toContainText(
      /Acknowledged by the broker \(PUBACK, QoS 1\) in \d+ ms/,
    );

    const [live] = await receiver.waitForMessages(1);
    expect(live!.topic).toBe(`${prefix}/motor/set`);
    expect(live!.payload.equals(Buffer.from('{"rpm": 2000}'))).toBe(true);
    expect(live!.qos).toBe(1);
    expect(live!.properties).toMatchObject({
      contentType: 'application/json',
      payloadFormatIndicator: true,
      responseTopic: `${prefix}/replies`,
      userProperties: { unit: 'rpm' },
    });
    expect(Buffer.from(live!.properties.correlationData as Buffer).toString()).toBe('req-42');
    const expiry = live!.properties.messageExpiryInterval as number;
    expect(expiry).toBeGreaterThan(290);
    expect(expiry).toBeLessThanOrEqual(300);

    // The retain flag shows on a subscriber that arrives later.
    const retained = await retainedOn(env.mosquittoTcpUrl, `${prefix}/motor/set`);
    expect(retained.map((m) => m.text)).toEqual(['{"rpm": 2000}']);

    // Hex at QoS 2: the exact bytes (not UTF-8, so no format indicator), PUBCOMP acknowledged.
    await r.getByRole('checkbox', { name: /payload format indicator/i }).uncheck();
    await fillForm(page, {
      topic: `${prefix}/raw`,
      payload: 'de ad be ef 00',
      format: 'hex',
      qos: 2,
    });
    await clickPublish(page);
    await expect(publishResult(page)).toContainText(/PUBCOMP, QoS 2\) in \d+ ms/);
    const raw = await receiver.waitForMessages(1, {
      predicate: (m) => m.topic === `${prefix}/raw`,
    });
    expect([...raw[0]!.payload]).toEqual([0xde, 0xad, 0xbe, 0xef, 0x00]);
    expect(raw[0]!.qos).toBe(2);
    expect(raw[0]!.properties.payloadFormatIndicator).toBeUndefined();

    // Base64 at QoS 0, with Ctrl+Enter.
    await fillForm(page, { topic: `${prefix}/b64`, payload: 'SGVsbG8=', format: 'base64' });
    await r.getByRole('textbox', { name: 'Payload', exact: true }).press('Control+Enter');
    await expect(publishResult(page)).toContainText(`Sent to ${prefix}/b64 (QoS 0`);
    const b64 = await receiver.waitForMessages(1, {
      predicate: (m) => m.topic === `${prefix}/b64`,
    });
    expect(b64[0]!.text).toBe('Hello');
    expect(b64[0]!.qos).toBe(0);

    // Clear the retained message of one topic from the Retained tab.
    await tab(page, 'Retained').click();
    await r.getByRole('textbox', { name: 'Retained topic' }).fill(`${prefix}/motor/set`);
    await r.getByRole('button', { name: 'Clear retained', exact: true }).click();
    await expect(r.getByRole('status', { name: 'Retained result' })).toContainText(
      `Cleared the retained message of ${prefix}/motor/set`,
    );
    expect(await retainedOn(env.mosquittoTcpUrl, `${prefix}/motor/set`)).toEqual([]);

    // Every publish went into the history.
    await tab(page, 'History').click();
    const history = r.getByRole('list', { name: 'Publish history' }).getByRole('listitem');
    await expect(history).toHaveCount(4);
    await expect(history.first()).toContainText('Clear retained');
  } finally {
    await receiver.close();
  }
});

test('an invalid topic, invalid JSON and a closed connection are refused with a message', async ({
  page,
}) => {
  const prefix = uniqueTopicPrefix(test.info());
  const receiver = await subscribeFromNode(env.mosquittoTcpUrl, '#', { qos: 0 });
  try {
    await page.goto(`${env.appUrl}?broker=${encodeURIComponent(env.mosquittoWsUrl)}`);
    await fillForm(page, { topic: `${prefix}/x`, payload: 'hello' });
    await clickPublish(page);
    await expect(publishResult(page)).toContainText(
      /Not sent: .*no open connection.*Connect first/,
    );

    await page
      .getByRole('region', { name: 'Connection' })
      .getByRole('button', { name: 'Connect', exact: true })
      .click();
    await expect(page.getByRole('status', { name: 'Connection status' })).toHaveText(
      /^Connected/,
      LONG,
    );
    await fillForm(page, { topic: `${prefix}/+/x`, payload: 'hello' });
    await clickPublish(page);
    await expect(publishResult(page)).toContainText(/^Not sent: .*\+/);

    await fillForm(page, { topic: `${prefix}/json`, payload: '{"rpm": ', format: 'json' });
    await expect(region(page).getByText(/^Invalid JSON/)).toBeVisible();
    await expect(region(page).getByRole('button', { name: 'Pretty-print' })).toBeDisabled();
    await clickPublish(page);
    await expect(publishResult(page)).toContainText('Not sent: The payload is not valid JSON');

    // Valid JSON: pretty-print, then it goes out as shown.
    await region(page).getByRole('textbox', { name: 'Payload', exact: true }).fill('{"a":[1,2]}');
    await expect(region(page).getByText(/^Valid JSON/)).toBeVisible();
    await region(page).getByRole('button', { name: 'Pretty-print' }).click();
    await expect(region(page).getByRole('textbox', { name: 'Payload', exact: true })).toHaveValue(
      '{\n  "a": [\n    1,\n    2\n  ]\n}',
    );
    await clickPublish(page);
    await expect(publishResult(page)).toContainText('Sent to');
    await receiver.waitForMessages(1, { predicate: (m) => m.topic.startsWith(prefix) });
    expect(receiver.messages.filter((m) => m.topic.startsWith(prefix)).map((m) => m.topic)).toEqual(
      [`${prefix}/json`],
    );
  } finally {
    await receiver.close();
  }
});

test('a publish the broker does not authorize shows its reason code in plain words', async ({
  page,
}) => {
  await openAndConnect(page, env.appUrl, env.authWsUrl, { version: '5.0', ...AUTH_USERS.alice });
  await fillForm(page, { topic: 'secret/launch-codes', payload: '1234', qos: 1 });
  await clickPublish(page);
  await expect(publishResult(page)).toContainText(
    /Refused by the broker: Not authorized \(PUBACK reason code 0x87\)/,
  );
  await fillForm(page, { topic: 'secret/launch-codes', payload: '1234', qos: 2 });
  await clickPublish(page);
  await expect(publishResult(page)).toContainText(
    /Refused by the broker: Not authorized \(PUBREC reason code 0x87\)/,
  );
});

test('send a command to the demo device and get its reply with the round trip', async ({
  page,
}) => {
  // A first visit connects to the embedded broker by itself (MQTT 5).
  await page.goto(env.appUrl);
  await expect(page.getByRole('status', { name: 'Connection status' })).toHaveText(
    /^Connected/,
    LONG,
  );
  const r = region(page);
  await fillForm(page, {
    topic: 'demo/plant/line1/motor/set',
    payload: '{"rpm": {{randomInt 2100 2100}}}',
    format: 'json',
    qos: 1,
  });
  await tab(page, 'Command').click();
  await r.getByRole('button', { name: 'Send command' }).click();
  const result = r.getByRole('status', { name: 'Command result' });
  await expect(result).toContainText(/Reply on brokerscope\/[^/]+\/replies in \d+ ms/, LONG);
  await expect(result).toContainText('"rpm":2100');
  // The private reply topic is not added to the user's subscriptions (a first visit has the
  // demo plant's two: demo/# and spBv1.0/#).
  await expect(
    page.getByRole('list', { name: 'Active subscriptions' }).getByRole('listitem'),
  ).toHaveCount(2);

  // MQTT 3.1.1: the demo convention, <topic>/reply and a correlationId in the JSON.
  const connection = page.getByRole('region', { name: 'Connection' });
  await connection.getByRole('button', { name: 'Disconnect' }).click();
  await connection.getByRole('combobox', { name: 'MQTT version' }).selectOption('3.1.1');
  await connection.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Connection status' })).toHaveText(
    /^Connected/,
    LONG,
  );
  await fillForm(page, {
    topic: 'demo/plant/line1/motor/set',
    payload: '{"command": "stop"}',
    format: 'json',
    qos: 1,
  });
  await r.getByRole('button', { name: 'Send command' }).click();
  await expect(result).toContainText(
    /Reply on demo\/plant\/line1\/motor\/set\/reply in \d+ ms/,
    LONG,
  );
  await expect(result).toContainText('"rpm":0');
  await expect(result).toContainText('"correlationId"');

  // Nobody answers on another topic: a timeout, said plainly.
  await fillForm(page, { topic: 'demo/nobody/home', payload: '{"ping": 1}', format: 'json' });
  await r.getByRole('spinbutton', { name: 'Timeout (s)' }).fill('0.5');
  await r.getByRole('button', { name: 'Send command' }).click();
  await expect(result).toContainText('No reply on demo/nobody/home/reply within 0.5 s');
});

test('clear the retained messages of a subtree after a preview and a confirm', async ({ page }) => {
  const prefix = uniqueTopicPrefix(test.info());
  await publishFromNode(env.mosquittoTcpUrl, `${prefix}/a`, 'one', { qos: 1, retain: true });
  await publishFromNode(env.mosquittoTcpUrl, `${prefix}/b/c`, 'two', { qos: 1, retain: true });
  await publishFromNode(env.mosquittoTcpUrl, `${prefix}/live`, 'not retained', { qos: 1 });
  await openAndConnect(page, env.appUrl, env.mosquittoWsUrl);
  await subscribe(page, `${prefix}/#`);
  await expect(treeItem(page, 'c')).toBeVisible(LONG);

  const r = region(page);
  await tab(page, 'Retained').click();
  await r.getByRole('textbox', { name: 'Retained topic' }).fill(`${prefix}/#`);
  await r.getByRole('button', { name: 'Find retained below' }).click();
  const preview = r.getByRole('list', { name: 'Retained topics to clear' }).getByRole('listitem');
  await expect(preview).toHaveText([`${prefix}/a`, `${prefix}/b/c`]);
  expect(await retainedOn(env.mosquittoTcpUrl, `${prefix}/#`, 500)).toHaveLength(2);

  await r.getByRole('button', { name: 'Clear 2 retained messages' }).click();
  await expect(r.getByRole('status', { name: 'Retained result' })).toContainText(
    `Cleared 2 retained messages below ${prefix}.`,
  );
  expect(await retainedOn(env.mosquittoTcpUrl, `${prefix}/#`)).toEqual([]);
});

test('a burst of 10,000 generated messages arrives complete, spread over topics', async ({
  page,
}) => {
  const prefix = uniqueTopicPrefix(test.info());
  const receiver = await subscribeFromNode(env.mosquittoTcpUrl, `${prefix}/#`, { qos: 0 });
  try {
    await openAndConnect(page, env.appUrl, env.mosquittoWsUrl);
    await fillForm(page, {
      topic: `${prefix}/dev/{{counter}}`,
      payload: '{"n": {{counter}}, "v": {{random 0 1}}, "s": "{{pick on off}}"}',
      format: 'json',
    });
    const r = region(page);
    await tab(page, 'Generator').click();
    await r.getByRole('spinbutton', { name: 'Messages' }).fill('10000');
    await r.getByRole('spinbutton', { name: 'Topic count' }).fill('4');
    const preview = r.getByRole('status', { name: 'Template preview' });
    await expect(preview).toContainText(`${prefix}/dev/1`);
    await expect(preview).toContainText('{"n": 1, "v": 0.');

    // The page keeps painting during the burst: record the longest gap between frames.
    await page.evaluate(() => {
      const w = window as unknown as { maxFrameGapMs: number; stopFrames: boolean };
      w.maxFrameGapMs = 0;
      w.stopFrames = false;
      let last = performance.now();
      const frame = (now: number) => {
        w.maxFrameGapMs = Math.max(w.maxFrameGapMs, now - last);
        last = now;
        if (!w.stopFrames) requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    });
    await r.getByRole('button', { name: 'Start' }).click();
    await expect(r.getByRole('status', { name: 'Generator status' })).toContainText(
      /Done: 10,000 of 10,000 messages sent in [\d.]+ s \([\d,]+ msg\/s\)/,
      { timeout: 30_000 },
    );
    const maxGapMs = await page.evaluate(() => {
      const w = window as unknown as { maxFrameGapMs: number; stopFrames: boolean };
      w.stopFrames = true;
      return w.maxFrameGapMs;
    });
    expect(maxGapMs).toBeLessThan(1_000);
    await expect(r.getByRole('progressbar', { name: 'Generator progress' })).toHaveAttribute(
      'value',
      '10000',
    );

    const all = await receiver.waitForMessages(10_000, { timeoutMs: 30_000 });
    expect(all).toHaveLength(10_000);
    const numbers = all.map((m) => (JSON.parse(m.text) as { n: number }).n);
    expect(new Set(numbers).size).toBe(10_000);
    expect(Math.min(...numbers)).toBe(1);
    expect(Math.max(...numbers)).toBe(10_000);
    expect(new Set(all.map((m) => m.topic))).toEqual(
      new Set([1, 2, 3, 4].map((n) => `${prefix}/dev/${n}`)),
    );
    const fifth = all.find((m) => m.text.startsWith('{"n": 5,'))!;
    expect(fifth.topic).toBe(`${prefix}/dev/1`);
    expect(fifth.text).toMatch(/^\{"n": 5, "v": 0\.\d\d, "s": "(on|off)"\}$/);
  } finally {
    await receiver.close();
  }
});

test('repeat every 1 ms until stopped reports its rate and stops cleanly', async ({ page }) => {
  const prefix = uniqueTopicPrefix(test.info());
  const receiver = await subscribeFromNode(env.mosquittoTcpUrl, `${prefix}/#`, { qos: 0 });
  try {
    await openAndConnect(page, env.appUrl, env.mosquittoWsUrl);
    await fillForm(page, { topic: `${prefix}/tick`, payload: '{{counter}}', format: 'text' });
    const r = region(page);
    await tab(page, 'Generator').click();
    await r.getByRole('combobox', { name: 'Generator mode' }).selectOption('repeat');
    await r.getByRole('spinbutton', { name: 'Interval (ms)' }).fill('1');
    await r.getByRole('spinbutton', { name: 'Messages' }).fill('0');
    await r.getByRole('button', { name: 'Start' }).click();
    const status = r.getByRole('status', { name: 'Generator status' });
    await expect(status).toContainText(/[\d,]+ sent, [\d,]+ msg\/s/);
    await receiver.waitForMessages(500);
    await r.getByRole('button', { name: 'Stop' }).click();
    await expect(status).toContainText(/^Stopped by you: [\d,]+ messages sent in/);
    const sent = Number(
      ((await status.textContent()) ?? '').match(/you: ([\d,]+)/)![1]!.replace(/,/g, ''),
    );
    await receiver.waitForMessages(sent);
    await sleep(300);
    expect(receiver.messages).toHaveLength(sent);
    expect(receiver.messages.map((m) => m.text).slice(0, 3)).toEqual(['1', '2', '3']);
  } finally {
    await receiver.close();
  }
});

test('the message library: save in folders, edit, duplicate, delete, export and import', async ({
  page,
}) => {
  await page.goto(`${env.appUrl}?broker=${encodeURIComponent(env.mosquittoWsUrl)}`);
  const r = region(page);
  const save = async (name: string, folder: string, topic: string) => {
    await fillForm(page, { topic, payload: `{"name": "${name}"}`, format: 'json', qos: 1 });
    await r.getByRole('button', { name: 'Save to library' }).click();
    await r.getByRole('textbox', { name: 'Message name' }).fill(name);
    await r.getByRole('combobox', { name: 'Folder' }).fill(folder);
    await r.getByRole('button', { name: 'Save', exact: true }).click();
  };
  await save('motor start', 'motor', 'plant/motor/set');
  await save('door open', 'door', 'plant/door/set');
  await tab(page, 'Library').click();
  const library = r.getByRole('group', { name: 'Message library' });
  await expect(library.getByRole('heading')).toHaveText(['door', 'motor']);

  await r.getByRole('button', { name: 'Duplicate motor start' }).click();
  await r.getByRole('button', { name: 'Edit motor start (copy)' }).click();
  await r.getByRole('textbox', { name: 'Name', exact: true }).fill('motor stop');
  await r.getByRole('textbox', { name: 'Entry payload' }).fill('{"command": "stop"}');
  await r.getByRole('button', { name: 'Save changes' }).click();
  await r.getByRole('button', { name: 'Delete door open' }).click();
  await expect(library.getByRole('heading')).toHaveText(['motor']);
  await expect(library.getByRole('listitem')).toHaveText([/motor start/, /motor stop/]);

  // Kept across a reload; loading fills the form.
  await page.reload();
  await tab(page, 'Library').click();
  await r.getByRole('button', { name: 'Load motor stop' }).click();
  await expect(r.getByRole('textbox', { name: 'Payload', exact: true })).toHaveValue(
    '{"command": "stop"}',
  );
  await expect(r.getByRole('textbox', { name: 'Publish topic' })).toHaveValue('plant/motor/set');
  await expect(r.getByRole('combobox', { name: 'Publish QoS' })).toHaveValue('1');

  const downloadPromise = page.waitForEvent('download');
  await r.getByRole('button', { name: 'Export library' }).click();
  const download = await downloadPromise;
  const exported = fs.readFileSync((await download.path())!, 'utf8');
  const file = JSON.parse(exported) as { messages: Array<{ name: string; folder: string }> };
  expect(file.messages.map((m) => [m.folder, m.name])).toEqual([
    ['motor', 'motor start'],
    ['motor', 'motor stop'],
  ]);

  const input = r.getByLabel('Library file to import');
  await input.setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from(
      '{"format": "brokerscope-message-library", "version": 1, "messages": [{"name": "x"}]}',
    ),
  });
  await expect(r.getByRole('alert')).toContainText(
    'Import failed, the library is unchanged: Message 1 ("x") has no topic.',
  );
  await expect(library.getByRole('listitem')).toHaveCount(2);

  const renamed = exported.replace(/"motor"/g, '"imported"');
  await input.setInputFiles({
    name: 'library.json',
    mimeType: 'application/json',
    buffer: Buffer.from(renamed),
  });
  await expect(r.getByRole('status').filter({ hasText: 'Imported 2 messages' })).toBeVisible();
  await expect(library.getByRole('heading')).toHaveText(['imported', 'motor']);
});
