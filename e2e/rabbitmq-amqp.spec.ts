/**
 * The app served by an app server with --broker=rabbitmq (the run's RabbitMQ behind its /mqtt,
 * the demo plant publishing over AMQP, the AMQP dispatcher and the scenario's AMQP helper): a
 * first visit connects with MQTT 3.1.1 and shows the plant's AMQP data, a command is answered by
 * the dispatcher over AMQP, the scenario "MQTT and AMQP through one broker" and the shared
 * subscription verdict on RabbitMQ; on the embedded broker the scenario says it needs RabbitMQ.
 *
 * SCREENSHOTS=1 also writes public/screenshots/amqp.png (the scenario's card) for the README.
 */
import path from 'node:path';
import type { Page } from '@playwright/test';
import amqp from 'amqplib';
import { REPO_ROOT, rabbitmqEnv, readE2eEnv, type RabbitmqE2eEnv } from './support/brokers';
import { expect, test } from './support/fixtures';
import { messageLog, openAndConnect, subscriptionItem } from './support/app';

const env = readE2eEnv();
const LONG = { timeout: 15_000 };
const RABBITMQ_WAIT_MS = 150_000;
const RUN_TIMEOUT_MS = 45_000;
const SCENARIO = 'MQTT and AMQP through one broker';

let rabbit: RabbitmqE2eEnv;
test.beforeAll(async () => {
  test.setTimeout(RABBITMQ_WAIT_MS);
  rabbit = await rabbitmqEnv();
});

function connectionStatus(page: Page) {
  return page.getByRole('status', { name: 'Connection status' });
}

/** A first visit to the RabbitMQ app server: it connects by itself, with MQTT 3.1.1. */
async function openRabbitmqApp(page: Page): Promise<void> {
  await page.goto(rabbit.appUrl);
  await expect(connectionStatus(page)).toHaveText(
    `Connected to ${rabbit.appWsUrl} (MQTT 3.1.1)`,
    LONG,
  );
}

/** Runs a scenario by its button and returns the outcome text once the run ended. */
async function runScenario(page: Page, name: string): Promise<string> {
  const card = page.getByRole('article', { name });
  await card.getByRole('button', { name: `Run ${name}` }).click();
  const outcome = page.getByRole('status', { name: `${name} outcome` });
  await expect(outcome).toHaveText(/^(?!Running…$)\S/, { timeout: RUN_TIMEOUT_MS });
  await expect(card.getByRole('button', { name: `Run ${name}` })).toBeEnabled();
  return (await outcome.textContent()) ?? '';
}

test('a first visit with RabbitMQ connects with MQTT 3.1.1; the plant’s AMQP data and the AMQP dispatcher', async ({
  page,
}) => {
  // The dispatcher's reply, as an AMQP consumer sees it: published over AMQP by the demo.
  const conn = await amqp.connect(rabbit.amqpUrl);
  try {
    const channel = await conn.createChannel();
    const { queue } = await channel.assertQueue('', { exclusive: true });
    await channel.bindQueue(queue, 'amq.topic', 'demo.plant.*.motor.set.reply');
    const replies: amqp.ConsumeMessage[] = [];
    await channel.consume(queue, (m) => void (m && replies.push(m)), { noAck: true });

    await openRabbitmqApp(page);
    await expect(subscriptionItem(page, 'demo/#')).toContainText('QoS 0', LONG);
    await expect(
      messageLog(page)
        .getByRole('listitem')
        .filter({ hasText: 'demo/plant/line1/temperature' })
        .first(),
    ).toBeVisible(LONG);

    const publish = page.getByRole('region', { name: 'Publish' });
    await publish
      .getByRole('textbox', { name: 'Publish topic' })
      .fill('demo/plant/line1/motor/set');
    await publish.getByRole('combobox', { name: 'Format' }).selectOption('json');
    await publish.getByRole('textbox', { name: 'Payload', exact: true }).fill('{"rpm": 2300}');
    await publish.getByRole('combobox', { name: 'Publish QoS' }).selectOption('1');
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
    await expect(result).toContainText('"rpm":2300');
    await expect(result).toContainText('"correlationId"');

    await expect.poll(() => replies.length, LONG).toBeGreaterThan(0);
    const reply = replies.find((m) => m.content.toString().includes('"rpm":2300'));
    expect(reply?.fields.routingKey).toBe('demo.plant.line1.motor.set.reply');
    expect(reply?.properties.appId).toBe('brokerscope-demo');
  } finally {
    await conn.close();
  }
});

test(`scenario “${SCENARIO}” on RabbitMQ: the AMQP side of MQTT publishes and back`, async ({
  page,
}) => {
  await openRabbitmqApp(page);
  const outcome = await runScenario(page, SCENARIO);
  expect(outcome).toMatch(
    /^MQTT publishes reached AMQP on amq\.topic with routing key = topic, \/ written as \. \(QoS 1 persistent with x-mqtt-publish-qos=1, x-mqtt-dup=false; QoS 0 not persistent\); an AMQP publish with routing key brokerscope\.scenarios\.mqtt-amqp-\S+\.from-amqp\.plant\.line1\.door arrived on MQTT as brokerscope\/scenarios\/mqtt-amqp-\S+\/from-amqp\/plant\/line1\/door; and the level “v1\.2” came back as “v1\/2” \(\S+\/amqp-probe\/firmware\/v1\/2\): a dot inside an MQTT level is lost on the way through AMQP\.$/,
  );
  const card = page.getByRole('article', { name: SCENARIO });
  await expect(page.getByRole('status', { name: `${SCENARIO} outcome` })).toHaveClass(
    /\boutcome-ok\b/,
  );
  const steps = page.getByRole('list', { name: `${SCENARIO} steps` });
  await expect(steps.getByRole('listitem').filter({ hasText: '(failed)' })).toHaveCount(0);
  await expect(steps).toContainText('persistent (delivery mode 2), headers x-mqtt-publish-qos=1');
  await expect(steps).toContainText('MQTT 3.1.1 has no user properties');
  if (process.env.SCREENSHOTS) {
    // The cards fill columns of at least 380 px: a width where the card gets one of its own.
    for (const width of [1280, 1180, 1080, 980, 880, 780]) {
      await page.setViewportSize({ width, height: 1000 });
      if (((await card.boundingBox())?.width ?? 0) >= 480) break;
    }
    await card.scrollIntoViewIfNeeded();
    await card.screenshot({ path: path.join(REPO_ROOT, 'public', 'screenshots', 'amqp.png') });
  }
});

test('shared subscriptions on RabbitMQ: $share/… is a plain topic there', async ({ page }) => {
  await openRabbitmqApp(page);
  const outcome = await runScenario(page, 'Shared subscriptions');
  expect(outcome).toMatch(
    /^Not supported: RabbitMQ treats \$share\/… as a plain topic: the broker accepted the subscription but delivered nothing to the group/,
  );
});

test(`scenario “${SCENARIO}” on the embedded broker says it needs RabbitMQ`, async ({ page }) => {
  // Through ?broker= (no demo subscriptions): only the scenario's own traffic.
  await openAndConnect(page, env.appUrl, env.embeddedWsUrl);
  const outcome = await runScenario(page, SCENARIO);
  expect(outcome).toMatch(/^Not supported: needs RabbitMQ: .*npm start -- --broker=rabbitmq/);
  expect(outcome).toContain("the page's server runs aedes (embedded)");
});
