// A small simulated plant publishing into the broker, so a fresh Brokerscope has live data:
// periodic JSON telemetry, events, a retained status with a last will, a binary payload, a bare
// number, a command device that answers request/response (MQTT 5) or on a fixed reply topic,
// a CBOR vibration sensor and a Sparkplug B edge node (NBIRTH, NDATA every second, NDEATH as
// its will, Rebirth on command).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import mqtt from 'mqtt';
import protobuf from 'protobufjs';
import { encode as encodeCbor } from 'cbor-x';

const MOTOR_DEFAULT_RPM = 1500;
const MOTOR_MAX_RPM = 10000;
const FIRST_CONNECT_WAIT_MS = 5000;

/** @param {number} value @param {number} min @param {number} max */
const clamp = (value, min, max) => Math.min(max, Math.max(min, value));
/** @param {number} value @param {number} digits */
const round = (value, digits) => Number(value.toFixed(digits));
/** Uniform noise in [-amplitude, amplitude]. @param {number} amplitude */
const noise = (amplitude) => (Math.random() * 2 - 1) * amplitude;

/**
 * Parse a motor command payload.
 * @param {Buffer} payload
 * @returns {{ rpm: number, correlationId?: unknown } | { error: string, correlationId?: unknown }}
 */
function parseMotorCommand(payload) {
  /** @type {any} */
  let request;
  try {
    request = JSON.parse(payload.toString('utf8'));
  } catch {
    return { error: 'payload is not valid JSON' };
  }
  if (request === null || typeof request !== 'object' || Array.isArray(request)) {
    return { error: 'payload must be a JSON object like {"rpm": 2000}' };
  }
  const correlationId = request.correlationId;
  if (request.command === 'stop') return { rpm: 0, correlationId };
  if (request.command === 'start') return { rpm: MOTOR_DEFAULT_RPM, correlationId };
  if (request.command !== undefined) {
    return { error: `unknown command ${JSON.stringify(request.command)}`, correlationId };
  }
  const rpm = request.rpm;
  if (typeof rpm !== 'number' || !Number.isFinite(rpm) || rpm < 0 || rpm > MOTOR_MAX_RPM) {
    return { error: `rpm must be a number from 0 to ${MOTOR_MAX_RPM}`, correlationId };
  }
  return { rpm, correlationId };
}

/** The published Sparkplug B schema, the same file the app reads. */
const SPARKPLUG_PROTO = readFileSync(
  new URL('../src/domain/decoders/sparkplug_b.proto', import.meta.url),
  'utf8',
);
/** @type {import('protobufjs').Type | undefined} */
let sparkplugPayload;
/** Sparkplug B data types used by the demo node (the schema's DataType numbers). */
export const SPARKPLUG_TYPES = { Int32: 3, Int64: 4, Float: 9, Double: 10, Boolean: 11 };

/** @returns {import('protobufjs').Type} */
function sparkplugType() {
  sparkplugPayload ??= protobuf
    .parse(SPARKPLUG_PROTO, { keepCase: true })
    .root.lookupType('org.eclipse.tahu.protobuf.Payload');
  return sparkplugPayload;
}

/**
 * A Sparkplug B payload as bytes, from snake_case fields of the schema.
 * @param {Record<string, unknown>} payload
 */
export function encodeSparkplug(payload) {
  const type = sparkplugType();
  return Buffer.from(type.encode(type.fromObject(payload)).finish());
}

/**
 * Bytes back into a plain object (for tests and tools).
 * @param {Uint8Array} bytes
 * @returns {Record<string, any>}
 */
export function decodeSparkplug(bytes) {
  const type = sparkplugType();
  return type.toObject(type.decode(bytes), { longs: Number });
}

/**
 * A Sparkplug B edge node "plant1" in group "demo": NBIRTH with its metrics (names, aliases,
 * types) when it connects, NDATA every second naming metrics by alias only, NDEATH (with the
 * birth's bdSeq) as its will, and a new NBIRTH when a host sends "Node Control/Rebirth".
 * @param {{ brokerUrl: string, protocolVersion: 3 | 4 | 5, group?: string, node?: string }} options
 */
