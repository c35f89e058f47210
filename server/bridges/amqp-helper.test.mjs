import { describe, expect, it } from 'vitest';
import { answerProbe, HELPER_APP_ID } from './amqp-helper.mjs';

/**
 * @param {string} routingKey @param {string} payload
 * @param {Record<string, unknown>} [properties]
 */
function message(routingKey, payload, properties = {}) {
  return {
    fields: { exchange: 'amq.topic', routingKey, redelivered: false },
    properties,
    content: Buffer.from(payload),
  };
}

describe('the scenario helper', () => {
  it('reports what a probe looked like to AMQP, on the run’s own report topic', () => {
    const answer = answerProbe(
      message('brokerscope.scenarios.mqtt-amqp-4k2f.amqp-probe.plant.line1.temperature', '21.5', {
        deliveryMode: 2,
        headers: { 'x-mqtt-publish-qos': 1, 'x-mqtt-dup': false },
      }),
    );
    expect(answer?.publishes).toHaveLength(1);
    const [report] = answer?.publishes ?? [];
    expect(report?.routingKey).toBe('brokerscope.scenarios.mqtt-amqp-4k2f.amqp-report');
    expect(report?.options).toMatchObject({ persistent: true, appId: HELPER_APP_ID });
    expect(report?.body).toMatchObject({
      exchange: 'amq.topic',
      routingKey: 'brokerscope.scenarios.mqtt-amqp-4k2f.amqp-probe.plant.line1.temperature',
      persistent: true,
      deliveryMode: 2,
      headers: { 'x-mqtt-publish-qos': 1, 'x-mqtt-dup': false },
      payload: '21.5',
      bytes: 4,
    });
  });

  it('says when a message was not persistent (QoS 0)', () => {
    const answer = answerProbe(
      message('brokerscope.scenarios.run-1.amqp-probe.a', 'x', { deliveryMode: 1 }),
    );
    expect(answer?.publishes[0]?.body).toMatchObject({ persistent: false, deliveryMode: 1 });
  });

  it('publishes back over AMQP under the run’s from-amqp subtree when asked', () => {
    const answer = answerProbe(
      message(
        'brokerscope.scenarios.run-1.amqp-probe.a',
        JSON.stringify({ sendBack: 'plant.door' }),
      ),
    );
    expect(answer?.publishes.map((p) => p.routingKey)).toEqual([
      'brokerscope.scenarios.run-1.amqp-report',
      'brokerscope.scenarios.run-1.from-amqp.plant.door',
    ]);
  });

  it('never publishes outside the run’s prefix, nor for what is not a probe', () => {
    expect(answerProbe(message('demo.plant.line1.temperature', '1'))).toBeNull();
    expect(answerProbe(message('brokerscope.scenarios.run-1.amqp-report', '{}'))).toBeNull();
    expect(answerProbe(message('brokerscope.scenarios.RUN#.amqp-probe.a', '{}'))).toBeNull();
    const sneaky = answerProbe(
      message('brokerscope.scenarios.run-1.amqp-probe.a', JSON.stringify({ sendBack: 'a.#' })),
    );
    expect(sneaky?.publishes).toHaveLength(1);
  });

  it('shows at most 256 characters of a large payload', () => {
    const answer = answerProbe(message('brokerscope.scenarios.r.amqp-probe.a', 'x'.repeat(1000)));
    expect(answer?.publishes[0]?.body).toMatchObject({ bytes: 1000 });
    expect(String(answer?.publishes[0]?.body.payload)).toHaveLength(257);
  });
});
