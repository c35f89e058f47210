// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import { fitVersionToOwnBroker } from './own-broker-version';
import { useConnectionStore } from '../stores/connection-store';
import type { BrokerInfo } from '../domain/broker-info';

const page = { protocol: 'http:', host: 'localhost:5173' };
const rabbitmq: BrokerInfo = {
  kind: 'rabbitmq',
  name: 'RabbitMQ 3.10.8',
  webSocketPath: '/mqtt',
  mqttVersions: ['3.1.1'],
  amqpHelper: true,
};
const initial = useConnectionStore.getInitialState();

beforeEach(() => {
  useConnectionStore.setState(initial, true);
  useConnectionStore.getState().updateForm({ url: 'ws://localhost:5173/mqtt', protocolVersion: 5 });
});

describe('fitVersionToOwnBroker', () => {
  it('sets MQTT 3.1.1 for the page’s own RabbitMQ', async () => {
    expect(await fitVersionToOwnBroker(async () => rabbitmq, page)).toBe(true);
    expect(useConnectionStore.getState().form.protocolVersion).toBe(4);
  });

  it('leaves 5.0 for a broker that speaks it, another broker, or an unknown server', async () => {
    const embedded = { ...rabbitmq, kind: 'embedded', mqttVersions: ['3.1.1', '5.0'] };
    expect(await fitVersionToOwnBroker(async () => embedded, page)).toBe(false);
    expect(await fitVersionToOwnBroker(async () => undefined, page)).toBe(false);
    useConnectionStore.getState().updateForm({ url: 'ws://broker.example:8080/mqtt' });
    expect(await fitVersionToOwnBroker(async () => rabbitmq, page)).toBe(false);
    expect(useConnectionStore.getState().form.protocolVersion).toBe(5);
  });
});
