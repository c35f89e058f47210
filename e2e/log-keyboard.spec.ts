/**
 * The message log from the keyboard: one tab stop, arrows, Home/End and PageUp/PageDown move
 * the active row, Enter opens it in "Message details"; while messages keep arriving, the message
 * someone looks at stays selected and in view.
 */
import type { Page } from '@playwright/test';
import {
  connectFromNode,
  endClient,
  readE2eEnv,
  sleep,
  uniqueTopicPrefix,
} from './support/brokers';
import { expect, test } from './support/fixtures';
import {
  details,
  messageLog,
  openAndConnect,
  receivedCount,
  subscribe,
  subscriptionItem,
} from './support/app';

const env = readE2eEnv();

const pad = (i: number) => String(i).padStart(2, '0');

/** Publishes `reading-00` … on topics `<prefix>/n00` …, oldest first, from one client. */
async function publishReadings(prefix: string, count: number): Promise<void> {
  const client = await connectFromNode(env.mosquittoTcpUrl);
  try {
    for (let i = 0; i < count; i++) {
      await client.publishAsync(`${prefix}/n${pad(i)}`, `reading-${pad(i)}`, { qos: 1 });
    }
  } finally {
    await endClient(client);
  }
}

async function showReadings(page: Page, prefix: string, count: number): Promise<void> {
  await openAndConnect(page, env.appUrl, env.mosquittoWsUrl);
  await subscribe(page, `${prefix}/#`);
  await expect(subscriptionItem(page, `${prefix}/#`)).toContainText('QoS 0');
  await publishReadings(prefix, count);
  await expect(messageLog(page).getByRole('listitem').first()).toContainText(
    `reading-${pad(count - 1)}`,
  );
}

function row(page: Page, payload: string) {
  return messageLog(page).getByRole('listitem').filter({ hasText: payload });
}

/** The focused row of the log. */
function focusedRow(page: Page) {
  return messageLog(page).getByRole('listitem').and(page.locator(':focus'));
}

test('the message log has one tab stop; keys move the active row and Enter opens it', async ({
  page,
}) => {
  const prefix = uniqueTopicPrefix(test.info());
  await showReadings(page, prefix, 60);
  const messages = page.getByRole('region', { name: 'Messages' });

  // Tab from the last control of the toolbar lands on the newest message.
  await messages.getByRole('button', { name: 'Export shown messages as CSV' }).focus();
  await page.keyboard.press('Tab');
  await expect(row(page, 'reading-59')).toBeFocused();

  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(row(page, 'reading-57')).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(row(page, 'reading-58')).toBeFocused();

  // End goes to the oldest message, far below the first screen, and shows it.
  await page.keyboard.press('End');
  await expect(row(page, 'reading-00')).toBeFocused();
  await expect(row(page, 'reading-00')).toBeInViewport();
  await page.keyboard.press('Home');
  await expect(row(page, 'reading-59')).toBeFocused();
  await expect(row(page, 'reading-59')).toBeInViewport();

  // PageDown moves by a screenful (more than a few rows), and keeps the row in view.
  await page.keyboard.press('PageDown');
  await expect(focusedRow(page)).toHaveCount(1);
  const pagePosition = Number(await focusedRow(page).getAttribute('aria-posinset'));
  expect(pagePosition).toBeGreaterThan(5);
  await expect(focusedRow(page)).toBeInViewport();
  await page.keyboard.press('PageDown');
  await expect(focusedRow(page)).toHaveAttribute('aria-posinset', String(2 * pagePosition - 1));
  await expect(focusedRow(page)).toBeInViewport();
  await page.keyboard.press('PageUp');
  await expect(focusedRow(page)).toHaveAttribute('aria-posinset', String(pagePosition));

  // Enter opens the active message in the details.
  const n = pad(60 - pagePosition);
  await expect(focusedRow(page)).toContainText(`reading-${n}`);
  await page.keyboard.press('Enter');
  await expect(details(page)).toContainText(`${prefix}/n${n}`);
  await expect(details(page).getByLabel('Payload')).toHaveText(`reading-${n}`);
  await expect(row(page, `reading-${n}`)).toHaveAttribute('aria-current', 'true');

  // One tab stop: Tab leaves the log, Shift+Tab comes back to the same row.
  await page.keyboard.press('Tab');
  await expect(focusedRow(page)).toHaveCount(0);
  await page.keyboard.press('Shift+Tab');
  await expect(row(page, `reading-${n}`)).toBeFocused();

  // Space opens a message too; a click makes the clicked row the active one.
  await page.keyboard.press('ArrowUp');
  const up = pad(60 - pagePosition + 1);
  await expect(row(page, `reading-${up}`)).toBeFocused();
  await page.keyboard.press(' ');
  await expect(details(page).getByLabel('Payload')).toHaveText(`reading-${up}`);
  const clicked = pad(60 - pagePosition - 2);
  await row(page, `reading-${clicked}`).click();
  await expect(row(page, `reading-${clicked}`)).toBeFocused();
  await expect(details(page).getByLabel('Payload')).toHaveText(`reading-${clicked}`);
  await page.keyboard.press('ArrowDown');
  await expect(row(page, `reading-${pad(60 - pagePosition - 3)}`)).toBeFocused();

  // With a text filter the keys move among the matching messages only.
  await messages.getByRole('searchbox', { name: 'Filter by text' }).fill('reading-1');
  await expect(messageLog(page).getByRole('listitem')).toHaveCount(10);
  await row(page, 'reading-15').click();
  await page.keyboard.press('End');
  await expect(row(page, 'reading-10')).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await expect(details(page).getByLabel('Payload')).toHaveText('reading-11');
});

