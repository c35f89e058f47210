// How RabbitMQ's MQTT plugin (3.10) names MQTT topics in AMQP, as pure functions: MQTT publishes
// go to the topic exchange `amq.topic` with the topic as routing key, `/` written as `.`; AMQP
// messages on `amq.topic` reach MQTT subscribers under the reverse mapping. Checked against
// RabbitMQ 3.10.8 (server/bridges/amqp.test.mjs):
//
//   MQTT topic   plant/line1/temperature   ->  routing key  plant.line1.temperature
//   MQTT filter  plant/+/temperature       ->  binding key  plant.*.temperature
//   MQTT filter  plant/#                   ->  binding key  plant.#
//   routing key  plant.line1.door          ->  MQTT topic   plant/line1/door
//
// The mapping is lossy: a `.` inside an MQTT level is a separator to AMQP
// (`firmware/v1.2` -> `firmware.v1.2` -> back to MQTT as `firmware/v1/2`), a `/` inside an AMQP
// word becomes an MQTT level separator, and a `*` in a routing key arrives in MQTT as `+`.

/** The exchange RabbitMQ's MQTT plugin publishes to and consumes from. */
export const MQTT_EXCHANGE = 'amq.topic';

/** @param {string} topic */
export function mqttTopicToRoutingKey(topic) {
  return topic.replaceAll('/', '.');
}

/** @param {string} filter an MQTT filter (`+` and `#` wildcards) */
export function mqttFilterToBindingKey(filter) {
  return filter
    .split('/')
    .map((level) => (level === '+' ? '*' : level))
    .join('.');
}

/** @param {string} routingKey */
export function routingKeyToMqttTopic(routingKey) {
  return routingKey.replaceAll('*', '+').replaceAll('.', '/');
}

/**
 * What the round trip MQTT -> AMQP -> MQTT does to a topic: the routing key, the topic an MQTT
 * subscriber then sees, and in plain words what changed (empty when nothing did).
 * @param {string} topic
 * @returns {{ routingKey: string, topicBack: string, losses: string[] }}
 */
export function mappingLosses(topic) {
  const routingKey = mqttTopicToRoutingKey(topic);
  const topicBack = routingKeyToMqttTopic(routingKey);
  /** @type {string[]} */
  const losses = [];
  const dotted = topic.split('/').filter((level) => level.includes('.'));
  if (dotted.length > 0) {
    losses.push(
      `${dotted.map((level) => `“${level}”`).join(', ')} ${dotted.length > 1 ? 'are' : 'is'} one MQTT level but ` +
        `${dotted.length > 1 ? 'become' : 'becomes'} several AMQP words, so subscribers see ${topicBack}`,
    );
  }
  if (topic.includes('*')) {
    losses.push('a “*” is a wildcard word to AMQP bindings and arrives in MQTT as “+”');
  }
  return { routingKey, topicBack, losses };
}
