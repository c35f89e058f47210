/**
 * Connecting, as a person does it: the first visit, a prefilled URL, both MQTT versions, a
 * broker that wants a password, one that is not there, a URL that is not one, a broker that
 * restarts under a live session, and the last will sent when the page goes away.
 */
import type { Page } from '@playwright/test';
import {
  AUTH_USERS,
  findFreePort,
  publishFromNode,
  readE2eEnv,
  restartMosquitto,
  subscribeFromNode,
  uniqueTopicPrefix,
} from './support/brokers';
import { expect, test } from './support/fixtures';

const env = readE2eEnv();
const LONG = { timeout: 15_000 };
/** Chromium logs a failed WebSocket handshake as a console error (the broker is away on purpose). */
const WEBSOCKET_FAILED = /WebSocket connection to .* failed/i;

function connectionRegion(page: Page) {
  return page.getByRole('region', { name: 'Connection' });
}

function connectionStatus(page: Page) {
  return page.getByRole('status', { name: 'Connection status' });
}

function connectButton(page: Page) {
  return connectionRegion(page).getByRole('button', { name: /^(Connect|Disconnect)$/ });
}

function messageLog(page: Page) {
  return page.getByRole('region', { name: 'Messages' }).getByRole('list', { name: 'Message log' });
}

function subscriptionItem(page: Page, filter: string) {
  return page
    .getByRole('region', { name: 'Subscriptions' })
    .getByRole('list', { name: 'Active subscriptions' })
    .getByRole('listitem')
    .filter({ hasText: filter });
}

async function receivedCount(page: Page): Promise<number> {
  const text = await page
    .getByRole('region', { name: 'Statistics' })
    .getByLabel('Messages received', { exact: true })
    .textContent();
  return Number((text ?? '').replace(/,/g, '').trim());
}

/** Opens the app with the Broker URL prefilled (no auto connect) and fills the form. */
async function openWithBroker(
  page: Page,
  brokerUrl: string,
  opts: { version?: '3.1.1' | '5.0'; username?: string; password?: string } = {},
): Promise<void> {
  await page.goto(`${env.appUrl}?broker=${encodeURIComponent(brokerUrl)}`);
  const region = connectionRegion(page);
  await expect(region.getByRole('textbox', { name: 'Broker URL' })).toHaveValue(brokerUrl);
  if (opts.version)
    await region.getByRole('combobox', { name: 'MQTT version' }).selectOption(opts.version);
  if (opts.username) await region.getByRole('textbox', { name: 'Username' }).fill(opts.username);
  if (opts.password) await region.getByLabel('Password', { exact: true }).fill(opts.password);
}

async function clickConnect(page: Page): Promise<void> {
  await connectionRegion(page).getByRole('button', { name: 'Connect', exact: true }).click();
}

async function subscribe(page: Page, filter: string): Promise<void> {
  const region = page.getByRole('region', { name: 'Subscriptions' });
  await region.getByRole('textbox', { name: 'Topic filter' }).fill(filter);
  await region.getByRole('combobox', { name: 'Subscription QoS' }).selectOption('0');
  await region.getByRole('button', { name: 'Subscribe', exact: true }).click();
  await expect(subscriptionItem(page, filter)).toContainText('QoS 0', LONG);
}

test('a first visit connects to the embedded broker and shows demo data without a click', async ({
  page,
}) => {
  await page.goto(env.appUrl);
  await expect(connectionStatus(page)).toHaveText(/^Connected/, LONG);
  await expect(connectButton(page)).toHaveText('Disconnect');
  await expect(
    messageLog(page).getByRole('listitem').filter({ hasText: 'demo/plant/line1/' }).first(),
  ).toBeVisible(LONG);
  await expect.poll(() => receivedCount(page), LONG).toBeGreaterThan(0);
  await expect(subscriptionItem(page, 'demo/#')).toContainText('QoS');
});

test('?broker= prefills the Broker URL and does not connect by itself', async ({ page }) => {
  await openWithBroker(page, env.mosquittoWsUrl);
  await expect(connectionStatus(page)).toHaveText(/^Disconnected/);
  await expect(connectButton(page)).toHaveText('Connect');
  // Give a would-be auto connect time to happen: it must not.
  await page.waitForTimeout(2_000);
  await expect(connectionStatus(page)).toHaveText(/^Disconnected/);
  await expect(connectButton(page)).toHaveText('Connect');
  expect(await receivedCount(page)).toBe(0);
});

