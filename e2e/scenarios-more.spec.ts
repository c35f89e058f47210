/**
 * The later scenarios against real brokers: a Mosquitto this spec starts with limits of its own
 * (max_keepalive, max_packet_size, max_inflight_messages), the global Mosquitto and the one with
 * access rules. Where it can, an independent Node client plays the oracle, so an outcome decided
 * wrongly (a will that never came, a packet the broker refused, a DISCONNECT it never sent)
 * fails the test.
 */
import type { Page } from '@playwright/test';
import {
  AUTH_USERS,
  connectFromNode,
  endClient,
  readE2eEnv,
  startMosquitto,
  stopMosquitto,
  subscribeFromNode,
  type MosquittoHandle,
  type NodeSubscription,
} from './support/brokers';
import { expect, test } from './support/fixtures';
import { openAndConnect } from './support/app';

const env = readE2eEnv();
const SCENARIO_ROOT = 'brokerscope/scenarios';
const RUN_TIMEOUT_MS = 45_000;
const LIMITS = 'rc-limits';

async function runScenario(page: Page, name: string): Promise<string> {
  const card = page.getByRole('article', { name });
  await card.getByRole('button', { name: `Run ${name}` }).click();
  const outcome = page.getByRole('status', { name: `${name} outcome` });
  await expect(outcome).toHaveText(/^(?!Running…$)\S/, { timeout: RUN_TIMEOUT_MS });
  await expect(card.getByRole('button', { name: `Run ${name}` })).toBeEnabled();
  return (await outcome.textContent()) ?? '';
}

async function runPrefix(page: Page, name: string): Promise<string> {
  const text = (await page.getByRole('article', { name }).textContent()) ?? '';
  const match = new RegExp(`(${SCENARIO_ROOT}/[a-z0-9-]+)/`).exec(text);
  if (!match?.[1]) throw new Error(`no topic prefix shown for ${name}`);
  return match[1];
}

/** Whether the broker at `url` sends the first of two same-ID MQTT 5 clients DISCONNECT 0x8E. */
async function takeoverReason(url: string): Promise<number | undefined> {
  const clientId = `e2e-takeover-${Date.now().toString(36)}`;
  const first = await connectFromNode(url, { clientId });
  const reason = new Promise<number | undefined>((resolve) => {
    first.on('disconnect', (packet) => resolve(packet.reasonCode ?? 0));
    first.on('close', () => setTimeout(() => resolve(undefined), 200));
  });
  const second = await connectFromNode(url, { clientId });
  const code = await reason;
  await endClient(second);
  first.end(true);
  return code;
}

/** Whether the broker at `url` acknowledges a QoS 1 PUBLISH packet of exactly 2,049 bytes. */
async function acceptsPacketOf2049(url: string): Promise<boolean> {
  const client = await connectFromNode(url);
  try {
    // 1 + 2 (length) + 3 (topic "t") + 2 (packet ID) + 1 (no properties) + 2,040 payload.
    const acked = client.publishAsync('t', Buffer.alloc(2040), { qos: 1 }).then(
      () => true,
      () => false,
    );
    const closed = new Promise<boolean>((resolve) => client.once('close', () => resolve(false)));
    const late = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 3000));
    return await Promise.race([acked, closed, late]);
  } finally {
    client.end(true);
  }
}

