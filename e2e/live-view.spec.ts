import { publishFromNode, readE2eEnv, uniqueTopicPrefix, AUTH_USERS } from './support/brokers';
import { expect, test } from './support/fixtures';
import {
  details,
  messageLog,
  openAndConnect,
  receivedCount,
  subscribe,
  subscriptionItem,
  treeItem,
} from './support/app';

const env = readE2eEnv();
const brokers = [
  { name: 'Mosquitto', ws: () => env.mosquittoWsUrl, tcp: () => env.mosquittoTcpUrl },
  { name: 'the embedded broker', ws: () => env.embeddedWsUrl, tcp: () => env.embeddedTcpUrl },
];

for (const broker of brokers) {
  test(`subscribe and see the tree, the log and the details on ${broker.name}`, async ({
    page,
  }) => {
    const prefix = uniqueTopicPrefix(test.info());
    // Published before anyone subscribes: it reaches the app as a retained message.
    await publishFromNode(broker.tcp(), `${prefix}/bay7/state`, 'running', {
      qos: 1,
      retain: true,
    });
    await openAndConnect(page, env.appUrl, broker.ws());
    await subscribe(page, `${prefix}/#`, 1);
    await expect(subscriptionItem(page, `${prefix}/#`)).toContainText('QoS 1');

    await publishFromNode(broker.tcp(), `${prefix}/bay7/kiln`, '{"celsius": 21.5}', {
      qos: 1,
    });
    await publishFromNode(broker.tcp(), `${prefix}/bay7/damp`, '{"percent": 40}', { qos: 1 });
    await publishFromNode(broker.tcp(), `${prefix}/bay7/kiln`, '{"celsius": 22.5}', {
      qos: 1,
    });

    await expect(treeItem(page, 'kiln')).toHaveAccessibleName(/kiln 2 messages/);
    await expect(treeItem(page, 'damp')).toHaveAccessibleName(/damp 1 messages?/);
    await expect(treeItem(page, 'bay7')).toHaveAccessibleName(/bay7 4 messages/);
    const log = messageLog(page);
    // The embedded broker's demo devices keep publishing: narrow the log to this test's topics.
    await page.getByRole('textbox', { name: 'Filter by topic' }).fill(`${prefix}/#`);
    await expect(log.getByRole('listitem').first()).toContainText(`${prefix}/bay7/kiln`);
    await expect(log.getByRole('listitem').first()).toContainText('22.5');
    await expect(log.getByRole('listitem').filter({ hasText: `${prefix}/bay7/damp` })).toHaveCount(
      1,
    );

    await treeItem(page, 'kiln').click();
    await expect(treeItem(page, 'kiln')).toHaveAttribute('aria-selected', 'true');
    const panel = details(page);
    await expect(panel).toContainText(`${prefix}/bay7/kiln`);
    await expect(panel.getByLabel('Payload')).toHaveText(/"celsius": 22.5/);
    await expect(panel).toContainText('QoS 1');
    await expect(panel).not.toContainText('Retained');

    await panel.getByRole('button', { name: 'Older message' }).click();
    await expect(panel.getByLabel('Payload')).toHaveText(/"celsius": 21.5/);

    // A level with no message of its own shows its counts.
    await treeItem(page, 'state').click();
    await expect(details(page).getByLabel('Payload')).toHaveText('running');
    await expect(details(page)).toContainText('Retained');

    await treeItem(page, 'bay7').click();
    await expect(details(page)).toContainText('Messages here and below');
    await expect(details(page)).toContainText('4');
  });
}

test('an invalid topic filter gets a clear message and nothing is subscribed', async ({ page }) => {
  await openAndConnect(page, env.appUrl, env.mosquittoWsUrl);
  const region = page.getByRole('region', { name: 'Subscriptions' });
  for (const bad of ['sport/#/score', 'sport+/x', '']) {
    await subscribe(page, bad);
    await expect(region.getByRole('alert')).toBeVisible();
  }
  await subscribe(page, 'sport/#/score');
  await expect(region.getByRole('alert')).toContainText("'#' must be the last level");
  await expect(subscriptionItem(page, 'sport/#/score')).toHaveCount(0);
});

test('a refused subscription shows the reason in plain words', async ({ page }) => {
  await openAndConnect(page, env.appUrl, env.authWsUrl, {
    username: AUTH_USERS.alice.username,
    password: AUTH_USERS.alice.password,
  });
  await subscribe(page, 'secret/#');
  await expect(subscriptionItem(page, 'secret/#')).toContainText(/Refused: Not authorized/);
  const prefix = uniqueTopicPrefix(test.info());
  await subscribe(page, `${prefix}/#`);
  await expect(subscriptionItem(page, `${prefix}/#`)).toContainText('QoS 0');
});

