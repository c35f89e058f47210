import { describe, it, expect } from 'vitest';
import { buildClientOptions, reconnectDelayMs } from './client-options';
import type { ConnectRequest } from '../domain/mqtt-types';

function request(overrides: Partial<ConnectRequest> = {}): ConnectRequest {
  return {
    url: 'ws://localhost:8080/mqtt',
    clientId: 'brokerscope-test',
    protocolVersion: 5,
    clean: true,
    keepaliveSec: 30,
    connectTimeoutMs: 10_000,
    reconnect: true,
    ...overrides,
  };
}

describe('buildClientOptions', () => {
  it('maps the defaults, leaving credentials, properties and will out', () => {
    expect(buildClientOptions(request())).toEqual({
      protocolVersion: 5,
      clientId: 'brokerscope-test',
      clean: true,
      keepalive: 30,
      connectTimeout: 10_000,
      reconnectPeriod: 0,
      resubscribe: false,
      timerVariant: 'native',
    });
    expect('manualConnect' in buildClientOptions(request())).toBe(false);
  });

  it('adds credentials, session expiry and will (as UTF-8 bytes, with its delay) when set', () => {
    const o = buildClientOptions(
      request({
        username: 'u',
        password: 'p',
        sessionExpirySec: 3600,
        clean: false,
        reconnect: false,
        will: { topic: 't', payload: 'bye ü', qos: 2, retain: true, delaySec: 5 },
      }),
    );
    expect(o.username).toBe('u');
    expect(o.password).toBe('p');
    expect(o.clean).toBe(false);
    expect(o.reconnectPeriod).toBe(0);
    expect(o.properties).toEqual({ sessionExpiryInterval: 3600 });
    expect(o.will).toMatchObject({ topic: 't', qos: 2, retain: true });
    expect(Array.from(o.will!.payload as unknown as Uint8Array)).toEqual(
      Array.from(new TextEncoder().encode('bye ü')),
    );
    expect(o.will!.properties).toEqual({ willDelayInterval: 5 });
  });

  it('sends no session expiry and no will delay on MQTT 3.1.1', () => {
    const o = buildClientOptions(
      request({
        protocolVersion: 4,
        sessionExpirySec: 3600,
        will: { topic: 't', payload: 'x', qos: 0, retain: false, delaySec: 5 },
      }),
    );
    expect(o.protocolVersion).toBe(4);
    expect(o.properties).toBeUndefined();
    expect(o.will!.properties).toBeUndefined();
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
