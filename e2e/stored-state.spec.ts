/**
 * Stored state that cannot be read never stops the app: each key holding a value the app did
 * not write is reset with a notice that says what was reset, and the rest starts as usual. A
 * browser whose storage is full makes a save say it was not kept, and what to do. A 20,000-message
 * library import is kept whole across a reload, or (storage full) refused whole.
 */
import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { subscribe } from './support/app';
import { readE2eEnv } from './support/brokers';
import { expect, test } from './support/fixtures';

const env = readE2eEnv();
const pageUrl = `${env.appUrl}?broker=${encodeURIComponent(env.mosquittoWsUrl)}`;

/** Every key the app keeps, and the notice its unreadable value gives. */
const KEYS: Array<[string, string]> = [
  ['brokerscope.connection', 'The saved connection form could not be read and was reset.'],
  ['brokerscope.profiles', 'Saved connection profiles could not be read and were reset.'],
  [
    'brokerscope.autoConnect',
    'The saved choice to connect on opening could not be read and was reset.',
  ],
  ['brokerscope.subscriptions', 'Saved subscriptions could not be read and were reset.'],
  ['brokerscope.publishDraft', 'The saved publish form could not be read and was reset.'],
  ['brokerscope.publishHistory', 'The saved publish history could not be read and was reset.'],
  ['brokerscope.messageLibrary', 'The saved message library could not be read and was reset.'],
  ['brokerscope.charts', 'Saved charts could not be read and were reset.'],
  [
    'brokerscope.limits',
    'The saved memory limits could not be read and were reset to the defaults.',
  ],
  ['brokerscope.theme', 'The saved theme could not be read and was reset.'],
  [
    'brokerscope.keepDataAcrossConnections',
    'The saved choice "Keep data across connections" could not be read and was reset.',
  ],
];

const BAD_VALUES = ['null', '42', '"text"', '[1,"two",{}]'];

/** Writes `text` under `key` before the app's own scripts run, on every load of the page. */
async function plant(page: Page, key: string, text: string): Promise<void> {
  await page.addInitScript(([k, t]) => localStorage.setItem(k, t), [key, text] as const);
}

function notices(page: Page) {
  return page.getByRole('region', { name: 'Notices' });
}

function publishRegion(page: Page) {
  return page.getByRole('region', { name: 'Publish' });
}

function libraryTab(page: Page) {
  return publishRegion(page)
    .getByRole('tablist', { name: 'Publish tools' })
    .getByRole('tab', { name: 'Library' });
}

function libraryFile(count: number): Buffer {
  return Buffer.from(
    JSON.stringify({
      format: 'brokerscope-message-library',
      version: 1,
      messages: Array.from({ length: count }, (_, i) => ({
        name: `message ${i}`,
        folder: `folder ${i % 10}`,
        topic: `plant/line/${i}`,
        payload: `{"n": ${i}}`,
      })),
    }),
  );
}

for (const [key, resetText] of KEYS) {
  test(`an unreadable ${key} is reset with a notice and the app starts`, async ({ page }) => {
    // Whether to connect by itself is read only when no ?broker= says where to.
    const url = key === 'brokerscope.autoConnect' ? env.appUrl : pageUrl;
    for (const bad of BAD_VALUES) {
      await plant(page, key, bad);
      await page.goto(url);
      await expect(
        page.getByRole('region', { name: 'Connection' }),
        `Connection panel with ${key} = ${bad}`,
      ).toBeVisible();
      await expect(
        page.getByRole('textbox', { name: 'Broker URL' }),
        `the page works with ${key} = ${bad}`,
      ).toHaveValue(url === pageUrl ? env.mosquittoWsUrl : /\/mqtt$/);
      await expect(notices(page).getByRole('status'), `notice for ${key} = ${bad}`).toHaveText(
        resetText,
      );
    }
    // The notice can be put away.
    await notices(page).getByRole('button', { name: 'Dismiss' }).click();
    await expect(notices(page)).toBeHidden();
  });
}

test('a value dropped once stays dropped; the readable part of a list is kept', async ({
  page,
}) => {
  // Written once, before the first load only.
  await page.addInitScript(() => {
    if (sessionStorage.getItem('planted')) return;
    sessionStorage.setItem('planted', 'yes');
    localStorage.setItem('brokerscope.theme', '"dark"');
    localStorage.setItem(
      'brokerscope.connection',
      '{"__proto__": {"polluted": true}, "form": {"url": "ws://elsewhere/mqtt"}}',
    );
    localStorage.setItem(
      'brokerscope.profiles',
      JSON.stringify([
        { name: 'Plant', form: { url: 'ws://plant.example/mqtt' }, rememberPassword: false },
        { name: 'Broken', form: { url: 42 } },
      ]),
    );
  });
  await page.goto(env.appUrl);
  const connection = page.getByRole('region', { name: 'Connection' });
  await expect(notices(page).getByRole('status')).toHaveText([
    'The saved connection form could not be read and was reset.',
    '1 of 2 saved connection profiles could not be read and was left out.',
  ]);
  expect(await page.evaluate(() => ({}) as Record<string, unknown>)).toEqual({});
  expect(await page.evaluate(() => (Object.prototype as Record<string, unknown>).polluted)).toBe(
    undefined,
  );
  // The rest starts as stored: the theme, the readable profile.
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(connection.getByRole('combobox', { name: 'Saved profiles' })).toContainText('Plant');
  await expect(connection.getByRole('combobox', { name: 'Saved profiles' })).not.toContainText(
    'Broken',
  );

  await page.reload();
  await expect(connection).toBeVisible();
  await expect(notices(page)).toBeHidden();
});