function startSparkplugNode({ brokerUrl, protocolVersion, group = 'demo', node = 'plant1' }) {
  const base = `spBv1.0/${group}`;
  const bdSeq = Math.floor(Math.random() * 256);
  const T = SPARKPLUG_TYPES;
  const deathPayload = () =>
    encodeSparkplug({
      timestamp: Date.now(),
      metrics: [{ name: 'bdSeq', datatype: T.Int64, long_value: bdSeq }],
    });
  const client = mqtt.connect(brokerUrl, {
    clientId: `brokerscope-demo-sparkplug-${randomBytes(4).toString('hex')}`,
    protocolVersion,
    clean: true,
    reconnectPeriod: 2000,
    connectTimeout: 5000,
    queueQoSZero: false,
    will: { topic: `${base}/NDEATH/${node}`, payload: deathPayload(), qos: 1, retain: false },
  });
  let seq = 0;
  let temperature = 68.5;
  let pressure = 2.1;
  let rpm = 1480;
  const running = true;
  let counter = 0;
  const nextSeq = () => {
    const current = seq;
    seq = (seq + 1) % 256;
    return current;
  };
  const birth = () => {
    seq = 0;
    const now = Date.now();
    const payload = encodeSparkplug({
      timestamp: now,
      seq: nextSeq(),
      metrics: [
        { name: 'bdSeq', datatype: T.Int64, long_value: bdSeq, timestamp: now },
        { name: 'Node Control/Rebirth', alias: 0, datatype: T.Boolean, boolean_value: false },
        { name: 'Oven/Temperature', alias: 1, datatype: T.Float, float_value: temperature },
        { name: 'Oven/Pressure', alias: 2, datatype: T.Double, double_value: pressure },
        { name: 'Motor/RPM', alias: 3, datatype: T.Int32, int_value: rpm },
        { name: 'Motor/Running', alias: 4, datatype: T.Boolean, boolean_value: running },
        { name: 'Parts produced', alias: 5, datatype: T.Int64, long_value: counter },
      ],
    });
    client.publish(`${base}/NBIRTH/${node}`, payload, { qos: 0 });
  };
  client.on('connect', () => {
    client.subscribe(`${base}/NCMD/${node}`, { qos: 0 });
    birth();
  });
  client.on('error', (err) => console.error(`[demo sparkplug] ${err.message}`));
  client.on('message', (topic, payload) => {
    if (topic !== `${base}/NCMD/${node}`) return;
    try {
      const metrics = /** @type {Array<{ name?: string, boolean_value?: boolean }>} */ (
        decodeSparkplug(payload).metrics ?? []
      );
      if (metrics.some((m) => m.name === 'Node Control/Rebirth' && m.boolean_value)) birth();
    } catch {
      // Not a Sparkplug B payload: ignored, as an edge node does.
    }
  });
  const timer = setInterval(() => {
    if (!client.connected) return;
    temperature = clamp(temperature + noise(0.4) + (68.5 - temperature) * 0.05, 60, 80);
    pressure = clamp(pressure + noise(0.03) + (2.1 - pressure) * 0.05, 1.5, 3);
    rpm = Math.round(clamp(rpm + noise(15) + (1480 - rpm) * 0.1, 1200, 1800));
    counter += Math.random() < 0.7 ? 1 : 0;
    const now = Date.now();
    const payload = encodeSparkplug({
      timestamp: now,
      seq: nextSeq(),
      metrics: [
        { alias: 1, timestamp: now, datatype: T.Float, float_value: round(temperature, 2) },
        { alias: 2, timestamp: now, datatype: T.Double, double_value: round(pressure, 3) },
        { alias: 3, timestamp: now, datatype: T.Int32, int_value: rpm },
        { alias: 5, timestamp: now, datatype: T.Int64, long_value: counter },
      ],
    });
    client.publish(`${base}/NDATA/${node}`, payload, { qos: 0 });
  }, 1000);
  const stop = async () => {
    clearInterval(timer);
    if (client.connected) {
      // A clean disconnect suppresses the will: the node says it is gone itself.
      await new Promise((resolve) => {
        const timeout = setTimeout(resolve, 1000);
        client.publish(`${base}/NDEATH/${node}`, deathPayload(), { qos: 1 }, () => {
          clearTimeout(timeout);
          resolve(undefined);
        });
      });
    }
    await new Promise((resolve) => client.end(false, {}, () => resolve(undefined)));
  };
  return { stop };
}

