/**
 * Every scenario against Mosquitto (MQTT 5) and the embedded broker: the outcome the page
 * reports must match what the broker really did, checked where it helps with an independent
 * Node subscriber on every scenario topic.
 */
import type { Page } from '@playwright/test';
import { readE2eEnv, subscribeFromNode, type NodeSubscription } from './support/brokers';
import { expect, test } from './support/fixtures';
import { openAndConnect } from './support/app';

const env = readE2eEnv();
const SCENARIO_ROOT = 'brokerscope/scenarios';
const RUN_TIMEOUT_MS = 45_000;

interface Broker {
  name: string;
  tcp: string;
  open(page: Page): Promise<void>;
  shared: boolean;
}

const brokers: Broker[] = [
  {
    name: 'Mosquitto',
    tcp: env.mosquittoTcpUrl,
    open: (page) => openAndConnect(page, env.appUrl, env.mosquittoWsUrl),
    shared: true,
  },
  {
    name: 'the embedded broker',
    tcp: env.embeddedTcpUrl,
    // A first visit connects to the embedded broker by itself.
    open: async (page) => {
      await page.goto(env.appUrl);
      await expect(page.getByRole('status', { name: 'Connection status' })).toHaveText(
        /^Connected/,
        { timeout: 15_000 },
      );
    },
    shared: false,
  },
];

/** Runs a scenario by its button and returns the outcome text once the run ended. */
async function runScenario(page: Page, name: string): Promise<string> {
  // Exact names: "Retained messages" is also part of "Pub/sub, streams and retained messages".
  const card = page.getByRole('article', { name, exact: true });
  await card.getByRole('button', { name: `Run ${name}`, exact: true }).click();
  const outcome = page.getByRole('status', { name: `${name} outcome`, exact: true });
  await expect(outcome).toHaveText(/^(?!Running…$)\S/, { timeout: RUN_TIMEOUT_MS });
  await expect(card.getByRole('button', { name: `Run ${name}`, exact: true })).toBeEnabled();
  return (await outcome.textContent()) ?? '';
}

/** The topic prefix the run used, as the card shows it. */
async function runPrefix(page: Page, name: string): Promise<string> {
  const text = (await page.getByRole('article', { name, exact: true }).textContent()) ?? '';
  const match = new RegExp(`(${SCENARIO_ROOT}/[a-z0-9-]+)/`).exec(text);
  if (!match?.[1]) throw new Error(`no topic prefix shown for ${name}`);
  return match[1];
}

