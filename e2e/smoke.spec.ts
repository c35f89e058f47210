import {
  AUTH_USERS,
  connectFromNode,
  endClient,
  publishFromNode,
  readE2eEnv,
  subscribeFromNode,
  uniqueTopicPrefix,
} from './support/brokers';
import { expect, test } from './support/fixtures';

const env = readE2eEnv();

test('the app loads and shows the Connection region', async ({ page }) => {
  await page.goto(env.appUrl);
  await expect(page).toHaveTitle(/Brokerscope/);
  await expect(page.getByRole('region', { name: /connection/i })).toBeVisible();
});

test.describe('test brokers answer', () => {
  test('embedded broker over WebSocket, MQTT 5', async () => {
    const testInfo = test.info();
    const topic = `${uniqueTopicPrefix(testInfo)}/roundtrip`;
    const sub = await subscribeFromNode(env.embeddedWsUrl, topic, { qos: 1 });
    try {
      await publishFromNode(env.embeddedWsUrl, topic, 'hello embedded', {
        qos: 1,
        properties: { userProperties: { source: 'e2e' } },
      });
      const [message] = await sub.waitForMessages(1);
      expect(message?.text).toBe('hello embedded');
      expect(message?.properties.userProperties).toEqual({ source: 'e2e' });
    } finally {
      await sub.close();
    }
  });

  test('plain Mosquitto over TCP and WebSocket, MQTT 5', async () => {
    const testInfo = test.info();
    const topic = `${uniqueTopicPrefix(testInfo)}/roundtrip`;
    const sub = await subscribeFromNode(`mqtt://127.0.0.1:${env.mosquittoTcpPort}`, topic);
    try {
      await publishFromNode(env.mosquittoWsUrl, topic, 'hello mosquitto', { qos: 1 });
      const [message] = await sub.waitForMessages(1);
      expect(message?.text).toBe('hello mosquitto');
    } finally {
      await sub.close();
    }
  });

  test('auth Mosquitto refuses a wrong password and applies the ACL', async () => {
    const testInfo = test.info();
    await expect(
      connectFromNode(env.authTcpUrl, { username: 'alice', password: 'not-wonderland' }),
    ).rejects.toThrow(/bad user name or password|not authorized/i);
    await expect(connectFromNode(env.authWsUrl)).rejects.toThrow(/not authorized|bad user/i);

    const prefix = uniqueTopicPrefix(testInfo);
    const alice = await connectFromNode(env.authWsUrl, AUTH_USERS.alice);
    try {
      const granted = await alice.subscribeAsync(`${prefix}/#`, { qos: 1 });
      expect(granted.map((g) => g.qos)).toEqual([1]);
      // mqtt.js rejects a SUBACK holding a failure code; the packet rides on the error.
      await expect(alice.subscribeAsync('secret/#', { qos: 1 })).rejects.toMatchObject({
        packet: { granted: [0x87] },
      });
    } finally {
      await endClient(alice);
    }
  });
});