for (const version of ['3.1.1', '5.0'] as const) {
  test(`connect to Mosquitto with MQTT ${version}, subscribe and receive`, async ({ page }) => {
    const prefix = uniqueTopicPrefix(test.info());
    await openWithBroker(page, env.mosquittoWsUrl, { version });
    await clickConnect(page);
    await expect(connectionStatus(page)).toHaveText(/^Connected/, LONG);
    await expect(connectionStatus(page)).toContainText(`MQTT ${version}`);
    await expect(connectButton(page)).toHaveText('Disconnect');

    await subscribe(page, `${prefix}/#`);
    const payload = `hello over ${version} ${Date.now()}`;
    await publishFromNode(env.mosquittoTcpUrl, `${prefix}/greeting`, payload, { qos: 1 });
    const item = messageLog(page).getByRole('listitem').filter({ hasText: payload });
    await expect(item).toHaveCount(1, LONG);
    await expect(item).toContainText(`${prefix}/greeting`);
    await expect.poll(() => receivedCount(page)).toBeGreaterThan(0);

    await connectButton(page).click();
    await expect(connectionStatus(page)).toHaveText(/^Disconnected/, LONG);
    await expect(connectButton(page)).toHaveText('Connect');
  });
}

test('the auth broker refuses a wrong password once, then accepts the right one', async ({
  page,
}) => {
  await openWithBroker(page, env.authWsUrl, {
    username: AUTH_USERS.alice.username,
    password: 'not-wonderland',
  });
  await clickConnect(page);
  await expect(connectionStatus(page)).toHaveText(
    /^Disconnected.*(Bad user name or password|Not authorized)/i,
    LONG,
  );
  await expect(connectButton(page)).toHaveText('Connect');
  // No endless retry: a refusal by the broker stays a refusal.
  await page.waitForTimeout(3_000);
  await expect(connectionStatus(page)).toHaveText(
    /^Disconnected.*(Bad user name or password|Not authorized)/i,
  );
  await expect(connectButton(page)).toHaveText('Connect');

  await connectionRegion(page)
    .getByLabel('Password', { exact: true })
    .fill(AUTH_USERS.alice.password);
  await clickConnect(page);
  await expect(connectionStatus(page)).toHaveText(/^Connected/, LONG);
  await expect(connectButton(page)).toHaveText('Disconnect');
});

test('an unreachable broker says it cannot be reached and the retries can be stopped', async ({
  page,
  consoleErrors,
}) => {
  consoleErrors.allow(WEBSOCKET_FAILED);
  const port = await findFreePort();
  const url = `ws://127.0.0.1:${port}/mqtt`;
  await openWithBroker(page, url);
  await clickConnect(page);
  await expect(connectionStatus(page)).toHaveText(/^(Reconnecting|Disconnected)/, LONG);
  await expect(connectionStatus(page)).toContainText('Cannot reach', { ...LONG, ignoreCase: true });
  await expect(connectionStatus(page)).toContainText(`127.0.0.1:${port}`);
  // "Reconnect automatically" is on by default: it keeps trying, and the button stops it.
  await expect(connectionStatus(page)).toHaveText(/^Reconnecting/);
  await expect(connectButton(page)).toHaveText('Disconnect');

  await connectButton(page).click();
  await expect(connectionStatus(page)).toHaveText(/^Disconnected/, LONG);
  await expect(connectButton(page)).toHaveText('Connect');
  // Stopped means stopped: no further attempt turns it back into "Reconnecting".
  await page.waitForTimeout(2_000);
  await expect(connectionStatus(page)).toHaveText(/^Disconnected/);
  await expect(connectButton(page)).toHaveText('Connect');
});

