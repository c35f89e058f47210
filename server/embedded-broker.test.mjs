import mqtt from 'mqtt';
import mqttPacket from 'mqtt-packet';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startAppServer } from './app-server.mjs';
import { startEmbeddedBroker } from './embedded-broker.mjs';
import { canConnect } from './lib/ports.mjs';
import { makeDistDir, nextMessage, removeDir } from './test-helpers.mjs';

/** @type {Array<() => Promise<unknown> | unknown>} */
let cleanups = [];
afterEach(async () => {
  // Reverse order: clients before the servers they talk to.
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

async function startApp() {
  const distDir = await makeDistDir();
  cleanups.push(() => removeDir(distDir));
  const app = await startAppServer({ port: 0, tcpPort: 0, demo: false, distDir, log: () => {} });
  cleanups.push(() => app.close());
  return app;
}

/** @param {string} url @param {import('mqtt').IClientOptions} options */
async function connect(url, options) {
  const client = await mqtt.connectAsync(url, { reconnectPeriod: 0, ...options });
  cleanups.push(() => client.endAsync());
  return client;
}

describe('embedded broker', () => {
  it('serves MQTT 5 over WebSocket on /mqtt, with user properties from a TCP client', async () => {
    const app = await startApp();
    expect(app.brokerWsUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/mqtt$/);

    const wsClient = await connect(app.brokerWsUrl, { protocolVersion: 5 });
    await wsClient.subscribeAsync('test/#', { qos: 1 });
    const tcpClient = await connect(app.brokerTcpUrl, { protocolVersion: 5 });

    const received = nextMessage(wsClient, (topic) => topic === 'test/props');
    await tcpClient.publishAsync('test/props', 'hello', {
      qos: 1,
      properties: { userProperties: { site: 'north', unit: 'C' }, contentType: 'text/plain' },
    });
    const { payload, packet } = await received;
    expect(payload.toString()).toBe('hello');
    expect(packet.properties?.userProperties).toEqual({ site: 'north', unit: 'C' });
    expect(packet.properties?.contentType).toBe('text/plain');
  }, 15000);

  it('sends about one WebSocket frame per MQTT packet', async () => {
    const app = await startApp();
    const ws = new WebSocket(app.brokerWsUrl, 'mqtt');
    cleanups.push(() => ws.terminate());
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    expect(ws.protocol).toBe('mqtt');

    let frames = 0;
    /** @type {any[]} */
    const packets = [];
    const parser = mqttPacket.parser({ protocolVersion: 4 });
    parser.on('packet', (packet) => packets.push(packet));
    ws.on('message', (data) => {
      frames += 1;
      parser.parse(/** @type {Buffer} */ (data));
    });
    /** @param {string} cmd */
    const waitForPacket = async (cmd) => {
      const deadline = Date.now() + 5000;
      while (!packets.some((p) => p.cmd === cmd)) {
        if (Date.now() > deadline) throw new Error(`no ${cmd} received`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };

    const connectPacket = {
      cmd: 'connect',
      protocolId: 'MQTT',
      protocolVersion: 4,
      clientId: 'raw-frame-counter',
      clean: true,
      keepalive: 60,
    };
    ws.send(mqttPacket.generate(/** @type {any} */ (connectPacket)));
    await waitForPacket('connack');
    const subscribePacket = {
      cmd: 'subscribe',
      messageId: 1,
      subscriptions: [{ topic: 'frames/#', qos: 0 }],
    };
    ws.send(mqttPacket.generate(/** @type {any} */ (subscribePacket)));
    await waitForPacket('suback');

    const publishCount = 50;
    frames = 0;
    packets.length = 0;
    const publisher = await connect(app.brokerTcpUrl, { protocolVersion: 4 });
    for (let i = 0; i < publishCount; i += 1) {
      await publisher.publishAsync(`frames/${i}`, JSON.stringify({ i, pad: 'x'.repeat(40) }));
      // Spread the publishes out so each one is delivered on its own, as in real traffic.
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const deadline = Date.now() + 5000;
    while (packets.filter((p) => p.cmd === 'publish').length < publishCount) {
      if (Date.now() > deadline) throw new Error(`only ${packets.length} packets received`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(packets.filter((p) => p.cmd === 'publish')).toHaveLength(publishCount);
    // Without coalescing aedes' ~5 writes per packet become ~5 frames (~250 here).
    expect(frames).toBeGreaterThan(0);
    expect(frames).toBeLessThanOrEqual(publishCount + 5);
  }, 20000);

  it('falls back to an ephemeral TCP port when the requested one is taken', async () => {
    const first = await startEmbeddedBroker({ tcpPort: 0 });
    cleanups.push(() => first.close());
    const second = await startEmbeddedBroker({ tcpPort: /** @type {number} */ (first.tcpPort) });
    cleanups.push(() => second.close());
    expect(second.tcpPort).not.toBe(first.tcpPort);
    expect(await canConnect(/** @type {number} */ (second.tcpPort))).toBe(true);
    await second.close();
    expect(await canConnect(/** @type {number} */ (second.tcpPort))).toBe(false);
  }, 15000);
});
