/**
 * The app against the run's real RabbitMQ (Debian's 3.10, started by the global setup in the
 * background), on its own Web MQTT URL: MQTT 3.1.1 with a round trip and a QoS granted lower than
 * asked; what it answers an MQTT 5.0 CONNECT (a close 1011, no CONNACK) and a wrong password (a
 * close 1002), and the switch to 3.1.1; an MQTT publish from the app consumed over AMQP with its
 * routing key, and an AMQP publish in the topic tree under the mapped topic.
 */
import type { Page } from '@playwright/test';
import amqp from 'amqplib';
import { rabbitmqEnv, readE2eEnv, uniqueTopicPrefix, type RabbitmqE2eEnv } from './support/brokers';
import { expect, test } from './support/fixtures';
import { details, messageLog, subscribe, subscriptionItem, treeItem } from './support/app';

const env = readE2eEnv();
const LONG = { timeout: 15_000 };
/** RabbitMQ starts in the background of the run (5-30 s): the first spec may wait for it. */
const RABBITMQ_WAIT_MS = 150_000;

let rabbit: RabbitmqE2eEnv;
test.beforeAll(async () => {
  test.setTimeout(RABBITMQ_WAIT_MS);
  rabbit = await rabbitmqEnv();
});

function connection(page: Page) {
  return page.getByRole('region', { name: 'Connection' });
}

function connectionStatus(page: Page) {
  return page.getByRole('status', { name: 'Connection status' });
}

/** Opens the app (the embedded broker's server) with RabbitMQ's Web MQTT URL, and connects. */
async function connectToRabbitmq(
  page: Page,
  opts: { version: '3.1.1' | '5.0'; username?: string; password?: string },
): Promise<void> {
  await page.goto(`${env.appUrl}?broker=${encodeURIComponent(rabbit.webMqttUrl)}`);
  const region = connection(page);
  await expect(region.getByRole('textbox', { name: 'Broker URL' })).toHaveValue(rabbit.webMqttUrl);
  await region.getByRole('combobox', { name: 'MQTT version' }).selectOption(opts.version);
  if (opts.username) await region.getByRole('textbox', { name: 'Username' }).fill(opts.username);
  if (opts.password) await region.getByLabel('Password', { exact: true }).fill(opts.password);
  await region.getByRole('button', { name: 'Connect', exact: true }).click();
}

/** It stays disconnected: no reconnect attempt in `ms`. */
async function staysDisconnected(page: Page, ms: number): Promise<void> {
  const status = connectionStatus(page);
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    await expect(status).toHaveText(/^Disconnected: /);
    await page.waitForTimeout(250);
  }
  await expect(
    connection(page).getByRole('button', { name: 'Connect', exact: true }),
  ).toBeVisible();
  await expect(connection(page)).not.toContainText('reconnected');
}

async function publishFromApp(page: Page, topic: string, payload: string, qos: 0 | 1 | 2) {
  const region = page.getByRole('region', { name: 'Publish' });
  await region.getByRole('textbox', { name: 'Publish topic' }).fill(topic);
  await region.getByRole('combobox', { name: 'Format' }).selectOption('text');
  await region.getByRole('textbox', { name: 'Payload', exact: true }).fill(payload);
  await region.getByRole('combobox', { name: 'Publish QoS' }).selectOption(String(qos));
  await region.getByRole('checkbox', { name: 'Retain' }).setChecked(false);
  await region.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(region.getByRole('status', { name: 'Publish result' })).toContainText(
    /Acknowledged|Sent/,
    LONG,
  );
}

/** An AMQP connection with an exclusive queue bound to `bindingKey` on amq.topic. */
async function amqpQueue(bindingKey: string) {
  const connectionToRabbit = await amqp.connect(rabbit.amqpUrl);
  const channel = await connectionToRabbit.createChannel();
  const { queue } = await channel.assertQueue('', { exclusive: true });
  await channel.bindQueue(queue, 'amq.topic', bindingKey);
  const messages: amqp.ConsumeMessage[] = [];
  await channel.consume(queue, (m) => void (m && messages.push(m)), { noAck: true });
  return { channel, messages, close: () => connectionToRabbit.close() };
}

