import { describe, it, expect } from 'vitest';
import {
  buildClientOptions,
  defaultConnectionForm,
  randomClientId,
  reconnectDelayMs,
  validateBrokerUrl,
  validateConnectionForm,
  validateWill,
  type ConnectionForm,
} from './client-options';

const httpPage = { protocol: 'http:', host: 'localhost:8080' };

function form(overrides: Partial<ConnectionForm> = {}): ConnectionForm {
  return { ...defaultConnectionForm(httpPage), ...overrides };
}

describe('defaultConnectionForm', () => {
  it('points at the page host over ws on http and wss on https', () => {
    expect(defaultConnectionForm(httpPage).url).toBe('ws://localhost:8080/mqtt');
    expect(defaultConnectionForm({ protocol: 'https:', host: 'example.com' }).url).toBe(
      'wss://example.com/mqtt',
    );
  });

  it('uses the documented defaults', () => {
    const f = defaultConnectionForm(httpPage);
    expect(f).toMatchObject({
      protocolVersion: 5,
      cleanStart: true,
      keepaliveSec: 30,
      sessionExpirySec: 0,
      connectTimeoutMs: 10_000,
      reconnect: true,
      username: '',
      password: '',
    });
    expect(f.will.enabled).toBe(false);
    expect(f.clientId).toMatch(/^brokerscope-[0-9a-z]{8}$/);
  });

  it('makes a different client ID each time', () => {
    expect(randomClientId(() => 0)).toBe('brokerscope-00000000');
    expect(randomClientId(() => 0.999999)).toBe('brokerscope-zzzzzzzz');
    const ids = new Set(Array.from({ length: 50 }, () => defaultConnectionForm(httpPage).clientId));
    expect(ids.size).toBe(50);
  });
});

describe('validateBrokerUrl', () => {
  it.each(['ws://localhost:9001/mqtt', 'wss://broker.example.com/mqtt', 'ws://[::1]:9001'])(
    'accepts %s',
    (url) => {
      expect(validateBrokerUrl(url, 'http:')).toBeNull();
    },
  );

  it('rejects text that is not a URL', () => {
    const msg = 'That is not a valid URL. Use the form ws://host:port/path.';
    expect(validateBrokerUrl('not a url', 'http:')).toBe(msg);
    expect(validateBrokerUrl('localhost:9001', 'http:')).toBe(msg);
    expect(validateBrokerUrl('ws://', 'http:')).toBe(msg);
    expect(validateBrokerUrl('', 'http:')).toMatch(/Enter the broker/);
  });

  it('explains that TCP schemes need WebSocket', () => {
    expect(validateBrokerUrl('mqtt://broker:1883', 'http:')).toMatch(/mqtt:\/\/.*WebSocket/);
    expect(validateBrokerUrl('tcp://broker:1883', 'http:')).toMatch(/tcp:\/\/.*WebSocket/);
    expect(validateBrokerUrl('http://broker/mqtt', 'http:')).toBe(
      'Use a ws:// or wss:// URL: browsers can only reach MQTT brokers over WebSocket.',
    );
  });

  it('blocks ws:// from an https page', () => {
    const msg =
      'This page was loaded over https, so the browser blocks ws:// (mixed content). Use wss:// or open Brokerscope over http.';
    expect(validateBrokerUrl('ws://broker:9001', 'https:')).toBe(msg);
    expect(validateBrokerUrl('ws://broker:9001', 'https')).toBe(msg);
    expect(validateBrokerUrl('wss://broker:9001', 'https:')).toBeNull();
  });
});

describe('validateWill', () => {
  const will = {
    enabled: true,
    topic: 'status/me',
    payload: 'offline',
    qos: 1 as const,
    retain: true,
  };

  it('ignores a disabled will', () => {
    expect(validateWill({ will: { ...will, enabled: false, topic: '' } })).toBeNull();
  });

  it('checks the topic and payload', () => {
    expect(validateWill({ will })).toBeNull();
    expect(validateWill({ will: { ...will, topic: '' } })).toMatch(
      /^Will message: The topic is empty/,
    );
    expect(validateWill({ will: { ...will, topic: 'a/#' } })).toMatch(/wildcards/);
    expect(validateWill({ will: { ...will, payload: 'x'.repeat(65536) } })).toMatch(/65,535/);
  });
});

describe('validateConnectionForm', () => {
  it('accepts the defaults and checks number ranges', () => {
    expect(validateConnectionForm(form(), 'http:')).toBeNull();
    expect(validateConnectionForm(form({ keepaliveSec: 70000 }), 'http:')).toMatch(/Keep alive/);
    expect(validateConnectionForm(form({ keepaliveSec: 1.5 }), 'http:')).toMatch(/Keep alive/);
    expect(validateConnectionForm(form({ sessionExpirySec: -1 }), 'http:')).toMatch(/Session/);
    expect(validateConnectionForm(form({ connectTimeoutMs: 0 }), 'http:')).toMatch(/timeout/);
    expect(validateConnectionForm(form({ url: 'mqtt://x' }), 'http:')).toMatch(/WebSocket/);
  });
});

describe('buildClientOptions', () => {
  it('maps the defaults, leaving credentials, properties and will out', () => {
    const f = form({ clientId: 'brokerscope-test' });
    expect(buildClientOptions(f)).toEqual({
      protocolVersion: 5,
      clientId: 'brokerscope-test',
      clean: true,
      keepalive: 30,
      connectTimeout: 10_000,
      reconnectPeriod: 0,
      resubscribe: false,
    });
    expect('manualConnect' in buildClientOptions(f)).toBe(false);
  });

  it('adds credentials, session expiry and will when set', () => {
    const o = buildClientOptions(
      form({
        username: 'u',
        password: 'p',
        sessionExpirySec: 3600,
        cleanStart: false,
        reconnect: false,
        will: { enabled: true, topic: 't', payload: 'bye', qos: 2, retain: true },
      }),
    );
    expect(o.username).toBe('u');
    expect(o.password).toBe('p');
    expect(o.clean).toBe(false);
    expect(o.reconnectPeriod).toBe(0);
    expect(o.properties).toEqual({ sessionExpiryInterval: 3600 });
    expect(o.will).toEqual({ topic: 't', payload: 'bye', qos: 2, retain: true });
  });

  it('sends no session expiry on MQTT 3.1.1', () => {
    const o = buildClientOptions(form({ protocolVersion: 4, sessionExpirySec: 3600 }));
    expect(o.protocolVersion).toBe(4);
    expect(o.properties).toBeUndefined();
  });
});

describe('reconnectDelayMs', () => {
  it('doubles from 1 s and caps at 30 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 50, 5000].map((a) => reconnectDelayMs(a))).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000,
    ]);
    expect(reconnectDelayMs(-3)).toBe(1000);
    expect(reconnectDelayMs(NaN)).toBe(1000);
  });

  it('shortens by up to half with jitter and never exceeds the cap', () => {
    expect(reconnectDelayMs(2, 1)).toBe(2000);
    expect(reconnectDelayMs(2, 0.5)).toBe(3000);
    expect(reconnectDelayMs(20, 2)).toBe(15000);
    expect(reconnectDelayMs(20, -1)).toBe(30000);
  });
});
