import type { Page } from '@playwright/test';
import { publishFromNode, readE2eEnv, uniqueTopicPrefix } from './support/brokers';
import { expect, test } from './support/fixtures';
import { messageLog, openAndConnect, receivedCount, subscribe, treeItem } from './support/app';

const env = readE2eEnv();

/** Disconnects, types another broker's URL and connects, as a person would. */
async function switchTo(page: Page, url: string): Promise<void> {
  const connection = page.getByRole('region', { name: 'Connection' });
  await connection.getByRole('button', { name: 'Disconnect' }).click();
  await connection.getByRole('textbox', { name: 'Broker URL' }).fill(url);
  await connection.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Connection status' })).toHaveText(
    new RegExp(`^Connected to ${url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
  );
}

test('another broker starts a new view: the old data is cleared, with an undo', async ({
  page,
}) => {
  const prefix = uniqueTopicPrefix(test.info());
  await openAndConnect(page, env.appUrl, env.mosquittoWsUrl);
  await subscribe(page, `${prefix}/#`, 0);
  await publishFromNode(env.mosquittoTcpUrl, `${prefix}/mosq/only`, ['from mosquitto']);
  await expect(treeItem(page, 'only')).toBeVisible();
  const broker = page.getByRole('region', { name: 'Broker' });
  await broker.getByRole('button', { name: 'Show broker statistics' }).click();
  await expect(broker.getByLabel('Broker version')).toHaveText(/mosquitto version/);
  expect(await receivedCount(page)).toBeGreaterThan(0);

  await switchTo(page, env.embeddedWsUrl);
  const notice = page.getByRole('status', { name: 'Cleared data' });
  await expect(notice).toContainText(`Cleared data from ${env.mosquittoWsUrl}`);
  await expect(treeItem(page, 'only')).toHaveCount(0);
  await expect(messageLog(page).getByRole('listitem').filter({ hasText: 'mosq/only' })).toHaveCount(
    0,
  );
  // The Broker panel no longer shows Mosquitto's figures as if they were the embedded broker's.
  await expect(broker.getByText(/mosquitto version/)).toHaveCount(0);
  await expect(broker.getByRole('status')).toHaveText(
    /Waiting for \$SYS|No \$SYS message|none of Mosquitto’s figures/,
  );

  // Undo brings the old topics back, each naming the broker it came from.
  await notice.getByRole('button', { name: 'Undo' }).click();
  await expect(notice).toHaveCount(0);
  await expect(treeItem(page, 'only')).toHaveAccessibleName(
    new RegExp(`from ${env.mosquittoWsUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
  );
});

test('with "Keep data across connections" every kept topic and message names its broker', async ({
  page,
}) => {
  const prefix = uniqueTopicPrefix(test.info());
  await openAndConnect(page, env.appUrl, env.mosquittoWsUrl);
  await page
    .getByRole('region', { name: 'Connection' })
    .getByRole('checkbox', { name: 'Keep data across connections' })
    .check();
  await subscribe(page, `${prefix}/#`, 0);
  await publishFromNode(env.mosquittoTcpUrl, `${prefix}/kept/a`, ['A']);
  await expect(treeItem(page, 'a')).toBeVisible();
  const before = await receivedCount(page);

  await switchTo(page, env.embeddedWsUrl);
  await expect(page.getByRole('status', { name: 'Cleared data' })).toHaveCount(0);
  await expect(treeItem(page, 'a')).toHaveAccessibleName(/from ws:\/\//);
  await expect(
    messageLog(page)
      .getByRole('listitem')
      .filter({ hasText: `${prefix}/kept/a` }),
  ).toContainText(`from ${env.mosquittoWsUrl}`);
  expect(await receivedCount(page)).toBeGreaterThanOrEqual(before);

  // New messages from the current broker carry no mark.
  await subscribe(page, `${prefix}/#`, 0);
  await publishFromNode(env.embeddedTcpUrl, `${prefix}/kept/b`, ['B']);
  await expect(treeItem(page, 'b')).toBeVisible();
  await expect(treeItem(page, 'b')).not.toHaveAccessibleName(/from ws:/);
});
