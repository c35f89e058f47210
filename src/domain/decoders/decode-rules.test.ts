import { describe, expect, it } from 'vitest';
import { chooseDecoder, decoderOfContentType, ruleFor, type DecodeRule } from './decode-rules';

const rules: DecodeRule[] = [
  { id: '1', filter: 'fleet/+/pos', decoder: 'protobuf', messageType: 'fleet.Position' },
  { id: '2', filter: 'spBv1.0/legacy/#', decoder: 'hex' },
  { id: '3', filter: 'fleet/#', decoder: 'cbor' },
];

describe('decode rules', () => {
  it('takes the first rule whose filter matches', () => {
    expect(ruleFor(rules, 'fleet/truck7/pos')?.id).toBe('1');
    expect(ruleFor(rules, 'fleet/truck7/speed')?.id).toBe('3');
    expect(ruleFor(rules, 'other')).toBeUndefined();
    expect(chooseDecoder(rules, 'fleet/truck7/pos')).toMatchObject({
      decoder: 'protobuf',
      messageType: 'fleet.Position',
      why: 'rule fleet/+/pos',
    });
  });

  it('detects Sparkplug topics and MQTT 5 content types, else the plain view', () => {
    expect(chooseDecoder(rules, 'spBv1.0/g/NDATA/n').decoder).toBe('sparkplug');
    expect(chooseDecoder(rules, 'spBv1.0/legacy/NDATA/n').decoder).toBe('hex');
    expect(chooseDecoder([], 'spBv1.0/STATE/host').decoder).toBe('auto');
    expect(chooseDecoder([], 'a', 'application/cbor').decoder).toBe('cbor');
    expect(chooseDecoder([], 'a', 'application/x-msgpack').decoder).toBe('msgpack');
    expect(decoderOfContentType('application/x-protobuf; messageType="fleet.Position"')).toEqual({
      decoder: 'protobuf',
      messageType: 'fleet.Position',
    });
    expect(chooseDecoder([], 'a', 'text/plain')).toEqual({ decoder: 'auto', why: 'automatic' });
  });
});
