// The RabbitMQ launcher's pure parts: the config it writes, the plugins, the environment. A real
// RabbitMQ is started once, in server/bridges/amqp.test.mjs (it takes 5-30 s).
import { describe, expect, it } from 'vitest';
import {
  enabledPluginsText,
  findRabbitmq,
  rabbitmqConfigText,
  rabbitmqEnv,
  rabbitmqVersion,
} from './rabbitmq.mjs';

describe('RabbitMQ config writer', () => {
  const ports = { amqpPort: 41001, mqttPort: 41002, webMqttPort: 41003 };

  it('puts every listener on 127.0.0.1 at the given ports', () => {
    const lines = rabbitmqConfigText(ports).split('\n');
    expect(lines).toContain('listeners.tcp.1 = 127.0.0.1:41001');
    expect(lines).toContain('mqtt.listeners.tcp.1 = 127.0.0.1:41002');
    expect(lines).toContain('web_mqtt.tcp.ip = 127.0.0.1');
    expect(lines).toContain('web_mqtt.tcp.port = 41003');
    // No listener on another address, and none left at a default port.
    const listenerLines = lines.filter((line) => /(listeners|tcp\.ip|tcp\.port)/.test(line));
    expect(listenerLines).toHaveLength(4);
    for (const line of listenerLines.filter((l) => l.includes(':'))) {
      expect(line).toMatch(/= 127\.0\.0\.1:\d+$/);
    }
  });

  it('lets anonymous MQTT clients in as guest, who may only come from loopback', () => {
    const text = rabbitmqConfigText(ports);
    expect(text).toContain('mqtt.allow_anonymous = true');
    expect(text).toContain('mqtt.default_user = guest');
    expect(text).toContain('loopback_users.guest = true');
    expect(text).toContain('mqtt.exchange = amq.topic');
  });

  it('refuses a missing or impossible port', () => {
    expect(() => rabbitmqConfigText({ ...ports, webMqttPort: 0 })).toThrow(/webMqttPort/);
    expect(() => rabbitmqConfigText({ ...ports, amqpPort: 70000 })).toThrow(/amqpPort/);
  });

  it('enables the MQTT and Web MQTT plugins as rabbitmq-plugins --offline would', () => {
    expect(enabledPluginsText()).toBe('[rabbitmq_mqtt,rabbitmq_web_mqtt].\n');
  });

  it('runs with its own folder, ports and epmd, whatever the caller set', () => {
    const env = rabbitmqEnv(
      { dir: '/tmp/x', nodeName: 'n@localhost', distPort: 41004, epmdPort: 41005 },
      {
        PATH: '/usr/bin',
        HOME: '/root',
        RABBITMQ_NODE_PORT: '5672',
        RABBITMQ_MNESIA_BASE: '/var/lib/rabbitmq/mnesia',
        ERL_EPMD_PORT: '4369',
      },
    );
    expect(env).toMatchObject({
      PATH: '/usr/bin',
      HOME: '/tmp/x',
      RABBITMQ_NODENAME: 'n@localhost',
      RABBITMQ_CONFIG_FILE: '/tmp/x/rabbitmq.conf',
      RABBITMQ_CONF_ENV_FILE: '/tmp/x/rabbitmq-env.conf',
      RABBITMQ_ENABLED_PLUGINS_FILE: '/tmp/x/enabled_plugins',
      RABBITMQ_MNESIA_BASE: '/tmp/x/mnesia',
      RABBITMQ_LOG_BASE: '/tmp/x/log',
      RABBITMQ_DIST_PORT: '41004',
      ERL_EPMD_ADDRESS: '127.0.0.1',
      ERL_EPMD_PORT: '41005',
    });
    expect(env.RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS).toContain(
      'inet_dist_use_interface {127,0,0,1}',
    );
    expect(env).not.toHaveProperty('RABBITMQ_NODE_PORT');
  });
});

describe('installed RabbitMQ', () => {
  it('is there (CI installs it; a missing one must fail loudly rather than skip)', () => {
    expect(
      findRabbitmq(),
      'apt-get install --no-install-recommends rabbitmq-server',
    ).not.toBeNull();
    expect(rabbitmqVersion()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