test('MQTT 5 user properties, binary payloads and HTML-looking payloads', async ({ page }) => {
  let dialogs = 0;
  page.on('dialog', (dialog) => {
    dialogs++;
    void dialog.dismiss();
  });
  const prefix = uniqueTopicPrefix(test.info());
  await openAndConnect(page, env.appUrl, env.mosquittoWsUrl);
  await subscribe(page, `${prefix}/#`);
  await expect(subscriptionItem(page, `${prefix}/#`)).toContainText('QoS 0');

  await publishFromNode(env.mosquittoTcpUrl, `${prefix}/props`, 'with properties', {
    properties: { userProperties: { site: 'north', shift: 'night' }, contentType: 'text/plain' },
    client: { protocolVersion: 5 },
  });
  await treeItem(page, 'props').click();
  const users = details(page).getByRole('list', { name: 'User properties' });
  await expect(users.getByRole('listitem').filter({ hasText: 'site: north' })).toHaveCount(1);
  await expect(users.getByRole('listitem').filter({ hasText: 'shift: night' })).toHaveCount(1);
  await expect(details(page)).toContainText('text/plain');

  await publishFromNode(
    env.mosquittoTcpUrl,
    `${prefix}/binary`,
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0xfe, 0x10]),
  );
  await treeItem(page, 'binary').click();
  await expect(details(page).getByLabel('Payload')).toContainText('89 50 4e 47 00 ff fe 10');

  const html = '<img src=x onerror=alert(1)>';
  await publishFromNode(env.mosquittoTcpUrl, `${prefix}/html`, html);
  await treeItem(page, 'html').click();
  await expect(details(page).getByLabel('Payload')).toHaveText(html);
  await expect(messageLog(page).getByRole('listitem').first()).toContainText(html);
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  await page.waitForTimeout(500);
  expect(dialogs).toBe(0);
});

test('a burst of 20,000 messages is counted exactly while the tree still responds', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const prefix = uniqueTopicPrefix(test.info());
  await openAndConnect(page, env.appUrl, env.mosquittoWsUrl);
  await subscribe(page, `${prefix}/#`);
  await expect(subscriptionItem(page, `${prefix}/#`)).toContainText('QoS 0');
  await publishFromNode(env.mosquittoTcpUrl, `${prefix}/first`, 'hello');
  await expect(treeItem(page, 'first')).toBeVisible();
  const before = await receivedCount(page);

  const payloads = Array.from({ length: 20_000 }, (_, i) => `{"n":${i},"v":${(i % 100) / 10}}`);
  const burst = publishFromNode(env.mosquittoTcpUrl, `${prefix}/burst`, payloads);
  // While the burst runs, a click on the tree is still answered. Timed on the page's own clock:
  // Playwright's instrumentation of every WebSocket frame makes its own calls lag under a flood.
  await expect.poll(async () => (await receivedCount(page)) - before).toBeGreaterThan(500);
  const responseMs = await page.evaluate(async () => {
    const items = Array.from(document.querySelectorAll('[role="treeitem"]'));
    const item = items.find((e) => e.getAttribute('aria-label')?.startsWith('first '));
    if (!item) return Number.POSITIVE_INFINITY;
    const startedMs = performance.now();
    (item as HTMLElement).click();
    while (item.getAttribute('aria-selected') !== 'true') {
      await new Promise((resolve) => requestAnimationFrame(resolve));
      if (performance.now() - startedMs > 10_000) break;
    }
    return performance.now() - startedMs;
  });
  expect(responseMs).toBeLessThan(500);
  await expect(treeItem(page, 'first')).toHaveAttribute('aria-selected', 'true');
  await burst;

  await expect
    .poll(async () => (await receivedCount(page)) - before, { timeout: 60_000 })
    .toBe(20_000);
  await expect(page.getByLabel('Messages dropped')).toHaveText('0');
  await expect(treeItem(page, 'burst')).toHaveAccessibleName(/burst 20,000 messages/);
});

