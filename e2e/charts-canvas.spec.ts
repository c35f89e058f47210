/**
 * Charts whose lines are drawn on a canvas over recharts' frame: what a person reads from them
 * (the legend, the keyboard tooltip, the figure's description), what the canvas shows (a lone
 * spike among thousands of points, no line left for a removed series) and what an export holds.
 */
import fs from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import {
  connectFromNode,
  endClient,
  publishFromNode,
  readE2eEnv,
  uniqueTopicPrefix,
} from './support/brokers';
import { expect, test } from './support/fixtures';
import { details, openAndConnect, subscribe, treeItem } from './support/app';

const env = readE2eEnv();

function chartsRegion(page: Page) {
  return page.getByRole('region', { name: 'Charts' });
}

/** Adds a series through the Charts form, into a new chart or the chart at `into` (1-based). */
async function addSeries(page: Page, topic: string, path: string, into?: number) {
  const region = chartsRegion(page);
  await region.getByRole('textbox', { name: 'Series wildcard' }).fill(topic);
  await region.getByRole('textbox', { name: 'Field path' }).fill(path);
  await region.getByRole('combobox', { name: 'Series chart' }).selectOption({ index: into ?? 0 });
  await region.getByRole('button', { name: 'Add series' }).click();
}

/** Scrolls a chart into view, as a person would: charts off screen are not drawn. */
async function lookAt(figure: Locator) {
  await expect(figure).toBeVisible();
  await figure.scrollIntoViewIfNeeded();
}

function legendCells(figure: Locator, series: RegExp) {
  return figure.getByRole('row', { name: series }).getByRole('cell');
}

interface Ink {
  /** Device pixels of the plot area (without the canvas' padding). */
  width: number;
  height: number;
  /** Per pixel column: the topmost drawn row (from the plot's top), or -1. */
  topRow: number[];
  /** Drawn pixels close to each asked colour. */
  near: number[];
}

/** Reads the lines canvas of a figure: where it has ink, and how much of each colour. */
async function readInk(figure: Locator, colours: string[] = []): Promise<Ink> {
  await figure.scrollIntoViewIfNeeded();
  return figure.locator('canvas.chart-lines').evaluate((node, colours) => {
    const canvas = node as HTMLCanvasElement;
    const ctx = canvas.getContext('2d')!;
    const { data, width, height } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    // The canvas reaches 2 CSS px past the plot on every side.
    const pad = Math.round((2 * canvas.width) / canvas.getBoundingClientRect().width);
    const rgb = colours.map((c) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16)));
    const near = colours.map(() => 0);
    const topRow: number[] = [];
    for (let x = pad; x < width - pad; x++) {
      let top = -1;
      for (let y = pad; y < height - pad; y++) {
        const i = (y * width + x) * 4;
        if (data[i + 3]! < 96) continue;
        if (top < 0) top = y - pad;
        rgb.forEach(([r, g, b], k) => {
          if (
            Math.abs(data[i]! - r!) + Math.abs(data[i + 1]! - g!) + Math.abs(data[i + 2]! - b!) <
            60
          ) {
            near[k]!++;
          }
        });
      }
      topRow.push(top);
    }
    return { width: width - 2 * pad, height: height - 2 * pad, topRow, near };
  }, colours);
}

