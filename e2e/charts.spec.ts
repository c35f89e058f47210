import fs from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { publishFromNode, readE2eEnv, uniqueTopicPrefix } from './support/brokers';
import { expect, test } from './support/fixtures';
import { details, openAndConnect, subscribe, subscriptionItem, treeItem } from './support/app';

const env = readE2eEnv();

function chartsRegion(page: Page) {
  return page.getByRole('region', { name: 'Charts' });
}

/**
 * Points each line of a figure is drawn through, scrolled into view: for a chart drawn on a
 * canvas, the samples it says it drew each shown line from (data-samples); for an SVG line
 * (traffic, Broker panel), one M or L command per point.
 */
async function pointCounts(figure: Locator): Promise<number[]> {
  // Charts off screen are not redrawn: look at it, as a person would.
  await figure.scrollIntoViewIfNeeded();
  const canvas = figure.locator('canvas[data-samples]');
  if ((await canvas.count()) > 0) {
    const samples = (await canvas.getAttribute('data-samples')) ?? '';
    return samples === '' ? [] : samples.split(' ').map(Number);
  }
  const ds = await figure
    .locator('path.recharts-line-curve')
    .evaluateAll((paths) => paths.map((p) => p.getAttribute('d') ?? ''));
  return ds.map((d) => (d.match(/[ML]/g) ?? []).length);
}

async function downloadText(page: Page, click: () => Promise<void>) {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const file = await download.path();
  return { name: download.suggestedFilename(), bytes: fs.readFileSync(file) };
}

test('chart a published series from the details: line, tooltip, legend, CSV and PNG', async ({
  page,
}) => {
  const prefix = uniqueTopicPrefix(test.info());
  const topic = `${prefix}/kiln/t`;
  const values = Array.from(
    { length: 20 },
    (_, i) => Math.round((20 + Math.sin(i) * 5) * 100) / 100,
  );
  await openAndConnect(page, env.appUrl, env.mosquittoWsUrl);
  await subscribe(page, `${prefix}/#`, 1);
  await expect(
    page.getByRole('list', { name: 'Active subscriptions' }).getByRole('listitem'),
  ).toContainText('QoS 1');
  await publishFromNode(
    env.mosquittoTcpUrl,
    topic,
    values.map((v) => JSON.stringify({ celsius: v, label: 'kiln' })),
    { qos: 1 },
  );
  await expect(treeItem(page, 't')).toHaveAccessibleName(/t 20 messages/);
  await treeItem(page, 't').click();
  await details(page).getByRole('button', { name: 'Chart celsius' }).click();

  const figure = chartsRegion(page).getByRole('figure', { name: /Chart of .*kiln\/t celsius/ });
  await expect(figure).toBeVisible();
  // The new chart shows itself: scrolled into view, with the focus on it.
  await expect(figure).toBeFocused();
  await expect(figure).toBeInViewport();
  // The line goes through every kept sample (20 points, fewer than one per pixel).
  await expect.poll(() => pointCounts(figure)).toEqual([20]);
  const row = figure.getByRole('row', { name: /kiln\/t celsius/ });
  const last = values[values.length - 1]!;
  await expect(row.getByRole('cell').nth(1)).toHaveText(String(last));
  await expect(row.getByRole('cell').nth(2)).toHaveText(String(Math.min(...values)));
  await expect(row.getByRole('cell').nth(3)).toHaveText(String(Math.max(...values)));

  // Hovering the right edge of the plot shows the newest sample's exact value and time.
  const plot = figure.getByRole('group', { name: /Chart values/ });
  const box = (await plot.boundingBox())!;
  // Just inside the plot area (the chart keeps a 32 px margin on its right). The window follows
  // the clock: the 20 samples arrived within a few ms, and the right edge is to their right
  // once the window has moved on by the 8 px (about 1 s) between the edge and the pointer.
  const tooltip = figure.getByRole('tooltip');
  await expect(async () => {
    await plot.hover({ position: { x: box.width - 40, y: box.height / 2 } });
    await expect(tooltip).toContainText(String(last), { timeout: 500 });
  }).toPass({ timeout: 10_000 });
  await expect(tooltip).toContainText(/\d\d:\d\d:\d\d\.\d{3}/);
  // From the keyboard: focus the plot, step back one sample.
  await page.mouse.move(0, 0);
  await plot.focus();
  await page.keyboard.press('ArrowLeft');
  await expect(tooltip).toContainText(`: ${values[18]}`);

  const csv = await downloadText(page, () =>
    figure.getByRole('button', { name: 'Export CSV', exact: true }).click(),
  );
  expect(csv.name).toMatch(/\.csv$/);
  const lines = csv.bytes.toString('utf8').trim().split('\n');
  expect(lines[0]).toBe('series,time_iso,time_ms,value');
  expect(lines.slice(1).map((l) => Number(l.split(',').at(-1)))).toEqual(values);
  expect(lines.slice(1).every((l) => l.startsWith(`"${topic} celsius",`))).toBe(true);

  const png = await downloadText(page, () =>
    figure.getByRole('button', { name: 'Export PNG' }).click(),
  );
  expect(png.name).toMatch(/\.png$/);
  expect(png.bytes.subarray(0, 8)).toEqual(
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  );
  expect(png.bytes.length).toBeGreaterThan(2_000);
  // Title above the plot and the legend (one line per series) below it are in the picture.
  const plotHeight = (await plot.boundingBox())!.height;
  const pngHeight = png.bytes.readUInt32BE(20);
  expect(pngHeight).toBeGreaterThanOrEqual(Math.floor(plotHeight) + 24 + 18);

  // The layout survives a reload.
  await page.reload();
  await expect(
    chartsRegion(page).getByRole('figure', { name: /Chart of .*kiln\/t celsius/ }),
  ).toBeVisible();
});

