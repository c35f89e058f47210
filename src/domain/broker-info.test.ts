import { describe, expect, it } from 'vitest';
import { isOwnBroker, ownBrokerUrl, parseBrokerInfo, versionFor } from './broker-info';

const rabbitmq = {
  kind: 'rabbitmq',
  name: 'RabbitMQ 3.10.8',
  webSocketPath: '/mqtt',
  mqttVersions: ['3.1.1'],
  tcpUrl: 'mqtt://127.0.0.1:1883',
  webMqttUrl: 'ws://127.0.0.1:15675/ws',
  amqp: { url: 'amqp://127.0.0.1:5672', user: 'guest', vhost: '/', exchange: 'amq.topic' },
  amqpHelper: true,
  demo: { prefix: 'demo/plant/line1', via: 'amqp' },
};
const page = { protocol: 'http:', host: 'localhost:5173' };

describe('broker info from /api/broker', () => {
  it('reads what the server says about RabbitMQ', () => {
    expect(parseBrokerInfo(rabbitmq)).toEqual({
      kind: 'rabbitmq',
      name: 'RabbitMQ 3.10.8',
      webSocketPath: '/mqtt',
      mqttVersions: ['3.1.1'],
      webMqttUrl: 'ws://127.0.0.1:15675/ws',
      amqp: { url: 'amqp://127.0.0.1:5672', user: 'guest', vhost: '/', exchange: 'amq.topic' },
      amqpHelper: true,
    });
  });

  it('gives up on anything else (a static host answers index.html, an old server 404)', () => {
    expect(parseBrokerInfo(undefined)).toBeUndefined();
    expect(parseBrokerInfo('<!doctype html>')).toBeUndefined();
    expect(parseBrokerInfo({ ...rabbitmq, mqttVersions: '3.1.1' })).toBeUndefined();
    expect(parseBrokerInfo({ ...rabbitmq, kind: 3 })).toBeUndefined();
    expect(parseBrokerInfo({ ...rabbitmq, amqp: { url: 1 } })?.amqp).toBeUndefined();
  });

  it('knows the page’s own broker URL, and RabbitMQ’s own', () => {
    const info = parseBrokerInfo(rabbitmq)!;
    expect(ownBrokerUrl(info, page)).toBe('ws://localhost:5173/mqtt');
    expect(ownBrokerUrl(info, { protocol: 'https:', host: 'scope.example' })).toBe(
      'wss://scope.example/mqtt',
    );
    expect(isOwnBroker(info, 'ws://localhost:5173/mqtt', page)).toBe(true);
    expect(isOwnBroker(info, 'ws://127.0.0.1:15675/ws', page)).toBe(true);
    expect(isOwnBroker(info, 'ws://localhost:1884/mqtt', page)).toBe(false);
    expect(isOwnBroker(info, 'not a url', page)).toBe(false);
  });

  it('picks MQTT 3.1.1 for a broker that does not speak 5.0', () => {
    const info = parseBrokerInfo(rabbitmq)!;
    expect(versionFor(info, 5)).toBe(4);
    expect(versionFor(info, 4)).toBe(4);
    const both = parseBrokerInfo({
      ...rabbitmq,
      kind: 'embedded',
      mqttVersions: ['3.1.1', '5.0'],
    })!;
    expect(versionFor(both, 5)).toBe(5);
  });
});
