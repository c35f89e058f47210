import { describe, expect, it } from 'vitest';
import type { DecodeRule } from './decode-rules';
import { readDecodingSection, writeDecodingSection } from './decoding-section';

const rules: DecodeRule[] = [
  { id: '1', filter: 'fleet/+/pos', decoder: 'protobuf', messageType: 'fleet.Position' },
  { id: '2', filter: 'spBv1.0/legacy/#', decoder: 'hex' },
  { id: '3', filter: 'fleet/#', decoder: 'cbor' },
];

describe('the decoding section of a library export', () => {
  it('writes and reads the section of a library export', () => {
    const written = writeDecodingSection({ rules, schemas: [{ name: 'a.proto', text: 'x' }] });
    let n = 0;
    const read = readDecodingSection(JSON.parse(JSON.stringify(written)), () => `id${++n}`);
    expect(read.skipped).toBe(0);
    expect(read.section.rules.map((r) => r.filter)).toEqual([
      'fleet/+/pos',
      'spBv1.0/legacy/#',
      'fleet/#',
    ]);
    expect(read.section.rules[0]).toEqual({
      id: 'id1',
      filter: 'fleet/+/pos',
      decoder: 'protobuf',
      messageType: 'fleet.Position',
    });
    const bad = readDecodingSection(
      { rules: [{ filter: 'a/#/b', decoder: 'cbor' }, null], schemas: [{}] },
      () => 'x',
    );
    expect(bad).toEqual({ section: { rules: [], schemas: [] }, skipped: 3 });
    expect(readDecodingSection('nope', () => 'x').section.rules).toEqual([]);
  });
});
