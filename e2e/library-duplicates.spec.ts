/**
 * The message library does not double: saving under a name and folder that are taken asks
 * whether to replace, and importing messages that are already there offers "Replace", "Keep
 * both" and "Skip", then says how many were added, replaced or skipped. Keyboard only where a
 * person would use it.
 */
import type { Page } from '@playwright/test';
import { readE2eEnv } from './support/brokers';
import { expect, test } from './support/fixtures';

const env = readE2eEnv();

function region(page: Page) {
  return page.getByRole('region', { name: 'Publish' });
}

function libraryTab(page: Page) {
  return region(page)
    .getByRole('tablist', { name: 'Publish tools' })
    .getByRole('tab', { name: 'Library' });
}

function library(page: Page) {
  return region(page).getByRole('group', { name: 'Message library' });
}

async function fillMessage(page: Page, topic: string, payload: string): Promise<void> {
  const r = region(page);
  await r.getByRole('textbox', { name: 'Publish topic' }).fill(topic);
  await r.getByRole('textbox', { name: 'Payload', exact: true }).fill(payload);
}

async function saveToLibrary(page: Page, name: string, folder: string): Promise<void> {
  const r = region(page);
  await r.getByRole('button', { name: 'Save to library' }).click();
  await r.getByRole('textbox', { name: 'Message name' }).fill(name);
  await r.getByRole('combobox', { name: 'Folder' }).fill(folder);
  await r.getByRole('button', { name: 'Save', exact: true }).click();
}

/** Loads a saved message into the form and gives back its topic and payload. */
async function loaded(page: Page, name: string): Promise<[string, string]> {
  const r = region(page);
  await r.getByRole('button', { name: `Load ${name}`, exact: true }).click();
  return [
    await r.getByRole('textbox', { name: 'Publish topic' }).inputValue(),
    await r.getByRole('textbox', { name: 'Payload', exact: true }).inputValue(),
  ];
}

function libraryFile(messages: Array<{ name: string; folder: string; topic: string }>): Buffer {
  return Buffer.from(
    JSON.stringify({
      format: 'brokerscope-message-library',
      version: 1,
      messages: messages.map((m) => ({ ...m, payload: `from ${m.topic}` })),
    }),
  );
}

