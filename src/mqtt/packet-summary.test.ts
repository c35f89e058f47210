import { describe, expect, it } from 'vitest';
import { summarizePacket } from './packet-summary';

describe('summarizePacket', () => {
  it('names a QoS 2 publish with its id and key fields, not its payload', () => {
    const record = summarizePacket(
      {
        cmd: 'publish',
        messageId: 7,
        topic: 'a/b',
        qos: 2,
        retain: true,
        payload: new Uint8Array(12),
      },
      'out',
      5,
    );
    expect(record).toEqual({
      atMs: 5,
      direction: 'out',
      type: 'PUBLISH',
      packetId: 7,
      summary: 'topic a/b · QoS 2 · retain · 12 B',
      reasonCode: undefined,
    });
  });

  it('shows CONNACK properties and refusals', () => {
    const record = summarizePacket(
      {
        cmd: 'connack',
        sessionPresent: false,
        reasonCode: 0,
        properties: { assignedClientIdentifier: 'auto-1', maximumQoS: 1 },
      },
      'in',
      0,
    );
    expect(record.summary).toBe(
      'new session · assignedClientIdentifier auto-1 · maximumQoS 1 · reason 0x00',
    );
    const refused = summarizePacket({ cmd: 'suback', messageId: 3, granted: [0, 0x87] }, 'in', 0);
    expect(refused.summary).toBe('granted 0, 0x87');
    expect(refused.reasonCode).toBe(0x87);
  });

  it('covers the QoS 2 handshake packets', () => {
    for (const cmd of ['pubrec', 'pubrel', 'pubcomp']) {
      const r = summarizePacket({ cmd, messageId: 9 }, 'in', 0);
      expect(r.type).toBe(cmd.toUpperCase());
      expect(r.packetId).toBe(9);
    }
  });
});