test('two series on one chart, booleans as 0/1, pause with scrub and a fixed y axis', async ({
  page,
}) => {
  const prefix = uniqueTopicPrefix(test.info());
  const topic = `${prefix}/press`;
  await openAndConnect(page, env.appUrl, env.mosquittoWsUrl);
  await subscribe(page, `${prefix}/#`);
  await expect(
    page.getByRole('list', { name: 'Active subscriptions' }).getByRole('listitem'),
  ).toContainText('QoS 0');
  const payloads = Array.from({ length: 12 }, (_, i) =>
    JSON.stringify({ bar: i, flow: { rate: 100 - i }, open: i % 2 === 0 }),
  );
  await publishFromNode(env.mosquittoTcpUrl, topic, payloads, { qos: 1 });
  await expect(treeItem(page, 'press')).toHaveAccessibleName(/press 12 messages/);
  await treeItem(page, 'press').click();
  const panel = details(page);
  await panel.getByRole('button', { name: 'Chart bar' }).click();
  await panel.getByRole('combobox', { name: 'Chart into' }).selectOption({ index: 1 });
  await panel.getByRole('button', { name: 'Chart flow.rate' }).click();
  await expect(panel.getByRole('button', { name: 'Chart open' })).toHaveCount(0);
  await panel.getByRole('checkbox', { name: 'Booleans as 0/1' }).check();
  await panel.getByRole('button', { name: 'Chart open' }).click();

  const figure = chartsRegion(page).getByRole('figure', {
    name: /press bar, .*press flow\.rate, .*press open/,
  });
  await expect.poll(() => pointCounts(figure)).toEqual([12, 12, 12]);
  await expect(
    figure
      .getByRole('row', { name: /press flow\.rate/ })
      .getByRole('cell')
      .nth(1),
  ).toHaveText('89');
  await expect(
    figure
      .getByRole('row', { name: /press open/ })
      .getByRole('cell')
      .nth(1),
  ).toHaveText('0');
  await expect(
    figure
      .getByRole('row', { name: /press open/ })
      .getByRole('cell')
      .nth(4),
  ).toHaveText('0.5');

  // Hide one series: its line goes, its figures stay.
  await figure.getByRole('checkbox', { name: /press flow\.rate/ }).uncheck();
  await expect.poll(() => pointCounts(figure)).toEqual([12, 12]);

  await figure.getByRole('button', { name: 'Pause chart' }).click();
  await expect(figure.getByRole('slider', { name: 'Scrub' })).toBeVisible();
  await figure.getByRole('combobox', { name: 'Y axis' }).selectOption('fixed');
  await figure.getByRole('spinbutton', { name: 'Y max' }).fill('50');
  // Automatic, the axis would end near the data's maximum (11).
  await expect
    .poll(() =>
      figure
        .locator('.recharts-yAxis-tick-labels text, .recharts-yAxis text')
        .evaluateAll((texts) => texts.map((t) => t.textContent)),
    )
    .toContain('50');
  await figure.getByRole('button', { name: 'Follow live' }).click();
  await expect(figure.getByRole('slider', { name: 'Scrub' })).toHaveCount(0);
});