test.describe('later scenarios on a Mosquitto with limits', () => {
  let limits: MosquittoHandle;
  let watcher: NodeSubscription;
  test.beforeAll(async () => {
    limits = await startMosquitto({
      name: LIMITS,
      extraConfig: ['max_keepalive 10', 'max_packet_size 2048', 'max_inflight_messages 3'],
    });
  });
  test.afterAll(async () => {
    await stopMosquitto(LIMITS);
  });
  test.beforeEach(async ({ page }) => {
    watcher = await subscribeFromNode(limits.tcpUrl, `${SCENARIO_ROOT}/#`, { qos: 1 });
    await openAndConnect(page, env.appUrl, limits.wsUrl);
  });
  test.afterEach(async () => {
    await watcher.close();
  });

  test('keepalive expiry: the verdict matches when a Node subscriber got the will', async ({
    page,
  }) => {
    const outcome = await runScenario(page, 'Keepalive expiry');
    const prefix = await runPrefix(page, 'Keepalive expiry');
    const [will] = await watcher.waitForMessages(1, {
      predicate: (m) => m.topic === `${prefix}/silent-device/status`,
    });
    expect(will?.text).toBe('silent device timed out');
    // The oracle: the silent device's CONNACK (page clock) to the will at the Node subscriber.
    const connack = await page
      .getByRole('list', { name: 'Keepalive expiry packets' })
      .getByRole('listitem')
      .filter({ hasText: 'Silent device ← CONNACK' })
      .textContent();
    const [h, m, sec] = (/^(\d\d):(\d\d):(\d\d\.\d\d\d)/.exec(connack ?? '') ?? [])
      .slice(1)
      .map(Number);
    const connected = new Date(will?.receivedAtMs ?? 0);
    connected.setHours(h ?? 0, m ?? 0, 0, 0);
    const droppedAfterS = ((will?.receivedAtMs ?? 0) - connected.getTime()) / 1000 - (sec ?? 0);
    expect(droppedAfterS).toBeGreaterThan(3);
    if (droppedAfterS <= 4.5 + 2)
      expect(outcome).toMatch(
        /^The broker dropped the silent device \d+\.\d s after it connected.*: 1\.5 × its 3 s keepalive is 4\.5 s; its will “silent device timed out” was published/,
      );
    else if (droppedAfterS > 4.5 + 3)
      expect(outcome).toMatch(
        /^Failed: the broker dropped the silent device only after \d+\.\d s, well past 1\.5 × its 3 s keepalive \(4\.5 s\)\.$/,
      );
    // max_keepalive 10: the watcher asked for 30 s and the broker said 10 s.
    await expect(
      page
        .getByRole('list', { name: 'Keepalive expiry packets' })
        .getByRole('listitem')
        .filter({ hasText: 'Watcher ← CONNACK' }),
    ).toContainText('serverKeepAlive 10');
  });

  test('maximum packet size: the consumer’s own limit kept, the broker’s own as a Node client sees it', async ({
    page,
  }) => {
    const accepted = await acceptsPacketOf2049(limits.wsUrl);
    const outcome = await runScenario(page, 'Maximum packet size');
    expect(outcome).toMatch(
      /It did not send the 1,000 B message to the consumer that allows 512 B packets, and sent it the small one|^Failed: the broker accepted/,
    );
    if (accepted)
      expect(outcome).toMatch(
        /^Failed: the broker accepted a 2,049-byte packet over this connection although its own Maximum Packet Size is 2,048/,
      );
    else
      expect(outcome).toMatch(
        /a packet one byte over its own limit of 2,048 B (got DISCONNECT 0x95|made it close)/,
      );
    // The 1,000 B message was published: the small consumer's missing it is the broker's doing.
    const prefix = await runPrefix(page, 'Maximum packet size');
    const got = await watcher.waitForMessages(2, {
      predicate: (m) => m.topic === `${prefix}/blobs`,
    });
    expect(got.map((m) => m.payload.length).sort((a, b) => a - b)).toEqual([100, 1000]);
  });

  test('flow control: max_inflight_messages 3 is the broker’s Receive Maximum', async ({
    page,
  }) => {
    const outcome = await runScenario(page, 'Flow control (Receive Maximum)');
    await expect(
      page.getByRole('list', { name: 'Flow control (Receive Maximum) steps' }),
    ).toContainText('CONNACK: Receive Maximum 3');
    expect(outcome).toContain('its own limit of 3');
    expect(outcome).toMatch(
      /held the rest back|kept to the slow consumer’s Receive Maximum of 2 at first/,
    );
    const prefix = await runPrefix(page, 'Flow control (Receive Maximum)');
    await watcher.waitForMessages(10, { predicate: (m) => m.topic === `${prefix}/jobs` });
  });

  test('session takeover on MQTT 5: the reason the page reports is the one a Node client gets', async ({
    page,
  }) => {
    const reason = await takeoverReason(limits.tcpUrl);
    const outcome = await runScenario(page, 'Session takeover');
    if (reason === 0x8e)
      expect(outcome).toMatch(/^The broker closed the first connection .* with DISCONNECT 0x8E/);
    else
      expect(outcome).toMatch(
        /^Failed: the broker closed the first connection .* but sent no DISCONNECT/,
      );
  });
});

