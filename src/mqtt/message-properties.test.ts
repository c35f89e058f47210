import { describe, expect, it } from 'vitest';
import { fromPacketProperties, toPacketProperties } from './message-properties';

describe('message properties', () => {
  it('reads repeated user properties as separate key/value pairs', () => {
    const props = fromPacketProperties({
      userProperties: { site: 'north', tag: ['a', 'b'] },
      contentType: 'application/json',
      correlationData: new Uint8Array([1, 2]) as never,
      subscriptionIdentifier: 7,
    });
    expect(props).toEqual({
      contentType: 'application/json',
      correlationData: new Uint8Array([1, 2]),
      userProperties: [
        { key: 'site', value: 'north' },
        { key: 'tag', value: 'a' },
        { key: 'tag', value: 'b' },
      ],
      subscriptionIdentifiers: [7],
    });
  });

  it('gives undefined when a packet carries no properties of interest', () => {
    expect(fromPacketProperties({})).toBeUndefined();
  });

  it('groups repeated keys back for sending', () => {
    const packet = toPacketProperties({
      userProperties: [
        { key: 'tag', value: 'a' },
        { key: 'tag', value: 'b' },
        { key: 'site', value: 'n' },
      ],
      messageExpirySec: 30,
      responseTopic: 'reply/here',
    });
    expect(packet).toEqual({
      userProperties: { tag: ['a', 'b'], site: 'n' },
      messageExpiryInterval: 30,
      responseTopic: 'reply/here',
    });
  });
});