test('saving under a taken name and folder asks before replacing', async ({ page }) => {
  await page.goto(`${env.appUrl}?broker=${encodeURIComponent(env.mosquittoWsUrl)}`);
  const r = region(page);
  await fillMessage(page, 'plant/motor/set', 'first');
  await saveToLibrary(page, 'motor start', 'motor');
  // The same name in another folder is another message: saved without a question.
  await saveToLibrary(page, 'motor start', 'spare');
  await expect(r.getByRole('status', { name: 'Publish result' })).toHaveText(
    'Saved "motor start" to the library.',
  );

  await fillMessage(page, 'plant/motor/set', 'second');
  await saveToLibrary(page, 'motor start', 'motor');
  const question = r.getByRole('group', { name: 'Replace the saved message?' });
  await expect(question).toContainText(
    '"motor start" is already saved in folder "motor". Replace it with this message?',
  );
  const replace = question.getByRole('button', { name: 'Replace', exact: true });
  await expect(replace).toBeFocused();

  // Cancel (by keyboard): nothing is saved, the form stays for another name.
  await page.keyboard.press('Tab');
  await expect(question.getByRole('button', { name: 'Cancel', exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(question).toBeHidden();
  await expect(r.getByRole('status', { name: 'Save to library result' })).toHaveText(
    /Not saved: "motor start" in folder "motor" is unchanged/,
  );
  await expect(r.getByRole('textbox', { name: 'Message name' })).toBeFocused();
  await r.getByRole('button', { name: 'Cancel', exact: true }).click();
  await libraryTab(page).click();
  await expect(library(page).getByRole('listitem')).toHaveText([/motor start/, /motor start/]);
  await fillMessage(page, 'plant/motor/set', 'second');
  await r.getByRole('button', { name: 'Load motor start' }).first().click();
  await expect(r.getByRole('textbox', { name: 'Payload', exact: true })).toHaveValue('first');

  // Replace (by keyboard): one entry, with the new content.
  await fillMessage(page, 'plant/motor/run', 'second');
  await saveToLibrary(page, 'motor start', 'motor');
  await expect(replace).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(r.getByRole('status', { name: 'Publish result' })).toHaveText(
    'Saved "motor start" to the library.',
  );
  const motor = library(page).getByRole('list', { name: 'motor' });
  await expect(motor.getByRole('listitem')).toHaveCount(1);
  await expect(motor.getByRole('listitem')).toContainText('plant/motor/run');
  await expect(library(page).getByRole('listitem')).toHaveCount(2);
  await fillMessage(page, '', '');
  await motor.getByRole('button', { name: 'Load motor start' }).click();
  await expect(r.getByRole('textbox', { name: 'Payload', exact: true })).toHaveValue('second');

  // Kept that way across a reload.
  await page.reload();
  await libraryTab(page).click();
  await expect(library(page).getByRole('listitem')).toHaveCount(2);
});

test('importing messages that are already there: replace, keep both or skip', async ({ page }) => {
  await page.goto(`${env.appUrl}?broker=${encodeURIComponent(env.mosquittoWsUrl)}`);
  const r = region(page);
  await fillMessage(page, 'plant/motor/set', 'saved');
  await saveToLibrary(page, 'motor start', 'motor');
  await saveToLibrary(page, 'motor stop', 'motor');
  await libraryTab(page).click();
  const items = library(page).getByRole('listitem');
  await expect(items).toHaveCount(2);

  const input = r.getByLabel('Library file to import');
  const file = libraryFile([
    { name: 'motor start', folder: 'motor', topic: 'imported/start' },
    { name: 'door open', folder: 'door', topic: 'imported/door' },
    { name: 'motor stop', folder: 'motor', topic: 'imported/stop' },
  ]);
  const importFile = (name: string) =>
    input.setInputFiles({ name, mimeType: 'application/json', buffer: file });
  const question = r.getByRole('group', { name: 'Messages already in the library' });
  const status = r.getByRole('status').filter({ hasText: /^Import/ });

  // Cancel: nothing changes.
  await importFile('plant.json');
  await expect(question).toContainText(
    '2 of the 3 messages in plant.json are already in the library',
  );
  await expect(question.getByRole('listitem')).toHaveText([
    '"motor start" in folder "motor"',
    '"motor stop" in folder "motor"',
  ]);
  await question.getByRole('button', { name: 'Cancel import' }).click();
  await expect(question).toBeHidden();
  await expect(status).toHaveText('Import of plant.json cancelled, the library is unchanged.');
  await expect(items).toHaveCount(2);

  // Skip: the new message is added, the saved ones stay as they were.
  await importFile('plant.json');
  await question.getByRole('button', { name: 'Skip', exact: true }).click();
  await expect(status).toHaveText(
    'Imported 1 message from plant.json: 1 added, 0 replaced, 2 skipped.',
  );
  await expect(r.getByRole('button', { name: 'Import library' })).toBeFocused();
  await expect(items).toHaveText([/door open/, /motor start/, /motor stop/]);
  expect(await loaded(page, 'motor start')).toEqual(['plant/motor/set', 'saved']);

  // Keep both (by keyboard): the imported ones are added as copies with distinct names.
  await importFile('plant.json');
  await expect(question).toContainText('3 of the 3 messages');
  await expect(question.getByRole('button', { name: 'Replace', exact: true })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(question.getByRole('button', { name: 'Keep both' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(status).toHaveText(
    'Imported 3 messages from plant.json: 3 added, 0 replaced, 0 skipped.',
  );
  await expect(items).toHaveText([
    /door open/,
    /door open \(copy\)/,
    /motor start/,
    /motor start \(copy\)/,
    /motor stop/,
    /motor stop \(copy\)/,
  ]);
  expect(await loaded(page, 'motor start (copy)')).toEqual([
    'imported/start',
    'from imported/start',
  ]);
  expect(await loaded(page, 'motor start')).toEqual(['plant/motor/set', 'saved']);

  // Replace: the saved messages take the imported content; nothing is added.
  await importFile('plant.json');
  await question.getByRole('button', { name: 'Replace', exact: true }).click();
  await expect(status).toHaveText(
    'Imported 3 messages from plant.json: 0 added, 3 replaced, 0 skipped.',
  );
  await expect(items).toHaveCount(6);
  expect(await loaded(page, 'motor start')).toEqual(['imported/start', 'from imported/start']);
  expect(await loaded(page, 'motor stop')).toEqual(['imported/stop', 'from imported/stop']);

  // A file without duplicates is imported without a question.
  await input.setInputFiles({
    name: 'pump.json',
    mimeType: 'application/json',
    buffer: libraryFile([{ name: 'pump on', folder: 'pump', topic: 'imported/pump' }]),
  });
  await expect(status).toHaveText(
    'Imported 1 message from pump.json: 1 added, 0 replaced, 0 skipped.',
  );
  await expect(question).toBeHidden();
  await expect(items).toHaveCount(7);
});

test('renaming a saved message onto another one is refused', async ({ page }) => {
  await page.goto(`${env.appUrl}?broker=${encodeURIComponent(env.mosquittoWsUrl)}`);
  const r = region(page);
  await fillMessage(page, 'plant/door/set', 'open');
  await saveToLibrary(page, 'door open', 'door');
  await saveToLibrary(page, 'door shut', 'door');
  await libraryTab(page).click();
  await r.getByRole('button', { name: 'Edit door shut' }).click();
  await r.getByRole('textbox', { name: 'Name', exact: true }).fill('door open');
  await r.getByRole('button', { name: 'Save changes' }).click();
  await expect(r.getByRole('alert')).toHaveText(
    '"door open" is already saved in folder "door": choose another name or folder.',
  );
  await r.getByRole('textbox', { name: 'Folder', exact: true }).fill('gate');
  await r.getByRole('button', { name: 'Save changes' }).click();
  await expect(library(page).getByRole('heading')).toHaveText(['door', 'gate']);
  await expect(library(page).getByRole('listitem')).toHaveText([/door open/, /door open/]);
});
