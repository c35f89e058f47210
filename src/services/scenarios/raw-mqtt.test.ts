import { describe, expect, it } from 'vitest';
import {
  PacketSplitter,
  decodePacket,
  describeRawPacket,
  encodePacket,
  type RawPacket,
} from './raw-mqtt';
import { payloadForPacketSize } from './max-packet-size-steps';

describe('raw MQTT codec', () => {
  const roundTrip = (packet: RawPacket, version: 4 | 5 = 5) =>
    decodePacket(encodePacket(packet, version), version);

  it('round-trips a CONNECT with a will and MQTT 5 limits', () => {
    const connect: RawPacket = {
      cmd: 'connect',
      protocolVersion: 5,
      clientId: 'bs-1',
      clean: true,
      keepalive: 3,
      username: 'alice',
      password: 'wonderland',
      will: { topic: 'a/status', payload: new TextEncoder().encode('gone'), qos: 1, retain: false },
      properties: { receiveMaximum: 2, maximumPacketSize: 512, topicAliasMaximum: 10 },
    };
    expect(roundTrip(connect)).toEqual({
      ...connect,
      will: { ...connect.will, properties: {} },
    });
  });

  it('round-trips a PUBLISH by alias alone, with its indicator and subscription ids', () => {
    const publish: RawPacket = {
      cmd: 'publish',
      topic: '',
      payload: Uint8Array.of(0x66, 0xc3, 0x28),
      qos: 1,
      retain: false,
      dup: false,
      packetId: 7,
      properties: { topicAlias: 1, payloadFormatIndicator: 1, subscriptionIdentifiers: [7, 8] },
    };
    expect(roundTrip(publish)).toEqual(publish);
    expect(describeRawPacket(publish, 20)).toBe(
      'topic (empty) · QoS 1 · topicAlias 1 · payloadFormatIndicator 1 · subscriptionIdentifiers 7, 8 · 3 B payload · packet 20 B',
    );
  });

  it('reads CONNACK properties and 3.1.1 packets without properties', () => {
    const connack: RawPacket = {
      cmd: 'connack',
      sessionPresent: false,
      reasonCode: 0,
      properties: { topicAliasMaximum: 10, receiveMaximum: 20, maximumQoS: 1, retainAvailable: 0 },
    };
    expect(roundTrip(connack)).toEqual(connack);
    expect(roundTrip({ cmd: 'suback', packetId: 3, granted: [1, 0x80] }, 4)).toEqual({
      cmd: 'suback',
      packetId: 3,
      granted: [1, 0x80],
      properties: undefined,
    });
    expect(roundTrip({ cmd: 'disconnect', reasonCode: 0x8e })).toEqual({
      cmd: 'disconnect',
      reasonCode: 0x8e,
      properties: undefined,
    });
  });

  it('splits a stream into packets whatever the chunks', () => {
    const a = encodePacket({ cmd: 'pingresp' }, 5);
    const b = encodePacket(
      { cmd: 'publish', topic: 't', payload: new Uint8Array(300), qos: 0, retain: false },
      5,
    );
    const stream = new Uint8Array([...a, ...b]);
    const splitter = new PacketSplitter();
    const sizes: number[] = [];
    for (let i = 0; i < stream.length; i += 7)
      for (const packet of splitter.push(stream.subarray(i, i + 7))) sizes.push(packet.size);
    expect(sizes).toEqual([a.length, b.length]);
  });

  it('sizes a payload so the PUBLISH is as long as asked (one more at a length-field step)', () => {
    for (const total of [100, 127, 130, 2049, 20000]) {
      const payload = new Uint8Array(payloadForPacketSize('x/too-big', total));
      const bytes = encodePacket(
        {
          cmd: 'publish',
          topic: 'x/too-big',
          payload,
          qos: 1,
          retain: false,
          packetId: 1,
          properties: {},
        },
        5,
      );
      expect(bytes.length - total).toBe(total === 130 ? 1 : 0);
    }
  });
});
