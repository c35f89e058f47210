/**
 * The embedded aedes broker under a burst: every QoS 0 message the page keeps up with arrives,
 * as it does from Mosquitto (see the 20,000-message burst in live-view.spec.ts), also when the
 * publisher hangs up right after its last message; and the page's own generator bursts to it
 * without piling up listeners.
 */
import {
  connectFromNode,
  endClient,
  readE2eEnv,
  subscribeFromNode,
  uniqueTopicPrefix,
} from './support/brokers';
import { expect, test } from './support/fixtures';
import { openAndConnect, receivedCount, subscribe, subscriptionItem } from './support/app';

const env = readE2eEnv();

const TOTAL = 10_000;
const TOPICS = 1_000;

test('a burst of 10,000 QoS 0 messages over 1,000 topics from a WebSocket publisher arrives whole', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const prefix = uniqueTopicPrefix(test.info());
  await openAndConnect(page, env.appUrl, env.embeddedWsUrl);
  await subscribe(page, `${prefix}/#`);
  await expect(subscriptionItem(page, `${prefix}/#`)).toContainText('QoS 0');
  // One message first, so the count starts once the subscription is in place.
  const first = await connectFromNode(env.embeddedWsUrl);
  try {
    await first.publishAsync(`${prefix}/ready`, 'ready', { qos: 1 });
  } finally {
    await endClient(first);
  }
  await expect.poll(() => receivedCount(page)).toBe(1);

  // Written as fast as the socket takes them, and the publisher disconnects as soon as the last
  // one is on the wire: what it sent before hanging up must still be delivered.
  const publisher = await connectFromNode(env.embeddedWsUrl);
  try {
    // 500 at a time: mqtt.js adds a 'drain' listener per write it cannot make at once.
    for (let first = 0; first < TOTAL; first += 500) {
      await Promise.all(
        Array.from({ length: 500 }, (_, k) =>
          publisher.publishAsync(`${prefix}/t${(first + k) % TOPICS}`, `{"n":${first + k}}`, {
            qos: 0,
          }),
        ),
      );
    }
  } finally {
    await endClient(publisher);
  }
  await expect.poll(() => receivedCount(page), { timeout: 60_000 }).toBe(1 + TOTAL);
  await expect(page.getByLabel('Messages dropped')).toHaveText('0');
});

test('a generator burst of 10,000 over 1,000 topics reaches a subscriber whole, without a listener warning', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const warnings: string[] = [];
  page.on('console', (msg) => {
    if (/MaxListenersExceeded|memory leak/i.test(msg.text())) warnings.push(msg.text());
  });
  const prefix = uniqueTopicPrefix(test.info());
  const receiver = await subscribeFromNode(env.embeddedTcpUrl, `${prefix}/#`, { qos: 0 });
  try {
    await openAndConnect(page, env.appUrl, env.embeddedWsUrl);
    const publish = page.getByRole('region', { name: 'Publish' });
    await publish.getByRole('textbox', { name: 'Publish topic' }).fill(`${prefix}/d/{{counter}}`);
    await publish.getByRole('combobox', { name: 'Format' }).selectOption('text');
    await publish.getByRole('textbox', { name: 'Payload', exact: true }).fill('{{counter}}');
    await publish.getByRole('combobox', { name: 'Publish QoS' }).selectOption('0');
    await publish
      .getByRole('tablist', { name: 'Publish tools' })
      .getByRole('tab', { name: 'Generator' })
      .click();
    await publish.getByRole('spinbutton', { name: 'Messages' }).fill(String(TOTAL));
    await publish.getByRole('spinbutton', { name: 'Topic count' }).fill(String(TOPICS));
    await publish.getByRole('button', { name: 'Start' }).click();
    await expect(publish.getByRole('status', { name: 'Generator status' })).toContainText(
      /Done: 10,000 of 10,000 messages sent/,
      { timeout: 30_000 },
    );
    const all = await receiver.waitForMessages(TOTAL, { timeoutMs: 30_000 });
    expect(new Set(all.map((m) => m.text)).size).toBe(TOTAL);
    expect(new Set(all.map((m) => m.topic)).size).toBe(TOPICS);
    expect(warnings).toEqual([]);
  } finally {
    await receiver.close();
  }
});