test('MQTT 3.1.1 to RabbitMQ: QoS 1 (asked 2), a round trip, the app’s publish consumed over AMQP, an AMQP publish in the tree', async ({
  page,
}) => {
  const prefix = uniqueTopicPrefix(test.info());
  const routingPrefix = prefix.replaceAll('/', '.');
  const consumer = await amqpQueue(`${routingPrefix}.#`);
  try {
    await connectToRabbitmq(page, { version: '3.1.1' });
    await expect(connectionStatus(page)).toHaveText(
      `Connected to ${rabbit.webMqttUrl} (MQTT 3.1.1)`,
      LONG,
    );

    await subscribe(page, `${prefix}/#`, 2);
    // RabbitMQ grants QoS 2 as QoS 1; the page says what it asked for.
    await expect(subscriptionItem(page, `${prefix}/#`)).toContainText('QoS 1 (asked 2)', LONG);

    await publishFromApp(page, `${prefix}/plant/line1/temperature`, '{"celsius": 21.5}', 1);
    await expect(
      messageLog(page)
        .getByRole('listitem')
        .filter({ hasText: `${prefix}/plant/line1/temperature` }),
    ).toHaveCount(1, LONG);

    // The same publish, as an AMQP consumer reads it: amq.topic, / written as ., persistent.
    await expect.poll(() => consumer.messages.length, LONG).toBe(1);
    const [seen] = consumer.messages;
    expect(seen?.fields.exchange).toBe('amq.topic');
    expect(seen?.fields.routingKey).toBe(`${routingPrefix}.plant.line1.temperature`);
    expect(seen?.properties.deliveryMode).toBe(2);
    expect(seen?.properties.headers).toMatchObject({ 'x-mqtt-publish-qos': 1 });
    expect(seen?.content.toString()).toBe('{"celsius": 21.5}');

    // And the other way: an AMQP publish to amq.topic, in the tree under the mapped topic.
    consumer.channel.publish(
      'amq.topic',
      `${routingPrefix}.orders.created`,
      Buffer.from('{"order": "o-17"}'),
      { persistent: true, contentType: 'application/json', appId: 'e2e-amqp' },
    );
    await treeItem(page, 'created').click();
    await expect(details(page)).toContainText(`${prefix}/orders/created`);
    await expect(details(page).getByLabel('Payload')).toContainText('"o-17"');
  } finally {
    await consumer.close();
  }
});

test('MQTT 5.0 to RabbitMQ: the close is explained, no retry, and the switch to 3.1.1 connects', async ({
  page,
}) => {
  await connectToRabbitmq(page, { version: '5.0' });
  await expect(connectionStatus(page)).toHaveText(
    "Disconnected: the broker closed the connection without answering MQTT 5.0; it may speak only MQTT 3.1.1 (RabbitMQ's Web MQTT before 3.13 does) Not retrying: the broker would give the same answer.",
    LONG,
  );
  await staysDisconnected(page, 2000);

  await connection(page).getByRole('button', { name: 'Switch to MQTT 3.1.1 and retry' }).click();
  await expect(connectionStatus(page)).toHaveText(
    `Connected to ${rabbit.webMqttUrl} (MQTT 3.1.1)`,
    LONG,
  );
  await expect(connection(page).getByRole('combobox', { name: 'MQTT version' })).toHaveValue('4');
});

test('a wrong password: the broker refused the login, no retry', async ({ page }) => {
  await connectToRabbitmq(page, { version: '3.1.1', username: 'guest', password: 'not-guest' });
  await expect(connectionStatus(page)).toHaveText(
    /^Disconnected: the broker refused the login: it closed the connection without answering \(WebSocket code 1002\)\. Check the user name and password\. Not retrying/,
    LONG,
  );
  await staysDisconnected(page, 2000);
  await expect(
    connection(page).getByRole('button', { name: 'Switch to MQTT 3.1.1 and retry' }),
  ).toHaveCount(0);
});