test('a wildcard series adds a line when a new matching topic appears', async ({ page }) => {
  const prefix = uniqueTopicPrefix(test.info());
  await openAndConnect(page, env.appUrl, env.mosquittoWsUrl);
  await subscribe(page, `${prefix}/#`);
  await expect(
    page.getByRole('list', { name: 'Active subscriptions' }).getByRole('listitem'),
  ).toContainText('QoS 0');
  await publishFromNode(env.mosquittoTcpUrl, `${prefix}/plant/p1/temperature`, [
    '{"celsius": 20}',
    '{"celsius": 21}',
  ]);
  await publishFromNode(env.mosquittoTcpUrl, `${prefix}/plant/p1/humidity`, '{"celsius": 99}');
  await expect(treeItem(page, 'humidity')).toBeVisible();

  const region = chartsRegion(page);
  await region
    .getByRole('textbox', { name: 'Series wildcard' })
    .fill(`${prefix}/plant/+/temperature`);
  await region.getByRole('textbox', { name: 'Field path' }).fill('celsius');
  await region.getByRole('button', { name: 'Add series' }).click();
  const figure = region.getByRole('figure', { name: /plant\/\+\/temperature celsius/ });
  await expect(figure).toHaveAccessibleName(/p1\/temperature celsius/);
  await expect(figure).not.toHaveAccessibleName(/humidity/);
  await expect.poll(() => pointCounts(figure)).toEqual([2]);

  await publishFromNode(env.mosquittoTcpUrl, `${prefix}/plant/p2/temperature`, [
    '{"celsius": 30}',
    '{"celsius": 31}',
    '{"celsius": 32}',
  ]);
  await expect(figure).toHaveAccessibleName(/p2\/temperature celsius/);
  await expect.poll(() => pointCounts(figure)).toEqual([2, 3]);
  await expect(
    figure
      .getByRole('row', { name: /p2\/temperature/ })
      .getByRole('cell')
      .nth(1),
  ).toHaveText('32');

  // An invalid filter is refused with a reason.
  await region.getByRole('textbox', { name: 'Series wildcard' }).fill('a/b#');
  await region.getByRole('button', { name: 'Add series' }).click();
  await expect(region.getByRole('alert')).toContainText("'#'");
});

test('traffic charts show messages per second overall and for the busiest topic', async ({
  page,
}) => {
  const prefix = uniqueTopicPrefix(test.info());
  await openAndConnect(page, env.appUrl, env.mosquittoWsUrl);
  await subscribe(page, `${prefix}/#`);
  await chartsRegion(page).getByRole('button', { name: 'Show traffic charts' }).click();
  const flood = Array.from({ length: 50 }, (_, i) => `sample ${i}`);
  for (let second = 0; second < 3; second++) {
    await publishFromNode(env.mosquittoTcpUrl, `${prefix}/flood`, flood);
    await page.waitForTimeout(1_000);
  }
  const table = chartsRegion(page).getByRole('table', { name: 'Busiest topics' });
  await expect(table.getByRole('row', { name: /flood/ })).toBeVisible({ timeout: 10_000 });
  const figure = chartsRegion(page).getByRole('figure', { name: 'Traffic: messages per second' });
  await expect.poll(async () => (await pointCounts(figure)).length).toBeGreaterThanOrEqual(2);
});

