/**
 * "MQTT and AMQP through one broker" and the shared-subscription verdict on RabbitMQ, against the
 * embedded aedes: as it is (not RabbitMQ), and acting as RabbitMQ's MQTT plugin (each published
 * topic goes through its AMQP routing key, so a dot inside a level comes back as a separator) with
 * the server's real AMQP helper logic answering the probes. The end-to-end tests run it against a
 * real RabbitMQ.
 */
import type { PublishPacket } from 'aedes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProtocolVersion } from '../../domain/mqtt-types';
import type { BrokerInfo } from '../../domain/broker-info';
import { createInProcessConnection } from '../../test-support/in-process-connection';
import { startTestBroker, type TestBroker } from '../../test-support/test-broker';
import { answerProbe } from '../../../server/bridges/amqp-helper.mjs';
import {
  createMqttAndAmqp,
  HOW_TO_START_RABBITMQ,
  mqttAndAmqp,
  RABBITMQ_SHARE,
  routingKeyOf,
  topicOf,
  withRabbitmqShareVerdict,
} from './mqtt-amqp-steps';
import { runScenario } from './scenario-runner';
import type { ScenarioDefinition } from './scenario-types';
import { REPORT_SCENARIOS, SCENARIOS } from './scenarios';
import { sharedSubscriptions } from './shared-steps';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
let runs = 0;

/** Simulated ms per real ms: aedes answers in a few ms, so the scenarios' waits run 5× faster. */
const SPEED = 5;

function run(definition: ScenarioDefinition, broker: TestBroker, version: ProtocolVersion = 4) {
  return runScenario(
    definition,
    {
      base: { url: broker.wsUrl, protocolVersion: version },
      createConnection: () => createInProcessConnection(),
      sleep: (ms) => sleep(ms / SPEED),
      now: () => Date.now() * SPEED,
      runId: `ma${++runs}v${version}`,
    },
    () => undefined,
  );
}

const noInfo = createMqttAndAmqp({ brokerInfo: async () => undefined });

interface Imitation {
  /** Run the AMQP helper's answers (as npm start -- --broker=rabbitmq does). */
  helper: boolean;
  /** RabbitMQ marks QoS 1 and 2 publishes persistent; a broken one would not. */
  persistentQos1: boolean;
}

/**
 * aedes acting as RabbitMQ: a published topic becomes the routing key (/ as .) and subscribers
 * see the topic mapped back; each publish under …/amqp-probe/ is answered as the AMQP helper
 * answers what RabbitMQ hands it.
 */
function actAsRabbitmq(broker: TestBroker, imitation: Imitation): void {
  broker.aedes.authorizePublish = (_client, packet, callback) => {
    const routingKey = routingKeyOf(packet.topic);
    packet.topic = topicOf(routingKey);
    callback(null);
    if (!imitation.helper) return;
    const answer = answerProbe({
      fields: { exchange: 'amq.topic', routingKey, redelivered: false },
      properties: {
        deliveryMode: packet.qos > 0 && imitation.persistentQos1 ? 2 : 1,
        headers: { 'x-mqtt-publish-qos': packet.qos, 'x-mqtt-dup': false },
      },
      content: Buffer.from(packet.payload),
    });
    for (const { routingKey: key, body } of answer?.publishes ?? []) {
      const reply = {
        cmd: 'publish',
        topic: topicOf(key),
        payload: Buffer.from(JSON.stringify(body)),
        qos: 1,
        retain: false,
        dup: false,
      } as unknown as PublishPacket;
      setTimeout(() => broker.aedes.publish(reply, () => undefined), 5);
    }
  };
}

