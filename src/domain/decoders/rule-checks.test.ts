import { describe, expect, it } from 'vitest';
import type { DecodeRule } from './decode-rules';
import { describeRule, validateRule } from './rule-checks';

const rules: DecodeRule[] = [
  { id: '1', filter: 'fleet/+/pos', decoder: 'protobuf', messageType: 'fleet.Position' },
];

describe('rule checks', () => {
  it('checks rules and says them in words', () => {
    expect(validateRule({ filter: 'a/#/b', decoder: 'cbor' })).toMatch(/#/);
    expect(validateRule({ filter: '', decoder: 'cbor' })).toMatch(/Give a topic filter/);
    expect(validateRule({ filter: 'a', decoder: 'cbor', messageType: 'x.Y' })).toMatch(
      /Only Protobuf/,
    );
    expect(validateRule({ filter: 'a', decoder: 'protobuf', messageType: 'x Y' })).toMatch(
      /not a message type/,
    );
    expect(
      validateRule({ filter: 'a/+', decoder: 'protobuf', messageType: 'x.Y' }),
    ).toBeUndefined();
    expect(describeRule(rules[0]!)).toBe('fleet/+/pos as Protobuf fleet.Position');
  });
});
