import { describe, expect, it } from 'vitest';
import {
  freshCorrelationId,
  isReplyTo,
  legacyReplyTopic,
  privateReplyTopic,
  withCorrelationId,
} from './command-reply';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('reply topics', () => {
  it('makes a private topic per client id without wildcard characters', () => {
    expect(privateReplyTopic('brokerscope-1a2b')).toBe('brokerscope/brokerscope-1a2b/replies');
    expect(privateReplyTopic('a+b#c/d')).toBe('brokerscope/a_b_c_d/replies');
    expect(privateReplyTopic('')).toBe('brokerscope/anonymous/replies');
  });
  it('follows the demo convention on MQTT 3.1.1', () => {
    expect(legacyReplyTopic('demo/plant/line1/motor/set')).toBe('demo/plant/line1/motor/set/reply');
  });
  it('makes a different correlation id each time', () => {
    expect(freshCorrelationId()).not.toBe(freshCorrelationId());
  });
});

describe('withCorrelationId', () => {
  it('adds the field to a JSON object', () => {
    expect(withCorrelationId('{"rpm": 2000}', 'c1')).toEqual({
      ok: true,
      text: '{"rpm":2000,"correlationId":"c1"}',
    });
  });
  it('refuses payloads that are not a JSON object', () => {
    for (const payload of ['stop', '[1]', 'null', '3']) {
      const result = withCorrelationId(payload, 'c1');
      expect(!result.ok && result.error).toMatch(/JSON object/);
    }
  });
});

describe('isReplyTo', () => {
  it('matches MQTT 5 replies by topic and correlation data bytes', () => {
    const pending = { replyTopic: 'r', correlationData: bytes('abc') };
    expect(
      isReplyTo({ topic: 'r', payload: bytes('{}'), correlationData: bytes('abc') }, pending),
    ).toBe(true);
    expect(
      isReplyTo({ topic: 'r', payload: bytes('{}'), correlationData: bytes('abd') }, pending),
    ).toBe(false);
    expect(isReplyTo({ topic: 'r', payload: bytes('{}') }, pending)).toBe(false);
    expect(
      isReplyTo({ topic: 'x', payload: bytes('{}'), correlationData: bytes('abc') }, pending),
    ).toBe(false);
  });
  it('matches MQTT 3.1.1 replies by the correlationId field', () => {
    const pending = { replyTopic: 'r', correlationId: 'c1' };
    expect(
      isReplyTo({ topic: 'r', payload: bytes('{"ok":true,"correlationId":"c1"}') }, pending),
    ).toBe(true);
    expect(
      isReplyTo({ topic: 'r', payload: bytes('{"ok":true,"correlationId":"c2"}') }, pending),
    ).toBe(false);
    expect(isReplyTo({ topic: 'r', payload: bytes('not json') }, pending)).toBe(false);
  });
});
