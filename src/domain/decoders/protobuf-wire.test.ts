import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { DecodedBytes, newBudget } from './decoded-value';
import { decodeProtobuf, encodeProtobuf } from './protobuf-wire';

const hex = (s: string) => Uint8Array.from(s.match(/../g)!.map((b) => parseInt(b, 16)));

const root = protobuf.parse(
  `syntax = "proto3";
   package t;
   enum Kind { KIND_NONE = 0; TRUCK = 1; VAN = 2; }
   message Inner { string name = 1; }
   message Sample {
     int32 small = 1;
     int64 big = 2;
     uint64 huge = 3;
     sint32 signed = 4;
     double lat = 5;
     float f = 6;
     bool on = 7;
     string label = 8;
     bytes raw = 9;
     Kind kind = 10;
     Inner inner = 11;
     repeated int32 packed = 12;
     repeated Inner items = 13;
     map<string, int32> counts = 14;
     fixed64 fx = 15;
   }`,
  { keepCase: true },
).root;
root.resolveAll();
const Sample = root.lookupType('t.Sample');

describe('decodeProtobuf', () => {
  it('reads what protobufjs writes, every kind of field', () => {
    const bytes = Sample.encode(
      Sample.fromObject({
        small: -5,
        big: '-9007199254740993',
        huge: '18446744073709551615',
        signed: -3,
        lat: 52.5,
        f: 0.5,
        on: true,
        label: 'truck 7',
        raw: Uint8Array.from([1, 2]),
        kind: 'VAN',
        inner: { name: 'x' },
        packed: [1, 2, 3],
        items: [{ name: 'a' }, { name: 'b' }],
        counts: { a: 1, b: 2 },
        fx: 7,
      }),
    ).finish();
    const value = decodeProtobuf(bytes, Sample, newBudget());
    expect(value).toMatchObject({
      small: -5,
      big: -9007199254740993n,
      huge: 18446744073709551615n,
      signed: -3,
      lat: 52.5,
      f: 0.5,
      on: true,
      label: 'truck 7',
      kind: 'VAN',
      inner: { name: 'x' },
      packed: [1, 2, 3],
      items: [{ name: 'a' }, { name: 'b' }],
      counts: { a: 1, b: 2 },
      fx: 7,
    });
    expect((value.raw as DecodedBytes).hex()).toBe('0x0102');
  });

  it('shows fields the schema does not know by number, and reads without a schema', () => {
    // Field 1 varint 150 (the protobuf documentation's example), field 99 bytes "hi".
    const bytes = hex('089601' + '9a0602' + '6869');
    expect(decodeProtobuf(bytes, Sample, newBudget())).toEqual({
      small: 150,
      '#99': expect.any(DecodedBytes),
    });
    expect(decodeProtobuf(hex('089601'), undefined, newBudget())).toEqual({ '#1': 150 });
  });

  it('refuses malformed bytes with a plain message', () => {
    expect(() => decodeProtobuf(hex('0a05616263'), Sample, newBudget())).toThrow(
      /ends in the middle of a field|past the end/,
    );
    expect(() => decodeProtobuf(hex('0096'), undefined, newBudget())).toThrow(/numbered 0/);
    expect(() => decodeProtobuf(hex('0f'), undefined, newBudget())).toThrow(/wire type 7/);
    expect(() => decodeProtobuf(hex('08'), undefined, newBudget())).toThrow(/ends in the middle/);
  });

  it('stops at the depth budget for deeply nested messages', () => {
    let bytes = new Uint8Array();
    for (let i = 0; i < 30; i++) bytes = new Uint8Array([0x5a, bytes.length, ...bytes]);
    const deepRoot = protobuf.parse('syntax = "proto3"; message D { D d = 11; }').root;
    deepRoot.resolveAll();
    const Deep = deepRoot.lookupType('D');
    expect(Object.keys(decodeProtobuf(bytes, Deep, newBudget()))).toEqual(['d']);
    expect(() => decodeProtobuf(bytes, Deep, newBudget(250, 1000, 10))).toThrow(/deeper than 10/);
  });
});

describe('encodeProtobuf', () => {
  it('writes a JSON value that protobufjs reads back', () => {
    const value = {
      small: -5,
      big: '-9007199254740993',
      huge: 18446744073709551615n,
      lat: 52.5,
      on: true,
      label: 'truck 7',
      raw: '0x0102',
      kind: 'VAN',
      inner: { name: 'x' },
      packed: [1, 2, 3],
      items: [{ name: 'a' }],
      counts: { a: 1 },
    };
    const decoded = Sample.toObject(Sample.decode(encodeProtobuf(Sample, value)), {
      longs: String,
      enums: String,
    });
    expect(decoded).toMatchObject({
      small: -5,
      big: '-9007199254740993',
      huge: '18446744073709551615',
      lat: 52.5,
      on: true,
      label: 'truck 7',
      kind: 'VAN',
      inner: { name: 'x' },
      packed: [1, 2, 3],
      items: [{ name: 'a' }],
      counts: { a: 1 },
    });
  });

  it('names the field that does not fit', () => {
    expect(() => encodeProtobuf(Sample, { nope: 1 })).toThrow(/Sample has no field "nope"/);
    expect(() => encodeProtobuf(Sample, { small: 'x' })).toThrow(
      /Sample.small: expected a whole number/,
    );
    expect(() => encodeProtobuf(Sample, { small: 2 ** 40 })).toThrow(/out of range for int32/);
    expect(() => encodeProtobuf(Sample, { kind: 'BOAT' })).toThrow(/"BOAT" is not a value of Kind/);
    expect(() => encodeProtobuf(Sample, [1])).toThrow(/written as an object/);
  });
});
