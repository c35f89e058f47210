import { describe, expect, it } from 'vitest';
import {
  findMessageType,
  MAX_PROTO_FILE_CHARS,
  parseProtoFiles,
  precheckProto,
} from './protobuf-schema';

const FLEET = `
syntax = "proto3";
package fleet;
import "google/protobuf/timestamp.proto";
import "common.proto";

message Position {
  double lat = 1;
  double lon = 2;
  common.Meta meta = 3;
  google.protobuf.Timestamp at = 4;
  repeated Position trail = 5; // recursive types are fine
}
`;
const COMMON = `syntax = "proto3"; package common; message Meta { string driver = 1; }`;

describe('parseProtoFiles', () => {
  it('reads files that import each other and the built-in Google types', () => {
    const set = parseProtoFiles([
      { name: 'fleet.proto', text: FLEET },
      { name: 'common.proto', text: COMMON },
    ]);
    expect(set.ok).toBe(true);
    if (!set.ok) return;
    expect(set.types).toEqual(
      expect.arrayContaining(['common.Meta', 'fleet.Position', 'google.protobuf.Timestamp']),
    );
    const type = findMessageType(set, 'fleet.Position');
    expect(typeof type).not.toBe('string');
    expect(findMessageType(set, 'fleet.Nope')).toMatch(/No loaded schema defines/);
  });

  it('refuses an import that is not loaded, invalid syntax and unknown types', () => {
    expect(parseProtoFiles([{ name: 'fleet.proto', text: FLEET }])).toEqual({
      ok: false,
      error: 'fleet.proto imports "common.proto", which is not loaded: load that file too.',
    });
    const invalid = parseProtoFiles([{ name: 'bad.proto', text: 'message { oops' }]);
    expect(invalid.ok).toBe(false);
    expect(!invalid.ok && invalid.error).toMatch(/^bad.proto is not a valid .proto file: /);
    const unknown = parseProtoFiles([
      { name: 'u.proto', text: 'syntax = "proto3"; message A { Missing m = 1; }' },
    ]);
    expect(!unknown.ok && unknown.error).toMatch(/cannot be used: .*Missing/);
  });

  it('refuses hostile files: huge, nested too deeply, too many definitions', () => {
    const huge = { name: 'huge.proto', text: `// ${'x'.repeat(MAX_PROTO_FILE_CHARS)}` };
    expect(precheckProto(huge)).toMatch(/larger than 512 KB/);
    const deep = { name: 'deep.proto', text: 'message A { '.repeat(10_000) + '}'.repeat(10_000) };
    expect(parseProtoFiles([deep])).toEqual({
      ok: false,
      error: 'deep.proto nests definitions more than 32 levels deep: it is not loaded.',
    });
    const many = Array.from({ length: 11_000 }, (_, i) => `message M${i} {}`).join('\n');
    const tooMany = parseProtoFiles([{ name: 'many.proto', text: many }]);
    expect(!tooMany.ok && tooMany.error).toMatch(/more than 10,000 types/);
    // Braces inside comments and strings do not count.
    expect(
      precheckProto({ name: 'c.proto', text: '// {{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{\n' }),
    ).toBe(undefined);
  });
});