/**
 * Start the simulated devices.
 * @param {{
 *   brokerUrl?: string, prefix?: string, protocolVersion?: 3 | 4 | 5,
 *   connect?: (url: string, options: import('mqtt').IClientOptions) => import('mqtt').MqttClient,
 * }} [options] `connect`: how the plant gets its client (mqtt.js by default; the AMQP demo in
 *   bridges/amqp-demo.mjs gives one that speaks AMQP).
 * @returns {Promise<{ stop: () => Promise<void> }>}
 */
export async function startDemoDevices({
  brokerUrl = 'mqtt://127.0.0.1:1883',
  prefix = 'demo/plant/line1',
  protocolVersion = 5,
  connect = mqtt.connect,
} = {}) {
  const statusTopic = `${prefix}/status`;
  const commandTopic = `${prefix}/motor/set`;
  const replyTopic = `${prefix}/motor/set/reply`;

  const client = connect(brokerUrl, {
    clientId: `brokerscope-demo-${randomBytes(4).toString('hex')}`,
    protocolVersion,
    clean: true,
    reconnectPeriod: 2000,
    connectTimeout: 5000,
    // Telemetry is only meaningful live; don't pile it up while disconnected.
    queueQoSZero: false,
    will: { topic: statusTopic, payload: Buffer.from('offline'), qos: 1, retain: true },
  });

  let temperatureCelsius = 21.3;
  let humidityPercent = 45.2;
  let pressureHpa = 1013.2;
  let motorRpm = 0;
  let motorTargetRpm = MOTOR_DEFAULT_RPM;
  const sensorValues = { a: 1.2, b: 3.4 };

  /** @param {string} topic @param {unknown} body */
  const publishJson = (topic, body) => {
    if (client.connected) client.publish(topic, JSON.stringify(body));
  };

  client.on('connect', () => {
    client.publish(statusTopic, 'online', { qos: 1, retain: true });
    client.subscribe(commandTopic, { qos: 1 });
  });
  client.on('error', (err) => {
    // mqtt.js keeps reconnecting on its own; just make the cause visible.
    console.error(`[demo] ${err.message}`);
  });

  client.on('message', (topic, payload, packet) => {
    if (topic !== commandTopic) return;
    const result = parseMotorCommand(payload);
    /** @type {Record<string, unknown>} */
    const reply =
      'error' in result ? { ok: false, error: result.error } : { ok: true, rpm: result.rpm };
    if ('rpm' in result) motorTargetRpm = result.rpm;
    if (result.correlationId !== undefined) reply.correlationId = result.correlationId;

    const requestProps = packet.properties;
    if (requestProps?.responseTopic) {
      /** @type {import('mqtt').IClientPublishOptions} */
      const options = { qos: 1 };
      if (requestProps.correlationData) {
        options.properties = { correlationData: requestProps.correlationData };
      }
      client.publish(requestProps.responseTopic, JSON.stringify(reply), options);
    } else {
      client.publish(replyTopic, JSON.stringify(reply), { qos: 1 });
    }
  });

  /** @type {ReturnType<typeof setTimeout>[]} */
  const timers = [];
  /** @param {number} periodMs @param {() => void} tick */
  const every = (periodMs, tick) => timers.push(setInterval(tick, periodMs));

  every(500, () => {
    // Mean-reverting random walk: drifts smoothly but stays near room temperature.
    temperatureCelsius = clamp(
      temperatureCelsius + noise(0.15) + (21.5 - temperatureCelsius) * 0.02,
      15,
      30,
    );
    publishJson(`${prefix}/temperature`, { celsius: round(temperatureCelsius, 2), ts: Date.now() });
  });
  every(1000, () => {
    humidityPercent = clamp(humidityPercent + noise(0.4) + (45 - humidityPercent) * 0.02, 20, 80);
    publishJson(`${prefix}/humidity`, { percent: round(humidityPercent, 1), ts: Date.now() });
  });
  every(250, () => {
    // First-order lag toward the set speed, like a motor drive ramping.
    motorRpm += (motorTargetRpm - motorRpm) * 0.15 + (motorTargetRpm > 0 ? noise(5) : 0);
    motorRpm = Math.max(0, motorRpm);
    const currentAmps = motorRpm < 1 ? 0 : 0.4 + (motorRpm / MOTOR_DEFAULT_RPM) * 2.7 + noise(0.05);
    publishJson(`${prefix}/motor`, {
      rpm: Math.round(motorRpm),
      current: round(currentAmps, 2),
      ts: Date.now(),
    });
  });
  every(1000, () => {
    sensorValues.a = clamp(sensorValues.a + noise(0.1), 0, 5);
    sensorValues.b = clamp(sensorValues.b + noise(0.1), 0, 5);
    publishJson(`${prefix}/sensors`, {
      sensors: [
        { id: 'a', value: round(sensorValues.a, 2) },
        { id: 'b', value: round(sensorValues.b, 2) },
      ],
      ts: Date.now(),
    });
  });
  every(1000, () => {
    pressureHpa = clamp(pressureHpa + noise(0.3) + (1013.2 - pressureHpa) * 0.05, 980, 1040);
    if (client.connected) client.publish(`${prefix}/pressure`, pressureHpa.toFixed(1));
  });
  every(1000, () => {
    // A vibration sensor that speaks CBOR; MQTT 5 says so in the content type.
    const body = encodeCbor({
      rms: round(0.4 + Math.random() * 0.1, 3),
      peak: round(1.2 + Math.random() * 0.3, 3),
      axis: 'x',
      ts: Date.now(),
    });
    if (client.connected) {
      client.publish(
        `${prefix}/vibration`,
        body,
        protocolVersion === 5 ? { properties: { contentType: 'application/cbor' } } : {},
      );
    }
  });
  every(3000, () => {
    // PNG signature + random bytes: 0x89 can't start a UTF-8 sequence, so it's never text.
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    if (client.connected) {
      client.publish(`${prefix}/camera/thumbnail`, Buffer.concat([png, randomBytes(56)]));
    }
  });

  let doorOpen = false;
  /** @type {ReturnType<typeof setTimeout> | null} */
  let doorTimer = null;
  const scheduleDoor = () => {
    doorTimer = setTimeout(
      () => {
        doorOpen = !doorOpen;
        publishJson(`${prefix}/door`, {
          event: doorOpen ? 'opened' : 'closed',
          door: 'north',
          ts: Date.now(),
        });
        scheduleDoor();
      },
      5000 + Math.random() * 10000,
    );
  };
  scheduleDoor();
  const sparkplugNode = startSparkplugNode({ brokerUrl, protocolVersion });

  // Give callers a connected client when the broker is up, but don't fail if it isn't yet:
  // mqtt.js keeps retrying in the background.
  await new Promise((resolve) => {
    const timer = setTimeout(resolve, FIRST_CONNECT_WAIT_MS);
    client.once('connect', () => {
      clearTimeout(timer);
      resolve(undefined);
    });
  });

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    for (const timer of timers) clearInterval(timer);
    if (doorTimer) clearTimeout(doorTimer);
    await sparkplugNode.stop();
    if (client.connected) {
      // A clean disconnect suppresses the will, so report 'offline' ourselves.
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, 1000);
        client.publish(statusTopic, 'offline', { qos: 1, retain: true }, () => {
          clearTimeout(timer);
          resolve(undefined);
        });
      });
    }
    await new Promise((resolve) => client.end(false, {}, () => resolve(undefined)));
  };

  return { stop };
}
