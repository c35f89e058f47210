import { readE2eEnv, subscribeFromNode, uniqueTopicPrefix } from './support/brokers';
import { expect, test } from './support/fixtures';
import { openAndConnect } from './support/app';

const env = readE2eEnv();

test('Load file… takes a multi-MB payload: text as text, binary as base64; it publishes whole', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const prefix = uniqueTopicPrefix(test.info());
  const receiver = await subscribeFromNode(env.embeddedTcpUrl, `${prefix}/#`, { qos: 1 });
  try {
    await openAndConnect(page, env.appUrl, env.embeddedWsUrl);
    const publish = page.getByRole('region', { name: 'Publish' });
    await publish.getByRole('combobox', { name: 'Format' }).selectOption('text');
    const text = 'line of text é\n'.repeat(200_000);
    await publish.getByLabel('Payload file').setInputFiles({
      name: 'big.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from(text, 'utf8'),
    });
    await expect(publish.getByRole('status').filter({ hasText: 'Loaded big.txt' })).toBeVisible();
    await expect(publish).toContainText('not kept across reloads');
    await publish.getByRole('textbox', { name: 'Publish topic' }).fill(`${prefix}/file`);
    await publish.getByRole('combobox', { name: 'Publish QoS' }).selectOption('1');
    await publish.getByRole('button', { name: 'Publish', exact: true }).click();
    await expect(publish.getByRole('status', { name: 'Publish result' })).toContainText(
      'Acknowledged',
      { timeout: 30_000 },
    );
    await expect.poll(() => receiver.messages.length, { timeout: 30_000 }).toBe(1);
    expect(receiver.messages[0]!.payload.equals(Buffer.from(text, 'utf8'))).toBe(true);

    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff, 0x00, 0x10]);
    await publish.getByLabel('Payload file').setInputFiles({
      name: 'image.bin',
      mimeType: 'application/octet-stream',
      buffer: bytes,
    });
    await expect(publish.getByRole('combobox', { name: 'Format' })).toHaveValue('base64');
    await expect(publish.getByRole('textbox', { name: 'Payload', exact: true })).toHaveValue(
      bytes.toString('base64'),
    );
  } finally {
    await receiver.close();
  }
});
