// The demo plant on RabbitMQ, each part speaking the protocol a real system would: the devices
// publish their telemetry and events over AMQP to `amq.topic` (the browser sees them as MQTT
// topics), and a dispatcher consumes motor commands over AMQP from a queue bound to
// `demo.plant.*.motor.set` and answers on the reply topic (the MQTT 3.1.1 convention: a
// `correlationId` field, since RabbitMQ's Web MQTT has no MQTT 5 response topic before 3.13).
//
// The plant itself is demo-devices.mjs; it gets a client here that looks like mqtt.js's but
// publishes and consumes over AMQP. AMQP has no retained messages and no last will: the retained
// `status` (online, and offline as the will) goes over a small MQTT connection of its own, as does
// the Sparkplug B edge node (its namespace spBv1.0 has a dot: RabbitMQ hands it to MQTT
// subscribers as spBv1/0/…, the mapping's loss in practice).
import { EventEmitter } from 'node:events';
import amqp from 'amqplib';
import mqtt from 'mqtt';
import { startDemoDevices } from '../demo-devices.mjs';
import {
  MQTT_EXCHANGE,
  mqttFilterToBindingKey,
  mqttTopicToRoutingKey,
  routingKeyToMqttTopic,
} from './amqp-mapping.mjs';

const RETRY_MS = 2000;
/** What an AMQP consumer sees as the publisher of the demo's messages. */
export const DEMO_APP_ID = 'brokerscope-demo';

/** @param {string | Buffer | Uint8Array} payload */
const toBuffer = (payload) =>
  typeof payload === 'string' ? Buffer.from(payload, 'utf8') : Buffer.from(payload);

/** @param {Buffer} payload */
function looksLikeJson(payload) {
  const first = payload.find((byte) => byte !== 0x20 && byte !== 0x0a && byte !== 0x0d);
  return first === 0x7b || first === 0x5b; // { or [
}

/**
 * What an MQTT publish of the plant becomes on AMQP: the message's properties.
 * @param {number} qos @param {Buffer} payload
 * @returns {import('amqplib').Options.Publish}
 */
export function amqpPublishOptions(qos, payload) {
  return {
    // What RabbitMQ's MQTT plugin does too: QoS 1 and 2 arrive persistent, QoS 0 not.
    persistent: qos > 0,
    contentType: looksLikeJson(payload) ? 'application/json' : undefined,
    appId: DEMO_APP_ID,
    timestamp: Math.floor(Date.now() / 1000),
    headers: { 'x-brokerscope-origin': 'amqp' },
  };
}

/**
 * An mqtt.js-shaped client (the part demo-devices.mjs uses) over AMQP.
 * Events: 'connect' once the AMQP channel and the command queue are ready (again after a
 * reconnect), 'message' (topic, payload, packet) for each command, 'error'.
 */
class AmqpPlantClient extends EventEmitter {
  /**
   * @param {{ amqpUrl: string, statusUrl: string, commandBinding: string,
   *   queueName: string, mqttOptions: import('mqtt').IClientOptions }} options
   */
  constructor({ amqpUrl, statusUrl, commandBinding, queueName, mqttOptions }) {
    super();
    this.connected = false;
    this.amqpUrl = amqpUrl;
    this.commandBinding = commandBinding;
    this.queueName = queueName;
    /** @type {import('amqplib').ChannelModel | null} */
    this.connection = null;
    /** @type {import('amqplib').Channel | null} */
    this.channel = null;
    this.ending = false;
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.retryTimer = undefined;
    // Retained status and its will: MQTT only (3.1.1: RabbitMQ's MQTT plugin before 3.13).
    this.status = mqtt.connect(statusUrl, {
      clientId: mqttOptions.clientId,
      protocolVersion: 4,
      clean: true,
      reconnectPeriod: RETRY_MS,
      connectTimeout: 5000,
      will: mqttOptions.will,
    });
    this.status.on('error', (err) => this.emit('error', err));
    void this.open();
  }

