// A small simulated plant publishing into the broker, so a fresh Brokerscope has live data:
// periodic JSON telemetry, events, a retained status with a last will, a binary payload, a bare
// number, and a command device that answers request/response (MQTT 5) or on a fixed reply topic.
import { randomBytes } from 'node:crypto';
import mqtt from 'mqtt';

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