test('while messages keep arriving, the selected message stays selected and in view', async ({
  page,
}) => {
  const prefix = uniqueTopicPrefix(test.info());
  await showReadings(page, prefix, 30);
  const messages = page.getByRole('region', { name: 'Messages' });

  const publisher = await connectFromNode(env.mosquittoTcpUrl);
  let sent = 0;
  let stopped = false;
  const sending = (async () => {
    while (!stopped) {
      await publisher.publishAsync(`${prefix}/live`, `live-${sent++}`);
      await sleep(40);
    }
  })();
  try {
    await expect(messageLog(page).getByRole('listitem').first()).toContainText('live-');

    // Into the log with Tab; End, then up to an older reading, and open it with Enter.
    await messages.getByRole('button', { name: 'Export shown messages as CSV' }).focus();
    await page.keyboard.press('Tab');
    await expect(focusedRow(page)).toContainText('live-');
    await expect(messages).toContainText('Following paused');
    await page.keyboard.press('End');
    await expect(row(page, 'reading-00')).toBeFocused();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowUp');
    await expect(row(page, 'reading-03')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(details(page).getByLabel('Payload')).toHaveText('reading-03');

    // Messages keep arriving and are counted; the same message stays selected and in view.
    const before = await receivedCount(page);
    await expect.poll(() => receivedCount(page)).toBeGreaterThan(before + 20);
    const selected = row(page, 'reading-03');
    await expect(selected).toHaveAttribute('aria-current', 'true');
    await expect(selected).toBeFocused();
    await expect(selected).toBeInViewport();
    await expect(details(page)).toContainText(`${prefix}/n03`);
    await expect(details(page).getByLabel('Payload')).toHaveText('reading-03');
    await expect(messages).toContainText('Following paused while you look at a message');

    // The keys still move from that message.
    await page.keyboard.press('ArrowUp');
    await expect(row(page, 'reading-04')).toBeFocused();
    await expect(row(page, 'reading-04')).toBeInViewport();

    // Resume follows the newest again.
    await messages.getByRole('button', { name: 'Resume' }).click();
    await expect(messages).not.toContainText('Following paused');
    const newest = `live-${sent - 1}`;
    await expect
      .poll(async () => {
        const text = (await messageLog(page).getByRole('listitem').first().textContent()) ?? '';
        return Number(/live-(\d+)/.exec(text)?.[1] ?? -1);
      })
      .toBeGreaterThanOrEqual(Number(newest.slice(5)));
    await expect(messages.getByRole('button', { name: 'Pause' })).toBeVisible();
  } finally {
    stopped = true;
    await sending;
    await endClient(publisher);
  }
});

test('the first click on a row of a flowing log opens that message', async ({ page }) => {
  // A first visit: the embedded broker's demo plant keeps the log moving.
  await page.goto(env.appUrl);
  await expect(page.getByRole('status', { name: 'Connection status' })).toHaveText(/^Connected/, {
    timeout: 15_000,
  });
  const rows = messageLog(page).getByRole('listitem');
  await expect.poll(() => rows.count()).toBeGreaterThan(5);
  // The row is followed as an element (new rows keep arriving above it), by its own text.
  const target = (await rows.nth(3).elementHandle())!;
  const targetText = ((await target.textContent()) ?? '').trim();
  expect(targetText).not.toBe('');
  await target.click();
  await expect(details(page)).toBeVisible();
  // The clicked row is the one selected, and the details show its topic.
  const clicked = rows.filter({ hasText: targetText });
  await expect(clicked).toHaveAttribute('aria-current', 'true');
  const shownTopic = (await details(page).locator('code').first().textContent()) ?? '';
  expect(shownTopic).not.toBe('');
  await expect(clicked).toContainText(shownTopic);
});