  async open() {
    try {
      const connection = await amqp.connect(this.amqpUrl);
      if (this.ending) {
        await connection.close();
        return;
      }
      const channel = await connection.createChannel();
      await channel.assertQueue(this.queueName, {
        exclusive: true,
        autoDelete: true,
        durable: false,
      });
      await channel.bindQueue(this.queueName, MQTT_EXCHANGE, this.commandBinding);
      await channel.consume(
        this.queueName,
        (message) => {
          if (!message) return;
          channel.ack(message);
          const topic = routingKeyToMqttTopic(message.fields.routingKey);
          const packet = { cmd: 'publish', topic, payload: message.content, qos: 1, retain: false };
          this.emit('message', topic, message.content, packet);
        },
        { noAck: false },
      );
      connection.on('error', () => undefined); // 'close' follows and says it
      connection.on('close', () => {
        this.connected = false;
        this.connection = null;
        this.channel = null;
        if (this.ending) return;
        this.emit('error', new Error('the AMQP connection to RabbitMQ closed; retrying'));
        this.retryTimer = setTimeout(() => void this.open(), RETRY_MS);
      });
      this.connection = connection;
      this.channel = channel;
      this.connected = true;
      this.emit('connect', { cmd: 'connack', returnCode: 0, sessionPresent: false });
    } catch (err) {
      if (this.ending) return;
      this.emit('error', new Error(`AMQP: ${/** @type {Error} */ (err).message}; retrying`));
      this.retryTimer = setTimeout(() => void this.open(), RETRY_MS);
    }
  }

  /**
   * @param {string} topic @param {string | Buffer} payload
   * @param {import('mqtt').IClientPublishOptions | ((err?: Error) => void)} [options]
   * @param {(err?: Error) => void} [callback]
   */
  publish(topic, payload, options, callback) {
    const opts = typeof options === 'function' ? {} : (options ?? {});
    const done = typeof options === 'function' ? options : callback;
    if (opts.retain) {
      this.status.publish(topic, payload, { qos: opts.qos ?? 0, retain: true }, (err) =>
        done?.(err ?? undefined),
      );
      return this;
    }
    const body = toBuffer(payload);
    try {
      if (!this.channel) throw new Error('not connected to RabbitMQ over AMQP');
      this.channel.publish(
        MQTT_EXCHANGE,
        mqttTopicToRoutingKey(topic),
        body,
        amqpPublishOptions(opts.qos ?? 0, body),
      );
      if (done) setImmediate(() => done());
    } catch (err) {
      if (done) setImmediate(() => done(/** @type {Error} */ (err)));
    }
    return this;
  }

  /** The command queue is bound when the channel opens; nothing more to do. */
  subscribe() {
    return this;
  }

  /**
   * @param {boolean} [_force] @param {object} [_options] @param {() => void} [callback]
   */
  end(_force, _options, callback) {
    this.ending = true;
    clearTimeout(this.retryTimer);
    const connection = this.connection;
    this.connected = false;
    this.connection = null;
    this.channel = null;
    const closeAmqp = connection ? connection.close().catch(() => undefined) : Promise.resolve();
    const closeStatus = new Promise((resolve) =>
      this.status.end(false, {}, () => resolve(undefined)),
    );
    void Promise.all([closeAmqp, closeStatus]).then(() => callback?.());
    return this;
  }
}

/**
 * Starts the demo plant on RabbitMQ: telemetry and events over AMQP, commands dispatched from an
 * AMQP queue, the retained status over MQTT.
 * @param {{ amqpUrl: string, mqttUrl: string, prefix?: string }} options `mqttUrl`: RabbitMQ's
 *   MQTT over TCP, for the retained status only.
 * @returns {Promise<{ stop: () => Promise<void>, commandBinding: string, commandQueue: string }>}
 */
export async function startAmqpDemo({ amqpUrl, mqttUrl, prefix = 'demo/plant/line1' }) {
  // demo/plant/line1 -> demo.plant.*.motor.set: the dispatcher serves every line of the plant.
  const plant = prefix.split('/').slice(0, -1).join('/');
  const commandBinding = mqttFilterToBindingKey(`${plant}/+/motor/set`);
  const commandQueue = `brokerscope.demo.dispatcher.${process.pid}.${Date.now().toString(36)}`;
  const devices = await startDemoDevices({
    // What still speaks MQTT itself (the Sparkplug B edge node: Sparkplug is MQTT by definition)
    // reaches RabbitMQ's MQTT listener; the plant's own client, below, speaks AMQP.
    brokerUrl: mqttUrl,
    prefix,
    protocolVersion: 4,
    connect: (_url, mqttOptions) =>
      /** @type {import('mqtt').MqttClient} */ (
        /** @type {unknown} */ (
          new AmqpPlantClient({
            amqpUrl,
            statusUrl: mqttUrl,
            commandBinding,
            queueName: commandQueue,
            mqttOptions,
          })
        )
      ),
  });
  return { stop: devices.stop, commandBinding, commandQueue };
}
