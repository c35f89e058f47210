import fs from 'node:fs';
import { publishFromNode, readE2eEnv, uniqueTopicPrefix } from './support/brokers';
import { expect, test } from './support/fixtures';
import { details, openAndConnect, subscribe, treeItem } from './support/app';

const env = readE2eEnv();

test('values no axis can show are counted as not drawn; the rest is drawn and summed', async ({
  page,
}) => {
  const prefix = uniqueTopicPrefix(test.info());
  await openAndConnect(page, env.appUrl, env.mosquittoWsUrl);
  await subscribe(page, `${prefix}/#`, 1);
  await publishFromNode(
    env.mosquittoTcpUrl,
    `${prefix}/edge`,
    ['{"v": 1}', '{"v": 1e308}', '{"v": -1e308}', '{"v": "NaN"}', '{"v": 3}'],
    { qos: 1 },
  );
  await expect(treeItem(page, 'edge')).toHaveAccessibleName(/edge 5 messages/);
  await treeItem(page, 'edge').click();
  await details(page).getByRole('button', { name: 'Chart v' }).click();
  const figure = page.getByRole('figure', { name: /Chart of .*edge v/ });
  const row = figure.getByRole('row', { name: /edge v/ });
  const cells = row.getByRole('cell');
  await expect(cells.nth(1)).toHaveText('3');
  await expect(cells.nth(2)).toHaveText('1');
  await expect(cells.nth(3)).toHaveText('3');
  await expect(cells.nth(4)).toHaveText('2');
  await expect(cells.nth(5)).toHaveText('3');
});

test('CSV export keeps a topic that looks like a formula as text, and has every sample', async ({
  page,
}) => {
  const prefix = uniqueTopicPrefix(test.info());
  const topic = `=HYPERLINK(evil)/${prefix}/t`;
  await openAndConnect(page, env.appUrl, env.mosquittoWsUrl);
  await subscribe(page, `=HYPERLINK(evil)/${prefix}/#`, 1);
  await publishFromNode(
    env.mosquittoTcpUrl,
    topic,
    [1, 2, 3, 4, 5].map((v) => JSON.stringify({ v })),
    { qos: 1 },
  );
  await expect(treeItem(page, 't')).toHaveAccessibleName(/t 5 messages/);
  await treeItem(page, 't').click();
  await details(page).getByRole('button', { name: 'Chart v' }).click();
  const figure = page.getByRole('figure', { name: /Chart of .*t v/ });
  const downloading = page.waitForEvent('download');
  await figure.getByRole('button', { name: 'Export CSV', exact: true }).click();
  const csv = fs.readFileSync((await (await downloading).path())!, 'utf8');
  const lines = csv.trim().split('\n');
  expect(lines).toHaveLength(6);
  expect(lines.slice(1).every((l) => l.startsWith(`"'=HYPERLINK(evil)/`))).toBe(true);
});
