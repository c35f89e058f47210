/**
 * Bidi controls and zero-width characters from the broker are shown as marks (⟨RLO⟩, ⟨ZWSP⟩…)
 * in the tree, the log, the details and chart titles, so "\u202Etxt.exe" cannot pass for
 * "exe.txt"; the payload itself is not changed, and Copy payload copies its exact text.
 */
import { publishFromNode, readE2eEnv, uniqueTopicPrefix } from './support/brokers';
import { expect, test } from './support/fixtures';
import { details, messageLog, openAndConnect, subscribe, treeItem } from './support/app';

const env = readE2eEnv();

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

const RLO = '\u202E';
const ZWSP = '\u200B';
const ZWJ = '\u200D';
const LRI = '\u2066';
const BOM = '\uFEFF';

test('invisible characters in topics, payloads and properties are shown as marks', async ({
  page,
}) => {
  const prefix = uniqueTopicPrefix(test.info());
  await openAndConnect(page, env.appUrl, env.mosquittoWsUrl);
  await subscribe(page, `${prefix}/#`, 1);
  await expect(
    page
      .getByRole('list', { name: 'Active subscriptions' })
      .getByRole('listitem')
      .filter({ hasText: `${prefix}/#` }),
  ).toContainText('QoS 1');

  const topic = `${prefix}/${RLO}txt.exe`;
  const payload = `{"note": "hello${ZWSP}world", "v": 7}`;
  await publishFromNode(env.mosquittoTcpUrl, topic, payload, {
    qos: 1,
    properties: {
      contentType: `application/${RLO}json`,
      // Mosquitto refuses control characters (U+0001–U+001F) in MQTT strings: none here.
      userProperties: { [`key${ZWJ}`]: `value${LRI}x${BOM}` },
    },
  });

  // The tree: the level's accessible name carries the mark, so a screen reader reads it too.
  const item = treeItem(page, '⟨RLO⟩txt.exe');
  await expect(item).toHaveAccessibleName(/^⟨RLO⟩txt\.exe 1 message/);
  await expect(item).toContainText('hello⟨ZWSP⟩world');
  expect(await item.textContent()).not.toContain(RLO);

  // The log row: the topic and the payload preview.
  await page.getByRole('textbox', { name: 'Filter by topic' }).fill(`${prefix}/#`);
  const row = messageLog(page).getByRole('listitem').first();
  await expect(row).toContainText(`${prefix}/⟨RLO⟩txt.exe`);
  await expect(row).toContainText('hello⟨ZWSP⟩world');
  expect(await row.textContent()).not.toMatch(/[\u202E\u200B]/);

  // The details: topic, payload and MQTT 5 properties, with a note that explains the marks.
  await item.click();
  const panel = details(page);
  await expect(panel).toContainText(`${prefix}/⟨RLO⟩txt.exe`);
  await expect(panel.getByLabel('Payload')).toContainText('"note": "hello⟨ZWSP⟩world"');
  await expect(panel).toContainText('Content type');
  await expect(panel).toContainText('application/⟨RLO⟩json');
  await expect(panel.getByRole('list', { name: 'User properties' })).toContainText(
    'key⟨ZWJ⟩: value⟨LRI⟩x⟨BOM⟩',
  );
  await expect(panel.getByRole('note')).toHaveText(
    "This message contains invisible characters, shown as ⟨…⟩; the payload's bytes are not changed.",
  );
  const shown = (await panel.textContent()) ?? '';
  for (const invisible of [RLO, ZWSP, ZWJ, LRI, BOM]) expect(shown).not.toContain(invisible);

  // Copy payload copies the exact text, invisible characters and all.
  await panel.getByRole('button', { name: 'Copy payload' }).click();
  await expect(panel.getByRole('status', { name: 'Copy result' })).toContainText('as text');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied === payload).toBe(true);

  // A chart of the topic: its title and legend show the mark too.
  await panel.getByRole('button', { name: 'Chart v' }).click();
  const chart = page
    .getByRole('region', { name: 'Charts' })
    .getByRole('figure', { name: `Chart of ${prefix}/⟨RLO⟩txt.exe v` });
  await expect(chart).toBeVisible();
  expect(await chart.textContent()).not.toContain(RLO);
});

test('a message without invisible characters shows no note', async ({ page }) => {
  const prefix = uniqueTopicPrefix(test.info());
  await openAndConnect(page, env.appUrl, env.mosquittoWsUrl);
  await subscribe(page, `${prefix}/#`, 1);
  await publishFromNode(env.mosquittoTcpUrl, `${prefix}/plain`, 'line one\r\n\tline two', {
    qos: 1,
  });
  await treeItem(page, 'plain').click();
  const panel = details(page);
  await expect(panel.getByLabel('Payload')).toContainText('line two');
  await expect(panel.getByRole('note')).toHaveCount(0);
});
