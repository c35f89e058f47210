import fs from 'node:fs';
import { publishFromNode, readE2eEnv, uniqueTopicPrefix } from './support/brokers';
import { expect, test } from './support/fixtures';
import { details, openAndConnect, subscribe, treeItem } from './support/app';

const env = readE2eEnv();

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

test('JSON is indented from its own text: big, decimal and huge numbers read as sent', async ({
  page,
}) => {
  const prefix = uniqueTopicPrefix(test.info());
  await openAndConnect(page, env.appUrl, env.mosquittoWsUrl);
  await subscribe(page, `${prefix}/#`);
  await publishFromNode(
    env.mosquittoTcpUrl,
    `${prefix}/numbers`,
    '{"big": 12345678901234567890, "f": 1.10, "e": 1e400}',
  );
  await treeItem(page, 'numbers').click();
  const body = details(page);
  await expect(body).toContainText('"big": 12345678901234567890');
  await expect(body).toContainText('"f": 1.10');
  await expect(body).toContainText('"e": 1e400');
  await expect(body).not.toContainText('12345678901234567000');
});

test('Copy payload copies the whole payload, not the part on screen; Download saves the bytes', async ({
  page,
}) => {
  const prefix = uniqueTopicPrefix(test.info());
  await openAndConnect(page, env.appUrl, env.mosquittoWsUrl);
  await subscribe(page, `${prefix}/#`);
  // 150 KB of text: the view shows the first 64 KB.
  const big = 'ab€'.repeat(30_000) + 'END';
  await publishFromNode(env.mosquittoTcpUrl, `${prefix}/big`, big);
  await treeItem(page, 'big').click();
  const body = details(page);
  await expect(body.getByText(/Showing [\d,]+ of [\d,]+ bytes/)).toBeVisible();
  await body.getByRole('button', { name: 'Copy payload' }).click();
  await expect(body.getByRole('status', { name: 'Copy result' })).toContainText('as text');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied.length).toBe(big.length);
  expect(copied === big).toBe(true);

  const downloading = page.waitForEvent('download');
  await body.getByRole('button', { name: 'Download payload' }).click();
  const download = await downloading;
  const saved = fs.readFileSync((await download.path())!);
  expect(saved.length).toBe(Buffer.byteLength(big));
  expect(saved.equals(Buffer.from(big, 'utf8'))).toBe(true);
});

test('a binary payload copies as hex or base64 of every byte', async ({ page }) => {
  const prefix = uniqueTopicPrefix(test.info());
  await openAndConnect(page, env.appUrl, env.mosquittoWsUrl);
  await subscribe(page, `${prefix}/#`);
  const bytes = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 37) % 256));
  await publishFromNode(env.mosquittoTcpUrl, `${prefix}/blob`, bytes);
  await treeItem(page, 'blob').click();
  const body = details(page);
  await body.getByRole('button', { name: 'Copy payload' }).click();
  await expect(body.getByRole('status', { name: 'Copy result' })).toContainText('as hex');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(bytes.toString('hex'));
  await body.getByRole('button', { name: 'Copy as base64' }).click();
  await expect(body.getByRole('status', { name: 'Copy result' })).toContainText('as base64');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(bytes.toString('base64'));
});
