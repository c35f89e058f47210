import { publishFromNode, readE2eEnv, uniqueTopicPrefix } from './support/brokers';
import { expect, test } from './support/fixtures';
import { details, openAndConnect, subscribe, treeItem } from './support/app';

const env = readE2eEnv();

test('"Show all" of a 10 MB binary payload draws only the rows in view', async ({ page }) => {
  test.setTimeout(120_000);
  const prefix = uniqueTopicPrefix(test.info());
  // The embedded broker: Mosquitto's WebSocket listener sends large packets slowly.
  await openAndConnect(page, env.appUrl, env.embeddedWsUrl);
  await subscribe(page, `${prefix}/#`);
  const size = 10 * 1024 * 1024;
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 131) % 256;
  await publishFromNode(env.embeddedTcpUrl, `${prefix}/blob`, bytes);
  await treeItem(page, 'blob').click({ timeout: 60_000 });
  const body = details(page);
  await expect(body).toContainText('Showing 65,536 of 10,485,760 bytes');
  await body.getByRole('button', { name: 'Show all' }).click();
  await expect(body).toContainText('All 10,485,760 bytes, 655,360 lines');
  const payload = body.getByRole('region', { name: 'Payload' });
  // The DOM holds the rows in view, not 655,360 of them.
  expect(await payload.locator('div div').count()).toBeLessThan(100);
  await payload.evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(payload).toContainText('009ffff0');
  // The page still answers: another topic opens at once.
  await subscribe(page, `${prefix}/small`);
  await publishFromNode(env.embeddedTcpUrl, `${prefix}/small`, 'hello');
  await treeItem(page, 'small').click();
  await expect(body).toContainText('hello');
});