test('a chart of known values shows them in the legend, the description and the keyboard tooltip', async ({
  page,
}) => {
  const prefix = uniqueTopicPrefix(test.info());
  const topic = `${prefix}/oven`;
  const values = [3, 1.5, 4, 1, 5.25, 9, 2, 6];
  await openAndConnect(page, env.appUrl, env.mosquittoWsUrl);
  await subscribe(page, `${prefix}/#`, 1);
  await expect(
    page.getByRole('list', { name: 'Active subscriptions' }).getByRole('listitem'),
  ).toContainText('QoS 1');
  await publishFromNode(
    env.mosquittoTcpUrl,
    topic,
    values.map((v) => JSON.stringify({ t: v })),
    { qos: 1 },
  );
  await expect(treeItem(page, 'oven')).toHaveAccessibleName(/oven 8 messages/);
  await treeItem(page, 'oven').click();
  await details(page).getByRole('button', { name: 'Chart t' }).click();

  const figure = chartsRegion(page).getByRole('figure', { name: /Chart of .*oven t/ });
  await expect(figure).toBeVisible();
  // The legend: last, min and max of the kept history.
  const cells = legendCells(figure, /oven t/);
  await expect(cells.nth(1)).toHaveText('6');
  await expect(cells.nth(2)).toHaveText('1');
  await expect(cells.nth(3)).toHaveText('9');
  // A screen reader hears the same figures with the chart.
  await expect(figure).toHaveAccessibleDescription(/oven t: last 6, min 1, max 9/);
  // The lines are on the canvas, drawn from all eight samples.
  await expect(figure.locator('canvas.chart-lines')).toHaveAttribute('data-samples', '8');

  // From the keyboard: focus the plot, then step back through every sample, exactly.
  const plot = figure.getByRole('group', { name: /Chart values/ });
  const tooltip = figure.getByRole('tooltip');
  await plot.focus();
  await expect(tooltip).toContainText(`oven t: ${values[7]}`);
  await expect(tooltip).toContainText(/\d\d:\d\d:\d\d\.\d{3}/);
  for (let i = values.length - 2; i >= 0; i--) {
    await page.keyboard.press('ArrowLeft');
    await expect(tooltip).toContainText(`oven t: ${values[i]}`);
  }
  // At the first sample it stays there; forward again goes to the second.
  await page.keyboard.press('ArrowLeft');
  await expect(tooltip).toContainText(`oven t: ${values[0]}`);
  await page.keyboard.press('ArrowRight');
  await expect(tooltip).toContainText(`oven t: ${values[1]}`);
  await plot.blur();
  await expect(tooltip).toHaveCount(0);
  // The plot is the chart's one stop for the keys: recharts' drawing is not another one.
  await expect(figure.getByRole('application')).toHaveCount(0);
  await plot.focus();
  await page.keyboard.press('Tab');
  await expect(plot).not.toBeFocused();
  await expect(figure.locator('svg:focus')).toHaveCount(0);
});

test('a lone spike among thousands of points is drawn, in one narrow column', async ({ page }) => {
  const prefix = uniqueTopicPrefix(test.info());
  const topic = `${prefix}/flow`;
  const count = 10_000;
  const spikeAt = 6_123;
  await openAndConnect(page, env.appUrl, env.mosquittoWsUrl);
  await subscribe(page, `${prefix}/#`, 1);
  await expect(
    page.getByRole('list', { name: 'Active subscriptions' }).getByRole('listitem'),
  ).toContainText('QoS 1');
  // Charted before the values arrive: every one is sampled, not only the kept history.
  await addSeries(page, topic, 'v');
  const figure = chartsRegion(page).getByRole('figure', { name: /Chart of .*flow v/ });
  await lookAt(figure);
  await publishFromNode(
    env.mosquittoTcpUrl,
    topic,
    Array.from({ length: count }, (_, i) =>
      JSON.stringify({ v: i === spikeAt ? 1000 : 10 + (i % 7) / 10 }),
    ),
    { qos: 1 },
  );
  const cells = legendCells(figure, /flow v/);
  await expect(cells.nth(1)).toHaveText(String(10 + ((count - 1) % 7) / 10), { timeout: 20_000 });
  await expect(cells.nth(3)).toHaveText('1,000');
  await expect(cells.nth(2)).toHaveText('10');
  await expect(figure.locator('canvas.chart-lines')).toHaveAttribute('data-samples', String(count));

  // Near the top of the plot there is ink in one narrow run of columns: the spike. Near the
  // bottom, the thousands of other points.
  await expect
    .poll(async () => {
      const ink = await readInk(figure);
      const band = ink.height * 0.15;
      const spikeColumns = ink.topRow.filter((top) => top >= 0 && top < band).length;
      const drawnColumns = ink.topRow.filter((top) => top >= 0).length;
      return { spike: spikeColumns > 0 && spikeColumns <= 8, drawn: drawnColumns > spikeColumns };
    })
    .toEqual({ spike: true, drawn: true });
});