test('with the storage full, Save profile, Subscribe and Apply limits say they were not saved', async ({
  page,
}) => {
  await page.addInitScript(() => {
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key: string, value: string) {
      if (key.startsWith('brokerscope.')) {
        throw new DOMException(
          `Failed to set the '${key}' property on 'Storage': Setting the value exceeded the quota.`,
          'QuotaExceededError',
        );
      }
      setItem.call(this, key, value);
    };
  });
  await page.goto(pageUrl);
  const connection = page.getByRole('region', { name: 'Connection' });
  await expect(connection).toBeVisible();
  const alerts = notices(page).getByRole('alert');

  page.once('dialog', (dialog) => void dialog.accept('Plant'));
  await connection.getByRole('button', { name: 'Save profile' }).click();
  await expect(alerts.filter({ hasText: 'The profile "Plant"' })).toHaveText(
    'The profile "Plant" could not be saved: this browser\'s storage is full. It can be used ' +
      'until you close this page; to keep it, delete saved profiles or charts you no longer ' +
      'need, then save it again.',
  );

  await subscribe(page, 'plant/#');
  await expect(alerts.filter({ hasText: 'Your subscriptions' })).toHaveText(
    /^Your subscriptions could not be saved: this browser's storage is full\. They stay active until you close this page/,
  );

  await page.getByRole('button', { name: 'Settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Memory limits' });
  await dialog.getByLabel('History per topic (messages)').fill('5');
  await dialog.getByRole('button', { name: 'Apply limits' }).click();
  await expect(alerts.filter({ hasText: 'The memory limits' })).toHaveText(
    /^The memory limits could not be saved: this browser's storage is full\. They apply until you close this page/,
  );

  // Each says so once; dismissing one leaves the others.
  await alerts
    .filter({ hasText: 'The memory limits' })
    .locator('..')
    .getByRole('button', { name: 'Dismiss' })
    .click();
  await expect(alerts.filter({ hasText: 'The memory limits' })).toHaveCount(0);
  await expect(alerts.filter({ hasText: 'The profile "Plant"' })).toHaveCount(1);
});

test('a 20,000-message library import is kept whole across a reload', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(pageUrl);
  const r = publishRegion(page);
  await libraryTab(page).click();
  await r.getByLabel('Library file to import').setInputFiles({
    name: 'big.json',
    mimeType: 'application/json',
    buffer: libraryFile(20_000),
  });
  await expect(r.getByRole('status').filter({ hasText: /^Imported/ })).toHaveText(
    'Imported 20000 messages from big.json: 20000 added, 0 replaced, 0 skipped.',
    { timeout: 60_000 },
  );

  await page.reload();
  await libraryTab(page).click();
  const library = r.getByRole('group', { name: 'Message library' });
  await expect(library.getByRole('listitem')).toHaveCount(20_000, { timeout: 60_000 });
  await r.getByRole('button', { name: 'Load message 19999', exact: true }).click();
  await expect(r.getByRole('textbox', { name: 'Publish topic' })).toHaveValue('plant/line/19999');

  const downloadPromise = page.waitForEvent('download');
  await r.getByRole('button', { name: 'Export library' }).click();
  const exported = JSON.parse(fs.readFileSync((await (await downloadPromise).path())!, 'utf8'));
  expect(exported.messages).toHaveLength(20_000);
});

test('with the browser database full, a library import is refused whole', async ({ page }) => {
  test.setTimeout(120_000);
  await page.addInitScript(() => {
    // The database takes 1,000 records, then its storage is full.
    const put = IDBObjectStore.prototype.put;
    let puts = 0;
    IDBObjectStore.prototype.put = function (
      this: IDBObjectStore,
      value: unknown,
      key?: IDBValidKey,
    ) {
      if (this.name === 'library' && ++puts > 1_000) {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      }
      return put.call(this, value, key);
    };
  });
  await page.goto(pageUrl);
  const r = publishRegion(page);
  await r.getByRole('textbox', { name: 'Publish topic' }).fill('plant/kept');
  await r.getByRole('button', { name: 'Save to library' }).click();
  await r.getByRole('textbox', { name: 'Message name' }).fill('kept');
  await r.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(r.getByRole('status', { name: 'Publish result' })).toHaveText(
    'Saved "kept" to the library.',
  );

  await libraryTab(page).click();
  await r.getByLabel('Library file to import').setInputFiles({
    name: 'big.json',
    mimeType: 'application/json',
    buffer: libraryFile(20_000),
  });
  const refusal =
    "The import of big.json could not be saved: this browser's storage is full. Nothing of it " +
    'was added. Delete entries you no longer need, then import it again.';
  await expect(r.getByRole('alert')).toHaveText(
    `Import failed, the library is unchanged: ${refusal}`,
    { timeout: 60_000 },
  );
  await expect(notices(page).getByRole('alert')).toHaveText(refusal);
  const library = r.getByRole('group', { name: 'Message library' });
  await expect(library.getByRole('listitem')).toHaveText([/kept/]);

  await page.reload();
  await libraryTab(page).click();
  await expect(library.getByRole('listitem')).toHaveText([/kept/]);
});
