import { readE2eEnv, subscribeFromNode, uniqueTopicPrefix } from './support/brokers';
import { expect, test } from './support/fixtures';
import { openAndConnect } from './support/app';

const env = readE2eEnv();

test('the packet timeline shows the handshake of a QoS 2 publish', async ({ page }) => {
  const prefix = uniqueTopicPrefix(test.info());
  const topic = `${prefix}/exactly-once`;
  const watcher = await subscribeFromNode(env.mosquittoTcpUrl, topic, { qos: 2 });
  try {
    await openAndConnect(page, env.appUrl, env.mosquittoWsUrl);
    const packets = page.getByRole('region', { name: 'Packets' });
    await packets.getByRole('button', { name: 'Show packets' }).click();
    const log = packets.getByRole('list', { name: 'Packet log' });

    // The handshake happened before the timeline opened: reconnect to see it.
    await packets.getByRole('button', { name: 'Reconnect to capture the handshake' }).click();
    await expect(
      log.getByRole('listitem').filter({ hasText: /in CONNACK .*new session/ }),
    ).toHaveCount(1);

    const publish = page.getByRole('region', { name: 'Publish' });
    await publish.getByRole('textbox', { name: 'Publish topic' }).fill(topic);
    await publish.getByRole('combobox', { name: 'Format' }).selectOption('Text');
    await publish.getByRole('textbox', { name: 'Payload' }).fill('once and only once');
    await publish.getByRole('combobox', { name: 'Publish QoS' }).selectOption('2');
    await publish.getByRole('button', { name: 'Publish', exact: true }).click();
    await expect(publish.getByRole('status', { name: 'Publish result' })).toContainText('PUBCOMP');
    const [received] = await watcher.waitForMessages(1);
    expect(received?.text).toBe('once and only once');

    const publishRow = log
      .getByRole('listitem')
      .filter({ hasText: new RegExp(`out PUBLISH id \\d+ topic ${topic} · QoS 2`) });
    await expect(publishRow).toHaveCount(1);
    const id = /PUBLISH id (\d+)/.exec((await publishRow.textContent()) ?? '')?.[1];
    expect(id).toBeDefined();
    for (const [direction, type] of [
      ['in', 'PUBREC'],
      ['out', 'PUBREL'],
      ['in', 'PUBCOMP'],
    ]) {
      await expect(
        log
          .getByRole('listitem')
          .filter({ hasText: new RegExp(`${direction} ${type} id ${id}\\b`) }),
      ).toHaveCount(1);
    }

    // Filter by type: only the PUBREC rows stay.
    await packets.getByRole('combobox', { name: 'Packet type' }).selectOption('PUBREC');
    await expect(log.getByRole('listitem')).toHaveCount(1);
    await expect(log.getByRole('listitem')).toContainText(`PUBREC id ${id}`);
    await packets.getByRole('combobox', { name: 'Packet type' }).selectOption('All');

    // Paused: a new publish does not show up.
    await packets.getByRole('button', { name: 'Pause' }).click();
    await publish.getByRole('textbox', { name: 'Payload' }).fill('while paused');
    await publish.getByRole('button', { name: 'Publish', exact: true }).click();
    await watcher.waitForMessages(2);
    await expect(packets).toContainText(/Paused: new packets are not kept \([1-9]/);
    await expect(
      log
        .getByRole('listitem')
        .filter({ hasText: new RegExp(`out PUBLISH id \\d+ topic ${topic}`) }),
    ).toHaveCount(1);
  } finally {
    await watcher.close();
  }
});
