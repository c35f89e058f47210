import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { decode as decodeCbor } from 'cbor-x';
import {
  decodeSparkplug,
  encodeSparkplug,
  SPARKPLUG_TYPES,
  startDemoDevices,
} from './demo-devices.mjs';
import { startEmbeddedBroker } from './embedded-broker.mjs';
import { nextMessage } from './test-helpers.mjs';

const PREFIX = 'demo/plant/line1';

/** @type {Array<() => Promise<unknown> | unknown>} */
let cleanups = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

async function startPlant() {
  const broker = await startEmbeddedBroker({ tcpPort: 0 });
  cleanups.push(() => broker.close());
  const brokerUrl = `mqtt://127.0.0.1:${broker.tcpPort}`;
  const devices = await startDemoDevices({ brokerUrl });
  cleanups.push(() => devices.stop());
  return brokerUrl;
}

/** @param {string} url @param {import('mqtt').IClientOptions} options */
async function connect(url, options) {
  const client = await mqtt.connectAsync(url, { reconnectPeriod: 0, ...options });
  cleanups.push(() => client.endAsync());
  return client;
}

describe('demo devices', () => {
  it('publishes telemetry, a binary thumbnail and a retained online status', async () => {
    const brokerUrl = await startPlant();
    const client = await connect(brokerUrl, { protocolVersion: 5 });
    const status = nextMessage(client, (topic) => topic === `${PREFIX}/status`);
    const temperature = nextMessage(client, (topic) => topic === `${PREFIX}/temperature`);
    const pressure = nextMessage(client, (topic) => topic === `${PREFIX}/pressure`);
    await client.subscribeAsync(`${PREFIX}/#`);

    const statusMessage = await status;
    expect(statusMessage.payload.toString()).toBe('online');
    expect(statusMessage.packet.retain).toBe(true);

    const body = JSON.parse((await temperature).payload.toString());
    expect(typeof body.celsius).toBe('number');
    expect(typeof body.ts).toBe('number');
    expect(Number.isFinite(Number((await pressure).payload.toString()))).toBe(true);

    const thumbnail = await nextMessage(client, (topic) => topic === `${PREFIX}/camera/thumbnail`);
    expect(thumbnail.payload[0]).toBe(0x89);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(thumbnail.payload)).toThrow();
  }, 15000);

  it('answers a motor command on the MQTT 5 response topic with the correlation data', async () => {
    const brokerUrl = await startPlant();
    const client = await connect(brokerUrl, { protocolVersion: 5 });
    const responseTopic = `test/replies/${Math.random().toString(16).slice(2)}`;
    await client.subscribeAsync([responseTopic, `${PREFIX}/motor`], { qos: 1 });

    const correlationData = Buffer.from([1, 2, 3, 0xff]);
    const reply = nextMessage(client, (topic) => topic === responseTopic);
    await client.publishAsync(`${PREFIX}/motor/set`, JSON.stringify({ rpm: 2000 }), {
      qos: 1,
      properties: { responseTopic, correlationData },
    });
    const { payload, packet } = await reply;
    expect(JSON.parse(payload.toString())).toEqual({ ok: true, rpm: 2000 });
    expect(Buffer.from(/** @type {Buffer} */ (packet.properties?.correlationData))).toEqual(
      correlationData,
    );

    // The motor then ramps toward the new set speed.
    const motor = await nextMessage(
      client,
      (topic, body) => topic === `${PREFIX}/motor` && JSON.parse(body.toString()).rpm > 1600,
    );
    expect(JSON.parse(motor.payload.toString()).current).toBeGreaterThan(0);
  }, 15000);

  it('answers an MQTT 3.1.1 command on the documented reply topic', async () => {
    const brokerUrl = await startPlant();
    const client = await connect(brokerUrl, { protocolVersion: 4 });
    await client.subscribeAsync(`${PREFIX}/motor/set/reply`, { qos: 1 });

    let reply = nextMessage(client, (topic) => topic === `${PREFIX}/motor/set/reply`);
    await client.publishAsync(
      `${PREFIX}/motor/set`,
      JSON.stringify({ rpm: 2000, correlationId: 'abc' }),
      { qos: 1 },
    );
    expect(JSON.parse((await reply).payload.toString())).toEqual({
      ok: true,
      rpm: 2000,
      correlationId: 'abc',
    });

    reply = nextMessage(client, (topic) => topic === `${PREFIX}/motor/set/reply`);
    await client.publishAsync(`${PREFIX}/motor/set`, JSON.stringify({ command: 'stop' }), {
      qos: 1,
    });
    expect(JSON.parse((await reply).payload.toString())).toEqual({ ok: true, rpm: 0 });

    reply = nextMessage(client, (topic) => topic === `${PREFIX}/motor/set/reply`);
    await client.publishAsync(`${PREFIX}/motor/set`, 'fast please', { qos: 1 });
    const error = JSON.parse((await reply).payload.toString());
    expect(error.ok).toBe(false);
    expect(typeof error.error).toBe('string');
  }, 15000);

  it('sends CBOR vibration readings with the MQTT 5 content type', async () => {
    const brokerUrl = await startPlant();
    const client = await connect(brokerUrl, { protocolVersion: 5 });
    const vibration = nextMessage(client, (topic) => topic === `${PREFIX}/vibration`);
    await client.subscribeAsync(`${PREFIX}/vibration`);
    const { payload, packet } = await vibration;
    expect(packet.properties?.contentType).toBe('application/cbor');
    const body = decodeCbor(payload);
    expect(body.axis).toBe('x');
    expect(typeof body.rms).toBe('number');
  }, 15000);

  it('runs a Sparkplug B edge node: NBIRTH on Rebirth, NDATA by alias, NDEATH with bdSeq', async () => {
    const broker = await startEmbeddedBroker({ tcpPort: 0 });
    cleanups.push(() => broker.close());
    const brokerUrl = `mqtt://127.0.0.1:${broker.tcpPort}`;
    const devices = await startDemoDevices({ brokerUrl });
    const client = await connect(brokerUrl, { protocolVersion: 5 });
    await client.subscribeAsync('spBv1.0/demo/#');

    // A host that missed the birth asks for it again.
    const birthMessage = nextMessage(client, (topic) => topic === 'spBv1.0/demo/NBIRTH/plant1');
    const rebirth = encodeSparkplug({
      timestamp: Date.now(),
      metrics: [
        {
          name: 'Node Control/Rebirth',
          datatype: SPARKPLUG_TYPES.Boolean,
          boolean_value: true,
        },
      ],
    });
    await client.publishAsync('spBv1.0/demo/NCMD/plant1', rebirth);
    const birth = decodeSparkplug((await birthMessage).payload);
    expect(birth.seq).toBe(0);
    const names = birth.metrics.map((/** @type {{ name: string }} */ m) => m.name);
    expect(names).toEqual(expect.arrayContaining(['bdSeq', 'Oven/Temperature', 'Motor/RPM']));
    const bdSeq = birth.metrics.find((/** @type {{ name: string }} */ m) => m.name === 'bdSeq');

    const data = decodeSparkplug(
      (await nextMessage(client, (topic) => topic === 'spBv1.0/demo/NDATA/plant1')).payload,
    );
    expect(data.seq).toBeGreaterThan(0);
    expect(data.metrics[0].name).toBeUndefined();
    expect(data.metrics.map((/** @type {{ alias: number }} */ m) => m.alias)).toContain(1);

    const death = nextMessage(client, (topic) => topic === 'spBv1.0/demo/NDEATH/plant1');
    await devices.stop();
    const deathPayload = decodeSparkplug((await death).payload);
    expect(deathPayload.metrics[0]).toMatchObject({ name: 'bdSeq', long_value: bdSeq.long_value });
  }, 15000);

  it('publishes the retained "offline" status when stopped', async () => {
    const broker = await startEmbeddedBroker({ tcpPort: 0 });
    cleanups.push(() => broker.close());
    const brokerUrl = `mqtt://127.0.0.1:${broker.tcpPort}`;
    const devices = await startDemoDevices({ brokerUrl });
    await devices.stop();
    const client = await connect(brokerUrl, { protocolVersion: 5 });
    const status = nextMessage(client, (topic) => topic === `${PREFIX}/status`);
    await client.subscribeAsync(`${PREFIX}/status`);
    expect((await status).payload.toString()).toBe('offline');
  }, 15000);
});
