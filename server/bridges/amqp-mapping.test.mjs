import { describe, expect, it } from 'vitest';
import {
  mappingLosses,
  mqttFilterToBindingKey,
  mqttTopicToRoutingKey,
  routingKeyToMqttTopic,
} from './amqp-mapping.mjs';

describe('MQTT topic <-> AMQP routing key (RabbitMQ 3.10 MQTT plugin)', () => {
  it('writes / as . and back', () => {
    expect(mqttTopicToRoutingKey('demo/plant/line1/temperature')).toBe(
      'demo.plant.line1.temperature',
    );
    expect(routingKeyToMqttTopic('demo.plant.line1.motor.set.reply')).toBe(
      'demo/plant/line1/motor/set/reply',
    );
  });

  it('maps the MQTT wildcards to AMQP binding wildcards', () => {
    expect(mqttFilterToBindingKey('demo/plant/+/motor/set')).toBe('demo.plant.*.motor.set');
    expect(mqttFilterToBindingKey('demo/#')).toBe('demo.#');
    // Only a whole level is a wildcard.
    expect(mqttFilterToBindingKey('a/b+c/d')).toBe('a.b+c.d');
  });

  it('keeps empty levels as empty words', () => {
    expect(mqttTopicToRoutingKey('/a//b/')).toBe('.a..b.');
    expect(routingKeyToMqttTopic('.a..b.')).toBe('/a//b/');
  });

  it('loses a dot inside a level: it comes back as a level separator', () => {
    expect(mappingLosses('firmware/v1.2/notes')).toEqual({
      routingKey: 'firmware.v1.2.notes',
      topicBack: 'firmware/v1/2/notes',
      losses: [
        '“v1.2” is one MQTT level but becomes several AMQP words, so subscribers see firmware/v1/2/notes',
      ],
    });
  });

  it('turns a slash inside an AMQP word into an MQTT level, and * into +', () => {
    expect(routingKeyToMqttTopic('orders.eu/west.created')).toBe('orders/eu/west/created');
    expect(routingKeyToMqttTopic('jobs.star*x')).toBe('jobs/star+x');
    expect(mappingLosses('jobs/star*x').losses).toEqual([
      'a “*” is a wildcard word to AMQP bindings and arrives in MQTT as “+”',
    ]);
  });

  it('loses nothing on plain topics', () => {
    expect(mappingLosses('demo/plant/line1/door')).toEqual({
      routingKey: 'demo.plant.line1.door',
      topicBack: 'demo/plant/line1/door',
      losses: [],
    });
  });
});
