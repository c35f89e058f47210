import { describe, it, expect } from 'vitest';
import {
  brokerLabel,
  defaultConnectionForm,
  randomClientId,
  toConnectRequest,
  validateBrokerUrl,
  validateConnectionForm,
  validateWill,
  withUrlCredentialsMoved,
  type ConnectionForm,
} from './connection-form';

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

describe('validateConnectionForm: sessions', () => {
  it('asks for a client ID when clean start is off', () => {
    expect(validateConnectionForm(form({ clientId: ' ', cleanStart: false }), 'http:')).toMatch(
      /needs a client ID/,
    );
    expect(validateConnectionForm(form({ clientId: '', cleanStart: true }), 'http:')).toBeNull();
  });

  it('explains keep alive and session expiry out of range', () => {
    expect(validateConnectionForm(form({ keepaliveSec: 70_000 }), 'http:')).toMatch(
      /Keep alive must be a whole number of seconds from 0 to 65,535/,
    );
    expect(validateConnectionForm(form({ keepaliveSec: Number.NaN }), 'http:')).toMatch(
      /Keep alive/,
    );
    expect(validateConnectionForm(form({ sessionExpirySec: -1 }), 'http:')).toMatch(
      /Session expiry must be a whole number/,
    );
  });
});

describe('toConnectRequest', () => {
  it('trims the URL and client ID and leaves empty credentials out', () => {
    const r = toConnectRequest(form({ url: ' ws://h:1/mqtt ', clientId: ' id ' }));
    expect(r).toMatchObject({ url: 'ws://h:1/mqtt', clientId: 'id', clean: true });
    expect(r.username).toBeUndefined();
    expect(r.password).toBeUndefined();
    expect(r.will).toBeUndefined();
  });

  it('carries the will when enabled and session expiry only on MQTT 5', () => {
    const will = { enabled: true, topic: 't', payload: 'bye', qos: 2 as const, retain: true };
    const v5 = toConnectRequest(form({ sessionExpirySec: 60, will }));
    expect(v5.will).toEqual({ topic: 't', payload: 'bye', qos: 2, retain: true });
    expect(v5.sessionExpirySec).toBe(60);
    expect(
      toConnectRequest(form({ protocolVersion: 4, sessionExpirySec: 60 })).sessionExpirySec,
    ).toBeUndefined();
  });
});

describe('brokerLabel', () => {
  it('names the broker, and the user when there is one', () => {
    expect(brokerLabel(' ws://h:1/mqtt ')).toBe('ws://h:1/mqtt');
    expect(brokerLabel('ws://h:1/mqtt', 'alice')).toBe('ws://h:1/mqtt as alice');
    expect(brokerLabel('ws://h:1/mqtt', 'alice')).not.toBe(brokerLabel('ws://h:1/mqtt', 'bob'));
  });
});

describe('withUrlCredentialsMoved', () => {
  it('moves a user name and password out of the URL into their fields', () => {
    const moved = withUrlCredentialsMoved(form({ url: 'ws://alice:p%40ss@h:9001/mqtt' }));
    expect(moved).toMatchObject({ url: 'ws://h:9001/mqtt', username: 'alice', password: 'p@ss' });
  });

  it('leaves a form without credentials in its URL as it is', () => {
    const plain = form({ url: 'ws://h/mqtt', username: 'bob' });
    expect(withUrlCredentialsMoved(plain)).toBe(plain);
  });
});
