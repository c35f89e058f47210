/**
 * Redis through the server's bridge, as a person sees it: a real redis-server (started by the
 * global setup) bridged into an app server of its own. The test plays Redis' side with ioredis.
 */
import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import { Redis } from 'ioredis';
import {
  readE2eEnv,
  readRedisE2eEnv,
  restartRedis,
  subscribeFromNode,
  type ReceivedMessage,
} from './support/brokers';
import { expect, test } from './support/fixtures';
import { details, messageLog, openAndConnect, subscribe, treeItem } from './support/app';

const env = readE2eEnv();
const redisEnv = readRedisE2eEnv();
const SCENARIO = 'Pub/sub, streams and retained messages';
const RUN_TIMEOUT_MS = 45_000;
/** The bridge looks for new streams every 3 s. */
const STREAM_FOUND_MS = 10_000;

const clients: Redis[] = [];
function redisClient(): Redis {
  const client = new Redis(redisEnv.redisUrl, { protocol: 2, maxRetriesPerRequest: 1 });
  client.on('error', () => undefined); // a restart in a test; the test says what it expects
  clients.push(client);
  return client;
}
test.afterEach(() => {
  for (const client of clients.splice(0)) client.disconnect();
});

/** A name no other test (or earlier run) uses, e.g. "e2e:3f2a9c". */
const uniqueName = () => `e2e:${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;

async function openRedisApp(page: Page): Promise<void> {
  await openAndConnect(page, redisEnv.redisAppUrl, redisEnv.redisAppWsUrl);
  await subscribe(page, 'redis/#', 1);
}

function userProperties(page: Page) {
  return details(page).getByRole('list', { name: 'User properties' });
}

function publishRegion(page: Page) {
  return page.getByRole('region', { name: 'Publish' });
}

async function publishFromApp(page: Page, topic: string, payload: string): Promise<void> {
  const r = publishRegion(page);
  await r.getByRole('textbox', { name: 'Publish topic' }).fill(topic);
  await r.getByRole('combobox', { name: 'Format' }).selectOption('text');
  await r.getByRole('textbox', { name: 'Payload', exact: true }).fill(payload);
  await r.getByRole('combobox', { name: 'Publish QoS' }).selectOption('1');
  await r.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(r.getByRole('status', { name: 'Publish result' })).toContainText(
    /Acknowledged by the broker/,
  );
}

test('a PUBLISH and an XADD show up in the topic tree with their user properties', async ({
  page,
}) => {
  const name = uniqueName();
  await openRedisApp(page);
  const redis = redisClient();

  await redis.publish(`${name}:alerts`, '{"level":"warning","text":"door open"}');
  await treeItem(page, `${name}:alerts`).click();
  await expect(details(page).getByLabel('Payload')).toContainText('"door open"');
  await expect(
    userProperties(page)
      .getByRole('listitem')
      .filter({ hasText: `redis-channel: ${name}:alerts` }),
  ).toHaveCount(1);

  const id = await redis.xadd(`${name}:orders`, '*', 'sku', 'A-1', 'qty', '2');
  await expect(treeItem(page, `${name}:orders`)).toBeVisible({ timeout: STREAM_FOUND_MS });
  await treeItem(page, `${name}:orders`).click();
  await expect(details(page).getByLabel('Payload')).toContainText('"sku": "A-1"');
  const props = userProperties(page).getByRole('listitem');
  await expect(props.filter({ hasText: `redis-stream: ${name}:orders` })).toHaveCount(1);
  await expect(props.filter({ hasText: `redis-id: ${id}` })).toHaveCount(1);
  // Its retained info: one entry, that ID.
  await treeItem(page, 'info').first().click();
  await expect(details(page).getByLabel('Payload')).toContainText('"length": 1');
});

test('a publish from the app arrives in Redis, once; a stream entry is added', async ({ page }) => {
  const name = uniqueName();
  const listener = redisClient();
  const got: string[] = [];
  listener.on('message', (_channel: string, message: string) => got.push(message));
  await listener.subscribe(`${name}:commands`);
  await openRedisApp(page);

  await publishFromApp(page, `redis/pubsub/${name}:commands`, 'start line 2');
  await expect.poll(() => got).toEqual(['start line 2']);
  // The app's own message is in the log once: the bridge did not bring it back from Redis.
  await page.waitForTimeout(500);
  expect(got).toEqual(['start line 2']);
  await expect(
    messageLog(page).getByRole('listitem').filter({ hasText: 'start line 2' }),
  ).toHaveCount(1);

  const redis = redisClient();
  await publishFromApp(page, `redis/stream/${name}:orders/add`, '{"sku": "B-2", "qty": 3}');
  await expect.poll(() => redis.xlen(`${name}:orders`)).toBe(1);
  const [[, fields] = ['', []]] = await redis.xrange(`${name}:orders`, '-', '+');
  expect(fields).toEqual(['sku', 'B-2', 'qty', '3']);

  await publishFromApp(page, `redis/stream/${name}:orders/add`, '[1, 2, 3]');
  await treeItem(page, 'error').click();
  await expect(details(page).getByLabel('Payload')).toContainText(
    'The payload is a JSON array, not an object.',
  );
  expect(await redis.xlen(`${name}:orders`)).toBe(1);
});

/** Runs a scenario by its button and returns the outcome text once the run ended. */
async function runScenario(page: Page, name: string): Promise<string> {
  const card = page.getByRole('article', { name });
  await card.getByRole('button', { name: `Run ${name}` }).click();
  const outcome = page.getByRole('status', { name: `${name} outcome` });
  await expect(outcome).toHaveText(/^(?!Running…$)\S/, { timeout: RUN_TIMEOUT_MS });
  await expect(card.getByRole('button', { name: `Run ${name}` })).toBeEnabled();
  return (await outcome.textContent()) ?? '';
}

test('the scenario: nothing from pub/sub, the whole stream, the last retained value', async ({
  page,
}) => {
  await openAndConnect(page, redisEnv.redisAppUrl, redisEnv.redisAppWsUrl);
  expect(await runScenario(page, SCENARIO)).toBe(
    'Pub/sub: the late subscriber got nothing (Redis kept none of the 3 messages). Stream: read from ID 0, it got all 3 in order (o-1, o-2 and o-3). Retained: it got only the last value (o-3). Pub/sub fits events that may be lost, a stream events that must be replayed, a retained message state.',
  );
  const steps = page.getByRole('list', { name: `${SCENARIO} steps` });
  await expect(steps.getByRole('listitem').filter({ hasText: '(failed)' })).toHaveCount(0);
});

test('the scenario on a server without a Redis bridge says how to start one', async ({ page }) => {
  await openAndConnect(page, env.appUrl, env.embeddedWsUrl);
  expect(await runScenario(page, SCENARIO)).toMatch(
    /^Could not test: this broker has no Redis bridge .*npm start -- --redis=start/,
  );
});

test('Redis killed and restarted: the status topic says so and traffic resumes', async ({
  page,
}) => {
  const name = uniqueName();
  const status = await subscribeFromNode(redisEnv.redisAppTcpUrl, 'redis/bridge/status', {
    qos: 1,
  });
  const stateOf = (m: ReceivedMessage) =>
    (JSON.parse(m.text || '{}') as { state?: string; text?: string }).state;
  try {
    await openRedisApp(page);
    await status.waitForMessages(1, { predicate: (m) => stateOf(m) === 'connected' });
    const seenBefore = status.messages.length;

    await restartRedis({ downtimeMs: 1500 });
    const [lost] = await status.waitForMessages(1, {
      predicate: (m) => status.messages.indexOf(m) >= seenBefore && stateOf(m) === 'disconnected',
      timeoutMs: 10_000,
    });
    expect(lost?.text).toMatch(/"text":"Lost Redis at redis:\/\/127\.0\.0\.1:\d+; reconnecting/);
    const [back] = await status.waitForMessages(1, {
      predicate: (m) => status.messages.indexOf(m) >= seenBefore && stateOf(m) === 'connected',
      timeoutMs: 15_000,
    });
    expect(back?.text).toMatch(/"text":"Reconnected to Redis at redis:\/\/127\.0\.0\.1:\d+ after/);

    // The page shows it like any topic.
    await treeItem(page, 'status').click();
    await expect(details(page).getByLabel('Payload')).toContainText('Reconnected to Redis');

    // Traffic resumes: a PUBLISH after the restart reaches the page.
    await redisClient().publish(`${name}:after`, 'back again');
    await treeItem(page, `${name}:after`).click();
    await expect(details(page).getByLabel('Payload')).toContainText('back again');
  } finally {
    await status.close();
  }
});