test('the tree and the log work from the keyboard; pause freezes the log while counting goes on', async ({
  page,
}) => {
  const prefix = uniqueTopicPrefix(test.info());
  await openAndConnect(page, env.appUrl, env.mosquittoWsUrl);
  await subscribe(page, `${prefix}/#`);
  await expect(subscriptionItem(page, `${prefix}/#`)).toContainText('QoS 0');
  await publishFromNode(env.mosquittoTcpUrl, `${prefix}/a`, 'first');
  await publishFromNode(env.mosquittoTcpUrl, `${prefix}/b`, 'second');
  await expect(treeItem(page, 'b')).toBeVisible();

  const tree = page.getByRole('tree', { name: 'Topic tree' });
  await tree.focus();
  // Walk down to the leaf "a" and open it with Enter.
  for (let i = 0; i < 40; i++) {
    const active = await tree.getAttribute('aria-activedescendant');
    const label = active ? await page.locator(`[id="${active}"]`).getAttribute('aria-label') : '';
    if (label?.startsWith('a ')) break;
    await page.keyboard.press('ArrowDown');
  }
  await page.keyboard.press('Enter');
  await expect(treeItem(page, 'a')).toHaveAttribute('aria-selected', 'true');
  await expect(details(page).getByLabel('Payload')).toHaveText('first');
  // ArrowLeft goes to the parent; ArrowLeft again collapses it and hides its children.
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect(treeItem(page, 'a')).toHaveCount(0);
  await page.keyboard.press('ArrowRight');
  await expect(treeItem(page, 'a')).toHaveCount(1);

  const messages = page.getByRole('region', { name: 'Messages' });
  await messages.getByRole('textbox', { name: 'Filter by topic' }).fill(`${prefix}/#`);
  await expect(messageLog(page).getByRole('listitem')).toHaveCount(2);
  await messages.getByRole('button', { name: 'Pause' }).click();
  const before = await receivedCount(page);
  await publishFromNode(env.mosquittoTcpUrl, `${prefix}/c`, 'third');
  await expect.poll(() => receivedCount(page)).toBe(before + 1);
  await expect(messageLog(page).getByRole('listitem')).toHaveCount(2);
  await messages.getByRole('button', { name: 'Resume' }).click();
  await expect(messageLog(page).getByRole('listitem')).toHaveCount(3);
  await expect(messageLog(page).getByRole('listitem').first()).toContainText('third');
});

test('large payloads show their first part; memory limits drop the oldest and say so', async ({
  page,
}) => {
  const prefix = uniqueTopicPrefix(test.info());
  await openAndConnect(page, env.appUrl, env.mosquittoWsUrl);
  await subscribe(page, `${prefix}/#`);
  await expect(subscriptionItem(page, `${prefix}/#`)).toContainText('QoS 0');

  await publishFromNode(env.mosquittoTcpUrl, `${prefix}/big`, 'x'.repeat(200_000));
  await treeItem(page, 'big').click();
  await expect(details(page)).toContainText('Showing 65,536 of 200,000 bytes');
  await details(page).getByRole('button', { name: 'Show all' }).click();
  await expect(details(page)).not.toContainText('Showing 65,536');

  // Deeply nested JSON is shown, bounded, without hanging the page.
  const deep = '['.repeat(5000) + ']'.repeat(5000);
  await publishFromNode(env.mosquittoTcpUrl, `${prefix}/deep`, deep);
  await treeItem(page, 'deep').click();
  await expect(details(page).getByLabel('Payload')).toContainText('[');

  await page.getByRole('button', { name: 'Settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Memory limits' });
  await dialog.getByLabel('History per topic (messages)').fill('5');
  await dialog.getByRole('button', { name: 'Apply limits' }).click();
  await publishFromNode(
    env.mosquittoTcpUrl,
    `${prefix}/many`,
    Array.from({ length: 12 }, (_, i) => `m${i}`),
  );
  await expect(treeItem(page, 'many')).toHaveAccessibleName(/many 12 messages/);
  await treeItem(page, 'many').click();
  await expect(details(page)).toContainText('5 of 5 kept on this topic');
  // Every message is still in the log, so none is dropped yet.
  await expect(page.getByLabel('Messages dropped')).toHaveText('0');
});

test('the $SYS branch of Mosquitto shows as its own branch', async ({ page }) => {
  await openAndConnect(page, env.appUrl, env.mosquittoWsUrl);
  await subscribe(page, '$SYS/broker/version');
  await expect(subscriptionItem(page, '$SYS/broker/version')).toContainText('QoS 0');
  const sys = treeItem(page, '$SYS');
  await expect(sys).toHaveAttribute('aria-level', '1');
  await expect(sys).toHaveAttribute('aria-expanded', 'false');
  await sys.click();
  await page.keyboard.press('ArrowRight');
  await expect(sys).toHaveAttribute('aria-expanded', 'true');
  await treeItem(page, 'version').click();
  await expect(details(page).getByLabel('Payload')).toContainText('mosquitto version');
});