for (const bad of [
  { url: 'not a url', explains: /valid URL|ws:\/\// },
  { url: 'mqtt://127.0.0.1:1883', explains: /ws:\/\/|WebSocket/ },
]) {
  test(`a malformed Broker URL (${bad.url}) is explained and nothing connects`, async ({
    page,
  }) => {
    await openWithBroker(page, env.mosquittoWsUrl);
    const region = connectionRegion(page);
    await region.getByRole('textbox', { name: 'Broker URL' }).fill(bad.url);
    await clickConnect(page);
    const alert = region.getByRole('alert');
    await expect(alert).toBeVisible();
    await expect(alert).toHaveText(bad.explains);
    await expect(connectionStatus(page)).toHaveText(/^Disconnected/);
    await page.waitForTimeout(1_000);
    await expect(connectionStatus(page)).toHaveText(/^Disconnected/);
    await expect(connectButton(page)).toHaveText('Connect');
  });
}

test('a Mosquitto restart mid-session reconnects, re-subscribes and delivers once', async ({
  page,
  consoleErrors,
}) => {
  consoleErrors.allow(WEBSOCKET_FAILED);
  const prefix = uniqueTopicPrefix(test.info());
  await openWithBroker(page, env.mosquittoWsUrl);
  await clickConnect(page);
  await expect(connectionStatus(page)).toHaveText(/^Connected/, LONG);
  await subscribe(page, `${prefix}/#`);
  await expect(connectionRegion(page)).not.toContainText(/reconnected \d+ time/);

  const restarted = restartMosquitto('mosquitto', { downtimeMs: 1_500 });
  try {
    await expect(connectionStatus(page)).toHaveText(/^Reconnecting/, LONG);
  } finally {
    await restarted;
  }
  await expect(connectionStatus(page)).toHaveText(/^Connected/, LONG);
  await expect(connectionRegion(page)).toContainText(/reconnected 1 time\b/, LONG);
  await expect(connectButton(page)).toHaveText('Disconnect');
  await expect(subscriptionItem(page, `${prefix}/#`)).toContainText('QoS 0', LONG);

  // The worker re-subscribes by itself; a Node client may beat it to the broker, so publish
  // only once the subscription is back (an unanswered publish would prove nothing here).
  const payload = `after restart ${Date.now()}`;
  const probe = await subscribeFromNode(env.mosquittoTcpUrl, `${prefix}/#`);
  try {
    await page.waitForTimeout(500);
    await publishFromNode(env.mosquittoTcpUrl, `${prefix}/after`, payload, { qos: 1 });
    await probe.waitForMessages(1);
  } finally {
    await probe.close();
  }
  const items = messageLog(page).getByRole('listitem').filter({ hasText: payload });
  await expect(items).toHaveCount(1, LONG);
  // A duplicate (e.g. a doubled subscription) would arrive right behind the first copy.
  await page.waitForTimeout(1_500);
  await expect(items).toHaveCount(1);
  await expect(subscriptionItem(page, `${prefix}/#`)).toContainText('QoS 0');
  await expect(subscriptionItem(page, `${prefix}/#`)).toHaveCount(1);
});

test('the last will reaches a subscriber when the page goes away without DISCONNECT', async ({
  page,
}) => {
  const prefix = uniqueTopicPrefix(test.info());
  const willTopic = `${prefix}/will`;
  const watcher = await subscribeFromNode(env.mosquittoTcpUrl, willTopic);
  try {
    await openWithBroker(page, env.mosquittoWsUrl, { version: '5.0' });
    const region = connectionRegion(page);
    await region.getByText('Session, keepalive and last will').click();
    await region.getByRole('spinbutton', { name: 'Keepalive (s)' }).fill('5');
    await region.getByRole('checkbox', { name: 'Last will' }).check();
    await region.getByRole('textbox', { name: 'Will topic' }).fill(willTopic);
    await region.getByRole('textbox', { name: 'Will payload' }).fill('gone');
    await clickConnect(page);
    await expect(connectionStatus(page)).toHaveText(/^Connected/, LONG);
    // Connected and alive: no will yet.
    await page.waitForTimeout(1_000);
    expect(watcher.messages.map((m) => m.text)).toEqual([]);

    await page.close();
    const [will] = await watcher.waitForMessages(1, { timeoutMs: 10_000 });
    expect(will?.topic).toBe(willTopic);
    expect(will?.text).toBe('gone');
  } finally {
    await watcher.close();
  }
});
