import { describe, expect, it } from 'vitest';
import { classifySocketClose, NOT_RETRYING, type SocketCloseFacts } from './socket-close';

const base: SocketCloseFacts = {
  code: 1011,
  opened: true,
  connackReceived: false,
  protocolVersion: 5,
  withCredentials: false,
};

describe('classifySocketClose', () => {
  it('reads 1011 after an MQTT 5.0 CONNECT as "may speak only 3.1.1", final, with the switch', () => {
    expect(classifySocketClose(base)).toEqual({
      reason:
        "the broker closed the connection without answering MQTT 5.0; it may speak only MQTT 3.1.1 (RabbitMQ's Web MQTT before 3.13 does)",
      hint: NOT_RETRYING,
      final: true,
      protocolRefused: true,
    });
  });

  it('reads 1011 after a 3.1.1 CONNECT as an internal error worth retrying', () => {
    const failure = classifySocketClose({ ...base, protocolVersion: 4 });
    expect(failure?.final).toBe(false);
    expect(failure?.protocolRefused).toBeUndefined();
    expect(failure?.reason).toMatch(/internal error \(WebSocket code 1011\)/);
  });

  it('reads 1002 after a CONNECT with credentials as a refused login, final', () => {
    const failure = classifySocketClose({
      ...base,
      code: 1002,
      protocolVersion: 4,
      withCredentials: true,
    });
    expect(failure).toMatchObject({ final: true, hint: NOT_RETRYING });
    expect(failure?.reason).toMatch(/^the broker refused the login/);
    expect(failure?.protocolRefused).toBeUndefined();
  });

  it('reads 1002 without credentials as "may need a user name and password"', () => {
    const failure = classifySocketClose({ ...base, code: 1002, protocolVersion: 4 });
    expect(failure).toMatchObject({ final: true });
    expect(failure?.reason).toMatch(/may need a user name and password/);
  });

  it('says nothing when a CONNACK came, the socket never opened, or the code is plain', () => {
    expect(classifySocketClose({ ...base, connackReceived: true })).toBeUndefined();
    expect(classifySocketClose({ ...base, opened: false })).toBeUndefined();
    expect(classifySocketClose({ ...base, code: undefined })).toBeUndefined();
    expect(classifySocketClose({ ...base, code: 1000 })).toBeUndefined();
    expect(classifySocketClose({ ...base, code: 1006 })).toBeUndefined();
  });

  it('names a policy violation (final) and a message too big (not final)', () => {
    expect(classifySocketClose({ ...base, code: 1008 })?.final).toBe(true);
    expect(classifySocketClose({ ...base, code: 1009 })).toMatchObject({ final: false });
  });
});
