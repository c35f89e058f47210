import http from 'node:http';
import mqtt from 'mqtt';
import mqttPacket from 'mqtt-packet';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startAppServer } from './app-server.mjs';
import { startEmbeddedBroker } from './embedded-broker.mjs';
import { canConnect, listen } from './lib/ports.mjs';
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

/** The embedded broker with its WebSocket endpoint on a plain http server, as the app has it. */
async function startBrokerWithWebSocket() {
  const broker = await startEmbeddedBroker({ tcpPort: 0 });
  cleanups.push(() => broker.close());
  const server = http.createServer();
  /** @type {Set<import('node:stream').Duplex>} */
  const upgraded = new Set();
  server.on('upgrade', (req, socket, head) => {
    upgraded.add(socket);
    socket.once('close', () => upgraded.delete(socket));
    broker.handleUpgrade(req, socket, head);
  });
  const port = await listen(server, 0, '127.0.0.1');
  cleanups.push(
    () =>
      new Promise((resolve) => {
        server.close(resolve);
        server.closeAllConnections();
      }),
  );
  return {
    aedes: broker.aedes,
    wsUrl: `ws://127.0.0.1:${port}/mqtt`,
    tcpUrl: `mqtt://127.0.0.1:${broker.tcpPort}`,
    /** Upgraded sockets still open on the server side. */
    wsConnections: () => upgraded.size,
  };
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

  // A publisher that hangs up right after a burst is the common case (a script, a device waking
  // up): aedes reads one batch at a time, so much of the burst is still unread when the close
  // arrives, and must be delivered all the same, as over TCP.
  for (const via of /** @type {const} */ (['WebSocket', 'TCP'])) {
    it(`delivers a 10,000-message QoS 0 burst over 1,000 topics from a ${via} publisher that then disconnects`, async () => {
      const broker = await startBrokerWithWebSocket();
      const total = 10_000;
      const topics = 1_000;
      const subscribers = {
        WebSocket: await connect(broker.wsUrl, { protocolVersion: 5 }),
        TCP: await connect(broker.tcpUrl, { protocolVersion: 4 }),
      };
      /** @type {Record<string, Set<string>>} */
      const received = { WebSocket: new Set(), TCP: new Set() };
      for (const [name, client] of Object.entries(subscribers)) {
        client.on('message', (_topic, payload) => received[name]?.add(payload.toString()));
        await client.subscribeAsync('burst/#', { qos: 0 });
      }

      const url = via === 'WebSocket' ? broker.wsUrl : broker.tcpUrl;
      const publisher = await mqtt.connectAsync(url, { reconnectPeriod: 0, protocolVersion: 5 });
      // 500 at a time: mqtt.js adds a 'drain' listener per write it cannot make at once.
      for (let first = 0; first < total; first += 500) {
        await Promise.all(
          Array.from({ length: 500 }, (_, k) =>
            publisher.publishAsync(`burst/t${(first + k) % topics}`, String(first + k), { qos: 0 }),
          ),
        );
      }
      await publisher.endAsync();

      const counts = () => Object.values(received).map((set) => set.size);
      // Until both have everything, or nothing more arrives for a second.
      let last = '';
      let quietSince = Date.now();
      while (counts().some((n) => n < total) && Date.now() - quietSince < 1000) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        const now = counts().join();
        if (now !== last) {
          last = now;
          quietSince = Date.now();
        }
      }
      expect({ WebSocket: received.WebSocket.size, TCP: received.TCP.size }).toEqual({
        WebSocket: total,
        TCP: total,
      });
      // Having read to the end, the broker lets the publisher go: only the subscribers are left.
      await expect.poll(() => Object.keys(broker.aedes.clients).length).toBe(2);
    }, 30000);
  }

  it('lets a WebSocket go that closes before or right after CONNECT', async () => {
    const broker = await startBrokerWithWebSocket();
    const silent = new WebSocket(broker.wsUrl, 'mqtt');
    await new Promise((resolve, reject) => {
      silent.once('open', resolve);
      silent.once('error', reject);
    });
    silent.close();
    const client = await mqtt.connectAsync(broker.wsUrl, { reconnectPeriod: 0 });
    expect(Object.keys(broker.aedes.clients)).toHaveLength(1);
    client.stream.destroy();
    await expect.poll(() => Object.keys(broker.aedes.clients).length).toBe(0);
    await expect.poll(() => broker.wsConnections()).toBe(0);
  }, 15000);

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
