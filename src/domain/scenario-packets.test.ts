import { describe, expect, it } from 'vitest';
import { formatPacketTime, packetMatters, publishHandshake, topicOf } from './scenario-packets';

const p = (
  type: string,
  direction: 'in' | 'out',
  packetId?: number,
  summary = '',
  client = 'Sender',
) => ({ type, direction, packetId, summary, client });

describe('publishHandshake', () => {
  const packets = [
    p('CONNECT', 'out'),
    p('PUBLISH', 'out', undefined, 'topic t/q0 · QoS 0 · 1 B'),
    p('PUBLISH', 'out', 1, 'topic t/q1 · QoS 1 · 1 B'),
    p('PUBLISH', 'out', 2, 'topic t/q2 · QoS 2 · 1 B'),
    p('PUBACK', 'in', 1),
    p('PUBREC', 'in', 2),
    p('PUBLISH', 'in', 2, 'topic t/q2 · QoS 2 · 1 B', 'Receiver'),
    p('PUBREL', 'out', 2),
    p('PUBCOMP', 'in', 2),
    p('PUBLISH', 'out', 2, 'topic t/again · QoS 1 · 1 B'),
    p('PUBACK', 'in', 2),
  ];

  it('gives each QoS its own handshake, matched by packet id', () => {
    expect(publishHandshake(packets, 't/q0', 'Sender')).toEqual(['PUBLISH']);
    expect(publishHandshake(packets, 't/q1', 'Sender')).toEqual(['PUBLISH', 'PUBACK']);
    expect(publishHandshake(packets, 't/q2', 'Sender')).toEqual([
      'PUBLISH',
      'PUBREC',
      'PUBREL',
      'PUBCOMP',
    ]);
  });

  it('stops at the final acknowledgement, so a reused packet id is not mixed in', () => {
    expect(publishHandshake(packets, 't/again', 'Sender')).toEqual(['PUBLISH', 'PUBACK']);
  });

  it('is empty when the publish was not captured', () => {
    expect(publishHandshake(packets, 't/none')).toEqual([]);
  });
});

describe('helpers', () => {
  it('reads the topic from a summary', () => {
    expect(topicOf('topic a/b · QoS 1 · 3 B')).toBe('a/b');
    expect(topicOf('topic a/b')).toBe('a/b');
    expect(topicOf('granted 1')).toBeUndefined();
  });

  it('leaves keepalive pings out', () => {
    expect(packetMatters(p('PINGREQ', 'out'))).toBe(false);
    expect(packetMatters(p('PUBLISH', 'out'))).toBe(true);
  });

  it('formats a time with milliseconds', () => {
    expect(formatPacketTime(new Date(2024, 0, 1, 9, 5, 7, 42).getTime())).toBe('09:05:07.042');
  });
});