for (const broker of brokers) {
  test.describe(`scenarios on ${broker.name}`, () => {
    let watcher: NodeSubscription;
    test.beforeEach(async ({ page }) => {
      watcher = await subscribeFromNode(broker.tcp, `${SCENARIO_ROOT}/#`, { qos: 2 });
      await broker.open(page);
    });
    test.afterEach(async () => {
      await watcher.close();
    });

    test('events and commands: the reply is matched to the command', async ({ page }) => {
      const outcome = await runScenario(page, 'Events and commands');
      expect(outcome).toMatch(
        /^The controller got 3 events, reacted to 31\.2 °C with a command, and the reply came back matched by correlation data “fan-on-\d+”\.$/,
      );
      const prefix = await runPrefix(page, 'Events and commands');
      const steps = page.getByRole('list', { name: 'Events and commands steps' });
      await expect(steps.getByRole('listitem').filter({ hasText: '(failed)' })).toHaveCount(0);
      // The Node subscriber saw the same conversation: the reply carries the command's tag.
      const [reply] = await watcher.waitForMessages(1, {
        predicate: (m) => m.topic === `${prefix}/controller/replies`,
      });
      const tag = /“(fan-on-\d+)”/.exec(outcome)?.[1];
      expect(Buffer.from(reply?.properties.correlationData as Buffer).toString()).toBe(tag);
    });

    test('QoS 0, 1 and 2: handshakes and an offline receiver', async ({ page }) => {
      const outcome = await runScenario(page, 'QoS 0, 1 and 2');
      expect(outcome).toContain(
        'Online, all three arrived (QoS 0 PUBLISH, QoS 1 PUBLISH/PUBACK, QoS 2 PUBLISH/PUBREC/PUBREL/PUBCOMP).',
      );
      expect(outcome).toContain(
        'While the receiver was offline, the broker kept QoS 1 and 2 and delivered them on return; QoS 0 was lost.',
      );
      const prefix = await runPrefix(page, 'QoS 0, 1 and 2');
      // All three were really published while the receiver was away.
      await watcher.waitForMessages(3, {
        predicate: (m) => m.topic.startsWith(`${prefix}/qos/offline/`),
      });
      const packets = page.getByRole('list', { name: 'QoS 0, 1 and 2 packets' });
      await expect(
        packets.getByRole('listitem').filter({ hasText: 'PUBCOMP' }).first(),
      ).toBeAttached();
    });

    test('retained messages: last value for a late subscriber, then cleared', async ({ page }) => {
      const outcome = await runScenario(page, 'Retained messages');
      expect(outcome).toBe(
        'The late subscriber got the last value “22.0” (retained flag set); after clearing, a new subscriber got nothing.',
      );
      const prefix = await runPrefix(page, 'Retained messages');
      const late = await subscribeFromNode(broker.tcp, `${prefix}/room/setpoint`);
      try {
        await page.waitForTimeout(1000);
        expect(late.messages, 'no retained message is left').toEqual([]);
      } finally {
        await late.close();
      }
    });

    test('last will: the broker publishes it when the device vanishes', async ({ page }) => {
      const outcome = await runScenario(page, 'Last will');
      expect(outcome).toMatch(
        /^The will arrived: “device-a went offline unexpectedly” on \S+, \d+\.\d s after device A vanished; with a will delay of 3 s, device B’s will came after (\d+\.\d) s\.$/,
      );
      const delay = Number(/came after (\d+\.\d) s/.exec(outcome)?.[1]);
      expect(delay).toBeGreaterThanOrEqual(2.5);
      const prefix = await runPrefix(page, 'Last will');
      const wills = await watcher.waitForMessages(2, {
        predicate: (m) => m.topic.startsWith(`${prefix}/devices/`),
      });
      expect(wills.map((m) => m.text).sort()).toEqual([
        'device-a went offline unexpectedly',
        'device-b went offline unexpectedly',
      ]);
    });

    test('wildcards: + and # over a set of topics, and # misses $SYS', async ({ page }) => {
      const outcome = await runScenario(page, 'Wildcards');
      expect(outcome).toContain('plant/+/temp matched 2 of 5 (plant/line1/temp, plant/line2/temp)');
      expect(outcome).toContain(
        'plant/# matched 4 of 5 (plant, plant/line1/temp, plant/line2/temp, plant/line1/motor/temp)',
      );
      expect(outcome).toContain('; +/temp matched 1 of 5 (office/temp)');
      expect(outcome).toContain('# matched 5 of our 5 topics');
      expect(outcome).toMatch(/# matched no \$SYS topic while \$SYS\/# received [1-9]/);
    });

    test('shared subscriptions: the group splits the messages', async ({ page }) => {
      const outcome = await runScenario(page, 'Shared subscriptions');
      const prefix = await runPrefix(page, 'Shared subscriptions');
      if (broker.shared) {
        const split = /^The group split 10 messages: (\d+) and (\d+)\.$/.exec(outcome);
        expect(split, outcome).not.toBeNull();
        const [a, b] = [Number(split?.[1]), Number(split?.[2])];
        expect(a + b).toBe(10);
        expect(a).toBeGreaterThan(0);
        expect(b).toBeGreaterThan(0);
        // An ordinary subscriber still gets every one of the 10 jobs.
        await watcher.waitForMessages(10, { predicate: (m) => m.topic === `${prefix}/jobs` });
      } else {
        expect(outcome).toBe(
          'Not supported: this broker has no shared subscriptions (its CONNACK says Shared Subscription Available: no).',
        );
        await page.waitForTimeout(500);
        expect(watcher.messages.filter((m) => m.topic === `${prefix}/jobs`)).toEqual([]);
      }
    });

    test('message expiry: the queued message expires before the consumer returns', async ({
      page,
    }) => {
      const outcome = await runScenario(page, 'Message expiry');
      expect(outcome).toMatch(
        /^The expired message did not arrive: its 2 s ran out while it was queued; the 60 s message arrived with 5\d s left\.$/,
      );
      const prefix = await runPrefix(page, 'Message expiry');
      // It was published (so its absence is the broker's doing), with its 2 s expiry.
      const [short] = await watcher.waitForMessages(1, {
        predicate: (m) => m.topic === `${prefix}/news/short-lived`,
      });
      expect(short?.properties.messageExpiryInterval).toBeLessThanOrEqual(2);
    });

    test('no local and retain handling', async ({ page }) => {
      const outcome = await runScenario(page, 'No Local and Retain Handling');
      expect(outcome).toBe(
        'No Local worked: Echo got its own message back, Quiet did not. Subscribing twice: Retain Handling 0 got it 2×, Retain Handling 1 got it 1×, Retain Handling 2 got it 0×.',
      );
    });
  });
}

test('shared subscriptions on the embedded broker over MQTT 3.1.1 are not supported, not green', async ({
  page,
}) => {
  // MQTT 3.1.1 has no CONNACK announcement: the broker grants $share/… and delivers nothing.
  const watcher = await subscribeFromNode(env.embeddedTcpUrl, `${SCENARIO_ROOT}/#`, { qos: 1 });
  try {
    await openAndConnect(page, env.appUrl, env.embeddedWsUrl, { version: '3.1.1' });
    const outcome = await runScenario(page, 'Shared subscriptions');
    expect(outcome).toMatch(
      /^Not supported: the broker accepted the subscription but delivered nothing to the group: none of the 10 jobs reached worker 1 or worker 2, so it does not serve \$share\/workers\/\S+ as a shared subscription\.$/,
    );
    await expect(page.getByRole('status', { name: 'Shared subscriptions outcome' })).toHaveClass(
      /\boutcome-unsupported\b/,
    );
    // The 10 jobs were published: the group getting none of them is the broker's doing.
    const prefix = await runPrefix(page, 'Shared subscriptions');
    await watcher.waitForMessages(10, { predicate: (m) => m.topic === `${prefix}/jobs` });
  } finally {
    await watcher.close();
  }
});

test('MQTT 5 scenarios say "not supported" on an MQTT 3.1.1 connection', async ({ page }) => {
  await openAndConnect(page, env.appUrl, env.mosquittoWsUrl, { version: '3.1.1' });
  expect(await runScenario(page, 'Message expiry')).toMatch(
    /^Not supported: Message expiry needs MQTT 5\.0/,
  );
  expect(await runScenario(page, 'No Local and Retain Handling')).toMatch(
    /^Not supported: No Local and Retain Handling needs MQTT 5\.0/,
  );
});
