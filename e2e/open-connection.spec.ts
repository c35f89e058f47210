import { readE2eEnv } from './support/brokers';
import { expect, test } from './support/fixtures';
import { openAndConnect, subscribe, subscriptionItem } from './support/app';

const env = readE2eEnv();
const LONG = { timeout: 15_000 };

test("the status line and the Publish panel follow the open connection's MQTT version", async ({
  page,
}) => {
  await openAndConnect(page, env.appUrl, env.mosquittoWsUrl, { version: '5.0' });
  const status = page.getByRole('status', { name: 'Connection status' });
  await expect(status).toHaveText(/\(MQTT 5\.0\)$/);
  // The picker is for the next connection: changing it changes nothing while this one is open.
  await page
    .getByRole('region', { name: 'Connection' })
    .getByRole('combobox', { name: 'MQTT version' })
    .selectOption('3.1.1');
  await expect(status).toHaveText(/\(MQTT 5\.0\)$/);
  const publish = page.getByRole('region', { name: 'Publish' });
  await publish.getByText('MQTT 5 properties').click();
  await expect(publish.getByRole('textbox', { name: 'Response topic' })).toBeVisible();
});

test('a command gets its reply even when a muted subscription covers the reply topic', async ({
  page,
}) => {
  // A first visit connects to the embedded broker by itself (MQTT 5) with demo/# subscribed.
  await page.goto(env.appUrl);
  await expect(page.getByRole('status', { name: 'Connection status' })).toHaveText(
    /^Connected/,
    LONG,
  );
  const demo = subscriptionItem(page, 'demo/#');
  await expect(demo).toContainText('QoS 0');
  await demo.getByRole('button', { name: 'Mute demo/#' }).click();

  // MQTT 3.1.1: the device answers on demo/plant/line1/motor/set/reply, inside demo/#.
  const connection = page.getByRole('region', { name: 'Connection' });
  await connection.getByRole('button', { name: 'Disconnect' }).click();
  await connection.getByRole('combobox', { name: 'MQTT version' }).selectOption('3.1.1');
  await connection.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Connection status' })).toHaveText(
    /^Connected/,
    LONG,
  );
  await subscribe(page, 'unrelated/#');
  const publish = page.getByRole('region', { name: 'Publish' });
  await publish.getByRole('textbox', { name: 'Publish topic' }).fill('demo/plant/line1/motor/set');
  await publish.getByRole('combobox', { name: 'Format' }).selectOption('json');
  await publish.getByRole('textbox', { name: 'Payload', exact: true }).fill('{"rpm": 1500}');
  await publish
    .getByRole('tablist', { name: 'Publish tools' })
    .getByRole('tab', { name: 'Command' })
    .click();
  await publish.getByRole('button', { name: 'Send command' }).click();
  const result = publish.getByRole('status', { name: 'Command result' });
  await expect(result).toContainText(
    /Reply on demo\/plant\/line1\/motor\/set\/reply in \d+ ms/,
    LONG,
  );
  await expect(result).toContainText('"rpm":1500');
  // The mute still holds for everything else.
  await expect(demo).toContainText('muted');
});