test.describe('later scenarios on the global Mosquitto', () => {
  let watcher: NodeSubscription;
  test.beforeEach(async ({ page }) => {
    watcher = await subscribeFromNode(env.mosquittoTcpUrl, `${SCENARIO_ROOT}/#`, { qos: 1 });
    await openAndConnect(page, env.appUrl, env.mosquittoWsUrl);
  });
  test.afterEach(async () => {
    await watcher.close();
  });

  test('topic aliases: 10 allowed, the publish by alias alone arrives on the full topic', async ({
    page,
  }) => {
    const outcome = await runScenario(page, 'Topic aliases');
    expect(outcome).toMatch(
      /^The broker allows 10 topic aliases\. The producer’s second publish carried alias 1 and no topic name, and both consumers got it on the full topic; /,
    );
    const prefix = await runPrefix(page, 'Topic aliases');
    const got = await watcher.waitForMessages(2, {
      predicate: (m) => m.topic === `${prefix}/plant/line1/boiler/temperature`,
    });
    expect(got.map((m) => m.text)).toEqual(['21.5', '21.7']);
  });

  test('payload format: what the page says happened to the invalid bytes is what a subscriber saw', async ({
    page,
  }) => {
    const outcome = await runScenario(page, 'Payload format indicator');
    const prefix = await runPrefix(page, 'Payload format indicator');
    await watcher.waitForMessages(1, { predicate: (m) => m.topic === `${prefix}/text/valid` });
    await page.waitForTimeout(300);
    const invalid = watcher.messages.filter((m) => m.topic === `${prefix}/text/invalid`);
    if (outcome.includes('forwarded the invalid bytes unaltered')) {
      expect(invalid.map((m) => m.payload.toString('hex'))).toEqual(['666fc328ff']);
      expect(invalid[0]?.properties.payloadFormatIndicator).toBe(true);
    } else {
      expect(outcome).toMatch(/^The broker checks payloads marked UTF-8/);
      expect(invalid).toEqual([]);
    }
  });

  test('subscription identifiers: the overlapping subscriptions’ ids on each copy', async ({
    page,
  }) => {
    const outcome = await runScenario(page, 'Subscription identifiers');
    expect(outcome).toMatch(
      /^The message matching both subscriptions came (twice, one copy with id 7 and one with id 8|once, carrying both ids 7 and 8); the one matching only sensors\/# carried id 8\.$/,
    );
  });
});

test('access control: alice’s refused topic on the broker with access rules', async ({ page }) => {
  // bob may read everything: what the page says was dropped must not reach him.
  const bob = await subscribeFromNode(env.authTcpUrl, 'secret/#', {
    qos: 1,
    client: { username: AUTH_USERS.bob.username, password: AUTH_USERS.bob.password },
  });
  try {
    await openAndConnect(page, env.appUrl, env.authWsUrl, {
      username: AUTH_USERS.alice.username,
      password: AUTH_USERS.alice.password,
    });
    await page
      .getByRole('region', { name: 'Scenarios' })
      .getByRole('textbox', { name: 'Topic this broker refuses' })
      .fill('secret/plans');
    const outcome = await runScenario(page, 'Access control');
    expect(outcome).toMatch(
      /^On secret\/plans: a refused SUBSCRIBE gets SUBACK 0x87 “Not authorized”; a refused PUBLISH (gets PUBACK 0x87 “Not authorized”|is acknowledged|PUBLISH was acknowledged with success)/,
    );
    await page.waitForTimeout(500);
    expect(bob.messages.filter((m) => m.topic === 'secret/plans')).toEqual([]);
  } finally {
    await bob.close();
  }
});