test('removing a series stops drawing it at once', async ({ page }) => {
  const prefix = uniqueTopicPrefix(test.info());
  await openAndConnect(page, env.appUrl, env.mosquittoWsUrl);
  await subscribe(page, `${prefix}/#`, 1);
  await expect(
    page.getByRole('list', { name: 'Active subscriptions' }).getByRole('listitem'),
  ).toContainText('QoS 1');
  await addSeries(page, `${prefix}/a`, 'v');
  await addSeries(page, `${prefix}/b`, 'v', 1);
  const figure = chartsRegion(page).getByRole('figure', { name: /Chart of .*a v, .*b v/ });
  await lookAt(figure);
  // Crossing ramps, paced over about 3 s (some 25 pixel columns of a 1-minute window), so each
  // line slopes across columns of its own instead of standing in one column under the other.
  const publisher = await connectFromNode(env.mosquittoTcpUrl);
  try {
    for (let i = 0; i < 40; i++) {
      await publisher.publishAsync(`${prefix}/a`, JSON.stringify({ v: i }), { qos: 1 });
      await publisher.publishAsync(`${prefix}/b`, JSON.stringify({ v: 40 - i }), { qos: 1 });
      await new Promise((resolve) => setTimeout(resolve, 75));
    }
  } finally {
    await endClient(publisher);
  }
  await expect(legendCells(figure, /\/b v/).nth(1)).toHaveText('1');
  const colours = await figure
    .getByRole('row')
    .locator('.swatch')
    .evaluateAll((swatches) =>
      swatches.map((s) => {
        const [r, g, b] = getComputedStyle(s).backgroundColor.match(/\d+/g)!.map(Number);
        return `#${[r, g, b].map((c) => c!.toString(16).padStart(2, '0')).join('')}`;
      }),
    );
  expect(colours).toHaveLength(2);
  expect(colours[0]).not.toBe(colours[1]);
  await expect
    .poll(async () => (await readInk(figure, colours)).near.map((n) => n > 20))
    .toEqual([true, true]);

  await figure.getByRole('button', { name: /Remove series .*\/b v/ }).click();
  // The chart's name no longer holds the removed series.
  const left = chartsRegion(page).getByRole('figure', { name: /Chart of .*\/a v$/ });
  await expect(left.getByRole('row', { name: /\/b v/ })).toHaveCount(0);
  // Its line is gone from the canvas by the next frame; the other one stays.
  await expect
    .poll(async () => (await readInk(left, colours)).near.map((n) => n > 0), { timeout: 1_000 })
    .toEqual([true, false]);
  await expect(left.locator('canvas.chart-lines')).toHaveAttribute('data-samples', '40');
});

test('an exported CSV holds every point: 5,000 values, 5,000 lines', async ({ page }) => {
  const prefix = uniqueTopicPrefix(test.info());
  const topic = `${prefix}/meter`;
  const count = 5_000;
  const values = Array.from({ length: count }, (_, i) => Math.round(Math.sin(i / 30) * 1e4) / 100);
  await openAndConnect(page, env.appUrl, env.mosquittoWsUrl);
  await subscribe(page, `${prefix}/#`, 1);
  await expect(
    page.getByRole('list', { name: 'Active subscriptions' }).getByRole('listitem'),
  ).toContainText('QoS 1');
  await addSeries(page, topic, 'kw');
  const figure = chartsRegion(page).getByRole('figure', { name: /Chart of .*meter kw/ });
  await lookAt(figure);
  await publishFromNode(
    env.mosquittoTcpUrl,
    topic,
    values.map((v) => JSON.stringify({ kw: v })),
    { qos: 1 },
  );
  await expect(figure.locator('canvas.chart-lines')).toHaveAttribute(
    'data-samples',
    String(count),
    {
      timeout: 20_000,
    },
  );
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    figure.getByRole('button', { name: 'Export CSV', exact: true }).click(),
  ]);
  const lines = fs
    .readFileSync((await download.path())!, 'utf8')
    .trimEnd()
    .split('\n');
  expect(lines[0]).toBe('series,time_iso,time_ms,value');
  expect(lines).toHaveLength(count + 1);
  expect(lines.slice(1).map((l) => Number(l.split(',').at(-1)))).toEqual(values);
  expect(lines.slice(1).every((l) => l.startsWith(`"${topic} kw",`))).toBe(true);
});

test('points kept per series is a setting: the chart memory follows it, and it is kept', async ({
  page,
}) => {
  const prefix = uniqueTopicPrefix(test.info());
  await openAndConnect(page, env.appUrl, env.mosquittoWsUrl);
  await addSeries(page, `${prefix}/tank`, 'level');
  const region = chartsRegion(page);
  const points = region.getByRole('combobox', { name: 'Points kept per series' });
  const memory = region.getByLabel('Chart memory', { exact: true });
  /** Points allocated per series, from the line beside the output. */
  const perSeries = async () => {
    const line = (await memory.locator('xpath=..').textContent()) ?? '';
    const m = /allocated for ([\d,]+) points \((\d+) series\), 16 B per point/.exec(line);
    expect(m, line).not.toBeNull();
    return Number(m![1]!.replace(/,/g, '')) / Number(m![2]);
  };
  await expect(points).toHaveValue('100000');
  await expect(memory).toHaveText(/^[\d.]+ (KB|MB)$/);
  expect(await perSeries()).toBe(100_000);
  await points.selectOption({ label: '10,000' });
  await expect.poll(perSeries).toBe(10_000);

  await page.reload();
  await expect(region.getByRole('figure', { name: /Chart of .*tank level/ })).toBeVisible();
  await expect(points).toHaveValue('10000');
  await expect.poll(perSeries).toBe(10_000);
});