test('the broker panel shows Mosquitto $SYS statistics', async ({ page }) => {
  await openAndConnect(page, env.appUrl, env.mosquittoWsUrl);
  const region = page.getByRole('region', { name: 'Broker' });
  await region.getByRole('button', { name: 'Show broker statistics' }).click();
  await expect(region.getByLabel('Broker version')).toHaveText(/mosquitto version 2\.0/);
  await expect(region.getByRole('status', { name: 'Clients connected', exact: true })).toHaveText(
    /^\d+$/,
  );
  await expect(region.getByLabel('Broker uptime')).toHaveText(/\d+ s$/);
  // Two $SYS updates (sys_interval 1 in the test broker) give a first rate.
  await expect(region.getByLabel('Broker messages out per second')).toHaveText(/^[\d.,]+$/, {
    timeout: 15_000,
  });
  const figure = region.getByRole('figure', { name: 'Broker: messages per second' });
  // Mosquitto publishes a counter only when it changes: "sent" grows with every $SYS delivery.
  await expect
    .poll(async () => Math.max(0, ...(await pointCounts(figure))), { timeout: 15_000 })
    .toBeGreaterThan(1);
});

test('the broker panel says what the embedded broker publishes in $SYS', async ({ page }) => {
  await openAndConnect(page, env.appUrl, env.embeddedWsUrl);
  const region = page.getByRole('region', { name: 'Broker' });
  await region.getByRole('button', { name: 'Show broker statistics' }).click();
  // aedes may announce this page's own connection before the panel looks: then it already
  // explains its layout.
  await expect(region.getByRole('status')).toHaveText(
    /Waiting for \$SYS|No \$SYS message|none of Mosquitto’s figures/,
  );
  // aedes announces each new client in $SYS/<id>/new/clients.
  await page.waitForTimeout(500);
  await publishFromNode(env.embeddedTcpUrl, 'e2e/charts/hello', 'x');
  await expect(region.getByRole('status')).toContainText('none of Mosquitto’s figures');
});

test("the broker panel's $SYS/# shows as used by it and never changes the user's own", async ({
  page,
}) => {
  await openAndConnect(page, env.appUrl, env.mosquittoWsUrl);
  const region = page.getByRole('region', { name: 'Broker' });
  const show = region.getByRole('button', { name: 'Show broker statistics' });
  const hide = region.getByRole('button', { name: 'Hide broker statistics' });

  // Alone, the panel's subscription is listed as its own, without the user's controls.
  await show.click();
  const sys = subscriptionItem(page, '$SYS/#');
  await expect(sys).toContainText('used by Broker panel');
  await expect(sys).toContainText('QoS 0');
  await expect(sys.getByRole('button', { name: 'Unsubscribe $SYS/#' })).toHaveCount(0);
  await hide.click();
  await expect(sys).toHaveCount(0);

  // The user's own $SYS/# at QoS 1 keeps its QoS while the panel opens and closes.
  await subscribe(page, '$SYS/#', 1);
  await expect(sys).toContainText('QoS 1');
  await show.click();
  await expect(sys).toContainText('also used by Broker panel');
  await expect(region.getByLabel('Broker version')).toHaveText(/mosquitto version 2\.0/);
  await expect(sys).toContainText('QoS 1');
  await hide.click();
  await expect(sys).not.toContainText('used by');
  await expect(sys).toContainText('QoS 1');
  await expect(sys.getByRole('button', { name: 'Unsubscribe $SYS/#' })).toBeVisible();
});