describe('MQTT and AMQP through one broker', { timeout: 30_000 }, () => {
  it('is listed with the scenarios, left out of the report card; Shared subscriptions is wrapped', () => {
    expect(SCENARIOS).toContain(mqttAndAmqp);
    expect(REPORT_SCENARIOS).not.toContain(mqttAndAmqp);
    const shared = SCENARIOS.find((s) => s.id === 'shared');
    expect(shared).toBeDefined();
    expect(shared).not.toBe(sharedSubscriptions);
    expect(shared?.name).toBe(sharedSubscriptions.name);
    expect(REPORT_SCENARIOS).toContain(shared);
  });

  describe('on a broker that is not RabbitMQ', () => {
    let broker: TestBroker;
    beforeAll(async () => {
      broker = await startTestBroker();
    });
    afterAll(() => broker?.stop());

    it('says it needs RabbitMQ, why, and how to start it', async () => {
      const info: BrokerInfo = {
        kind: 'embedded',
        name: 'aedes (embedded)',
        webSocketPath: '/mqtt',
        mqttVersions: ['3.1.1', '5.0'],
        amqpHelper: false,
      };
      const final = await run(createMqttAndAmqp({ brokerInfo: async () => info }), broker, 5);
      expect(final.outcome?.kind).toBe('unsupported');
      expect(final.outcome?.text).toMatch(
        /^Not supported: needs RabbitMQ: \S+\/identify\/v1\.0 came back as it was sent/,
      );
      expect(final.outcome?.text).toContain("the page's server runs aedes (embedded)");
      expect(final.outcome?.text).toContain(HOW_TO_START_RABBITMQ);
    });

    it('leaves the shared-subscription verdict as it was', async () => {
      const final = await run(withRabbitmqShareVerdict(sharedSubscriptions), broker, 4);
      expect(final.outcome?.text).toMatch(
        /^Not supported: the broker accepted the subscription but delivered nothing to the group/,
      );
      expect(final.steps.at(-1)?.detail).toMatch(/came back as it was sent/);
    });
  });

  describe('on a broker acting as RabbitMQ, with the AMQP helper', () => {
    let broker: TestBroker;
    beforeAll(async () => {
      broker = await startTestBroker();
      actAsRabbitmq(broker, { helper: true, persistentQos1: true });
    });
    afterAll(() => broker?.stop());

    it('shows the AMQP side of MQTT publishes, an AMQP publish on MQTT, and what the mapping loses', async () => {
      const final = await run(noInfo, broker);
      const prefix = final.topicPrefix ?? '';
      const key = routingKeyOf(prefix);
      expect(final.outcome?.kind, final.outcome?.text).toBe('ok');
      expect(final.outcome?.text).toBe(
        'MQTT publishes reached AMQP on amq.topic with routing key = topic, / written as . ' +
          '(QoS 1 persistent with x-mqtt-publish-qos=1, x-mqtt-dup=false; QoS 0 not persistent); ' +
          `an AMQP publish with routing key ${key}.from-amqp.plant.line1.door arrived on MQTT as ${prefix}/from-amqp/plant/line1/door; ` +
          `and the level “v1.2” came back as “v1/2” (${prefix}/amqp-probe/firmware/v1/2): a dot inside an MQTT level is lost on the way through AMQP.`,
      );
      const details = final.steps.map((s) => `${s.label}: ${s.detail ?? ''}`).join('\n');
      expect(details).toContain(
        `exchange amq.topic, routing key ${key}.amqp-probe.plant.line1.temperature, persistent (delivery mode 2), headers x-mqtt-publish-qos=1, x-mqtt-dup=false`,
      );
      expect(details).toContain('not persistent (delivery mode 1), headers x-mqtt-publish-qos=0');
      expect(details).toContain('MQTT 3.1.1 has no user properties');
      expect(details).toContain(
        `routing key ${key}.amqp-probe.firmware.v1.2; MQTT subscribers see ${prefix}/amqp-probe/firmware/v1/2`,
      );
    });

    it('says "RabbitMQ treats $share/… as a plain topic" for shared subscriptions', async () => {
      const final = await run(withRabbitmqShareVerdict(sharedSubscriptions), broker, 4);
      expect(final.outcome?.kind).toBe('unsupported');
      expect(final.outcome?.text).toMatch(
        new RegExp(
          `^Not supported: ${RABBITMQ_SHARE.replace('$', '\\$')}: the broker accepted the subscription but delivered nothing to the group`,
        ),
      );
    });
  });

  describe('on a broker acting as RabbitMQ, without the helper', () => {
    let broker: TestBroker;
    beforeAll(async () => {
      broker = await startTestBroker();
      actAsRabbitmq(broker, { helper: false, persistentQos1: true });
    });
    afterAll(() => broker?.stop());

    it('could not test the AMQP side, and says where the helper runs', async () => {
      const final = await run(noInfo, broker);
      expect(final.outcome?.kind).toBe('untested');
      expect(final.outcome?.text).toMatch(
        /^Could not test: the broker is RabbitMQ, but no AMQP helper answered/,
      );
      expect(final.outcome?.text).toContain('npm start -- --broker=rabbitmq');
    });
  });

  describe('on a broker acting as a RabbitMQ that loses persistence', () => {
    let broker: TestBroker;
    beforeAll(async () => {
      broker = await startTestBroker();
      actAsRabbitmq(broker, { helper: true, persistentQos1: false });
    });
    afterAll(() => broker?.stop());

    it('fails, saying what AMQP saw', async () => {
      const final = await run(noInfo, broker);
      expect(final.outcome).toMatchObject({
        kind: 'failed',
        text: 'Failed: the QoS 1 message was not persistent on AMQP.',
      });
    });
  });
});
