import { describe, expect, it } from 'vitest';
import { newBudget } from './decoded-value';
import { decodeWithCodec, encodeWithCodec, parseProtoFiles } from './codecs';

const schemas = parseProtoFiles([
  {
    name: 'fleet.proto',
    text: 'syntax = "proto3"; package fleet; message Position { double lat = 1; double lon = 2; }',
  },
]);

describe('codecs', () => {
  it('round-trips each codec through its encoder and decoder', () => {
    const value = { lat: 52.5, lon: 13.25 };
    for (const id of ['cbor', 'msgpack'] as const) {
      const { bytes } = encodeWithCodec(id, value);
      expect(decodeWithCodec(id, bytes, { budget: newBudget() }).value).toEqual(value);
    }
    const { bytes } = encodeWithCodec('protobuf', value, {
      messageType: 'fleet.Position',
      schemas,
    });
    const decoded = decodeWithCodec('protobuf', bytes, {
      budget: newBudget(),
      messageType: 'fleet.Position',
      schemas,
    });
    expect(decoded.value).toEqual(value);
    expect(decoded.text).toBe('{\n  "lat": 52.5,\n  "lon": 13.25\n}');
    const raw = decodeWithCodec('protobuf', bytes, { budget: newBudget() });
    expect(Object.keys(raw.value as object)).toEqual(['#1', '#2']);
    expect(raw.notes).toEqual(['No message type is chosen: fields are shown by their numbers.']);
    const sp = encodeWithCodec('sparkplug', { metrics: { a: 1 } }, { seq: 9, nowMs: 5 });
    expect(sp.seq).toBe(9);
    expect(decodeWithCodec('sparkplug', sp.bytes, { budget: newBudget() }).value).toEqual({
      timestamp: 5,
      seq: 9,
      metrics: { a: { value: 1, type: 'Int32' } },
    });
  });

  it('says what is missing for Protobuf', () => {
    expect(() => encodeWithCodec('protobuf', {}, {})).toThrow(/choose a message type/);
    expect(() =>
      decodeWithCodec('protobuf', new Uint8Array(), { budget: newBudget(), messageType: 'x.Y' }),
    ).toThrow(/no .proto schema is loaded/);
    expect(() =>
      decodeWithCodec('protobuf', new Uint8Array(), {
        budget: newBudget(),
        messageType: 'x.Y',
        schemas,
      }),
    ).toThrow(/No loaded schema defines the message type "x.Y"/);
  });
});
