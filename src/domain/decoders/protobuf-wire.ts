/**
 * Protobuf messages read and written field by field against protobufjs' reflected types, with
 * its Reader and Writer for the wire format. Nothing is compiled at run time (protobufjs'
 * generated coders need eval, which the page's policy forbids), fields the schema does not know
 * are kept and shown by number ("#5"), and every read is bounded by a TreeBudget.
 */
import protobuf from './protobuf-runtime';
import {
  DecodedBytes,
  DecodeLimitError,
  defineKey,
  exactInteger,
  isDecodedBytes,
  shortFloat32,
  spend,
  type TreeBudget,
} from './decoded-value';

const { Reader, Writer, Type, Enum, types: wireTypes } = protobuf;
type Reader = protobuf.Reader;
type Writer = protobuf.Writer;
type Type = protobuf.Type;
type Field = protobuf.Field;

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_BYTES = 2;
const WIRE_START_GROUP = 3;
const WIRE_END_GROUP = 4;
const WIRE_FIXED32 = 5;

/** A number read as 64 bits (protobufjs hands a Long or a number), exact. */
function long(value: unknown, unsigned: boolean): number | bigint {
  if (typeof value === 'number') return value;
  const l = value as { low: number; high: number };
  const big = (BigInt(l.high >>> 0) << 32n) | BigInt(l.low >>> 0);
  return exactInteger(unsigned ? big : BigInt.asIntN(64, big));
}

const SIXTY_FOUR = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);
const UNSIGNED = new Set(['uint64', 'fixed64']);

function readScalar(reader: Reader, type: string): unknown {
  switch (type) {
    case 'double':
      return reader.double();
    case 'float':
      return shortFloat32(reader.float());
    case 'int32':
      return reader.int32();
    case 'uint32':
      return reader.uint32();
    case 'sint32':
      return reader.sint32();
    case 'fixed32':
      return reader.fixed32();
    case 'sfixed32':
      return reader.sfixed32();
    case 'int64':
      return long(reader.int64(), false);
    case 'uint64':
      return long(reader.uint64(), true);
    case 'sint64':
      return long(reader.sint64(), false);
    case 'fixed64':
      return long(reader.fixed64(), true);
    case 'sfixed64':
      return long(reader.sfixed64(), false);
    case 'bool':
      return reader.bool();
    case 'string':
      return reader.string();
    case 'bytes':
      return new DecodedBytes(Uint8Array.from(reader.bytes()));
    default:
      throw new Error(`unknown scalar type ${type}`);
  }
}

/** The wire type a field's single value arrives with. */
function wireTypeOf(field: Field): number {
  if (field.resolvedType instanceof Type) return field.delimited ? WIRE_START_GROUP : WIRE_BYTES;
  if (field.resolvedType instanceof Enum) return WIRE_VARINT;
  const basic = (wireTypes.basic as Record<string, number | undefined>)[field.type];
  return basic ?? WIRE_BYTES;
}

function isPackable(field: Field): boolean {
  if (field.resolvedType instanceof Type) return false;
  if (field.resolvedType instanceof Enum) return true;
  return (wireTypes.packed as Record<string, number | undefined>)[field.type] !== undefined;
}

/** An unknown field's value, read by its wire type alone. */
function readUnknown(reader: Reader, wire: number, id: number): unknown {
  switch (wire) {
    case WIRE_VARINT:
      return long(reader.uint64(), true);
    case WIRE_FIXED64:
      return long(reader.fixed64(), true);
    case WIRE_FIXED32:
      return reader.fixed32();
    case WIRE_BYTES:
      return new DecodedBytes(Uint8Array.from(reader.bytes()));
    case WIRE_START_GROUP: {
      const start = reader.pos;
      reader.skipType(WIRE_START_GROUP);
      return { group: new DecodedBytes(Uint8Array.from(reader.buf.subarray(start, reader.pos))) };
    }
    default:
      throw new Error(`field ${id} has wire type ${wire}, which no field can have`);
  }
}

/** Appends to a repeated value kept under `key`. */
function pushTo(out: Record<string, unknown>, key: string, value: unknown): void {
  const list = Object.prototype.hasOwnProperty.call(out, key) ? out[key] : undefined;
  if (Array.isArray(list)) list.push(value);
  else defineKey(out, key, [value]);
}

interface Walk {
  budget: TreeBudget;
}

function readFieldValue(reader: Reader, field: Field, walk: Walk, depth: number): unknown {
  const resolved = field.resolvedType;
  if (resolved instanceof Type) {
    if (field.delimited) return readMessage(reader, resolved, -1, walk, depth + 1, field.id);
    const length = reader.uint32();
    return readMessage(reader, resolved, reader.pos + length, walk, depth + 1);
  }
  if (resolved instanceof Enum) {
    const n = reader.int32();
    return resolved.valuesById[n] ?? n;
  }
  return readScalar(reader, field.type);
}

function readMapEntry(
  reader: Reader,
  field: protobuf.MapField,
  walk: Walk,
  depth: number,
): [string, unknown] {
  const end = reader.pos + reader.uint32();
  if (end > reader.len) throw new RangeError('a map entry runs past the end of the message');
  let key: unknown = field.keyType === 'string' ? '' : 0;
  let value: unknown = null;
  while (reader.pos < end) {
    const tag = reader.uint32();
    const id = tag >>> 3;
    if (id === 1) key = readScalar(reader, field.keyType);
    else if (id === 2) value = readFieldValue(reader, field as unknown as Field, walk, depth);
    else reader.skipType(tag & 7);
  }
  return [String(key), value];
}

/**
 * Reads fields up to `end` (or, for a group, up to its end tag) into an object keyed by field
 * name; fields the type does not know (or that arrive with another wire type) go under "#id".
 */
function readMessage(
  reader: Reader,
  type: Type,
  end: number,
  walk: Walk,
  depth: number,
  groupId?: number,
): Record<string, unknown> {
  spend(walk.budget, depth);
  if (end > reader.len) {
    throw new RangeError(`a ${type.name} runs ${end - reader.len} bytes past the end of the data`);
  }
  const out: Record<string, unknown> = {};
  const limit = end < 0 ? reader.len : end;
  while (reader.pos < limit) {
    const tag = reader.uint32();
    const id = tag >>> 3;
    const wire = tag & 7;
    if (wire === WIRE_END_GROUP) {
      if (groupId === id) return out;
      throw new Error(`an end of group ${id} where none was open`);
    }
    if (id === 0) throw new Error('a field numbered 0, which no message can have');
    spend(walk.budget, depth + 1);
    const field = type.fieldsById[id];
    if (field && field.map && wire === WIRE_BYTES) {
      const [key, value] = readMapEntry(
        reader,
        field as unknown as protobuf.MapField,
        walk,
        depth + 1,
      );
      const existing = Object.prototype.hasOwnProperty.call(out, field.name)
        ? out[field.name]
        : undefined;
      const map = (existing as Record<string, unknown> | undefined) ?? {};
      if (!existing) defineKey(out, field.name, map);
      defineKey(map, key, value);
    } else if (field && field.repeated && wire === WIRE_BYTES && isPackable(field)) {
      const packedEnd = reader.uint32() + reader.pos;
      if (packedEnd > reader.len) throw new RangeError(`packed ${field.name} runs past the end`);
      if (!Object.prototype.hasOwnProperty.call(out, field.name)) defineKey(out, field.name, []);
      while (reader.pos < packedEnd) {
        spend(walk.budget, depth + 1);
        pushTo(out, field.name, readFieldValue(reader, field, walk, depth + 1));
      }
    } else if (field && wire === wireTypeOf(field)) {
      const value = readFieldValue(reader, field, walk, depth + 1);
      if (field.repeated) pushTo(out, field.name, value);
      else defineKey(out, field.name, value);
    } else {
      const key = `#${id}`;
      const value = readUnknown(reader, wire, id);
      if (Object.prototype.hasOwnProperty.call(out, key)) pushTo(out, key, value);
      else defineKey(out, key, value);
    }
  }
  if (end < 0) throw new RangeError(`group ${groupId ?? ''} has no end`);
  if (reader.pos > limit) throw new RangeError(`a field of ${type.name} runs past its end`);
  return out;
}

/** An empty type: every field of a message read with it is shown by number. */
const NO_SCHEMA = new Type('Unknown');

/**
 * The message in `bytes` as a decoded tree of `type` (or, without a type, every field by its
 * number). Throws with a plain message on malformed bytes or past the budget.
 */
export function decodeProtobuf(
  bytes: Uint8Array,
  type: Type | undefined,
  budget: TreeBudget,
): Record<string, unknown> {
  const reader = Reader.create(bytes);
  try {
    return readMessage(reader, type ?? NO_SCHEMA, bytes.length, { budget }, 0);
  } catch (error) {
    if (error instanceof DecodeLimitError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(
      /index out of range/.test(message)
        ? `the data ends in the middle of a field (at byte ${reader.pos} of ${bytes.length})`
        : message,
    );
  }
}

/* Writing. */

function fail(path: string, text: string): never {
  throw new Error(`${path}: ${text}`);
}

function toBytes(value: unknown, path: string): Uint8Array {
  if (isDecodedBytes(value)) return value.bytes;
  if (typeof value === 'string') {
    const hex = value.replace(/^0x/i, '').replace(/\s+/g, '');
    if (/^([0-9a-f]{2})*$/i.test(hex)) {
      const out = new Uint8Array(hex.length / 2);
      for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
      return out;
    }
    fail(path, 'bytes are written as hex, such as "0x0a0b"');
  }
  if (Array.isArray(value) && value.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) {
    return Uint8Array.from(value as number[]);
  }
  return fail(path, 'bytes are written as hex, such as "0x0a0b"');
}

const INT32_RANGE: Record<string, [number, number]> = {
  int32: [-2147483648, 2147483647],
  sint32: [-2147483648, 2147483647],
  sfixed32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
  fixed32: [0, 4294967295],
};

function toLongText(value: unknown, unsigned: boolean, path: string): string {
  let big: bigint;
  if (typeof value === 'bigint') big = value;
  else if (typeof value === 'number' && Number.isInteger(value)) big = BigInt(value);
  else if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) big = BigInt(value.trim());
  else return fail(path, 'expected a whole number');
  const min = unsigned ? 0n : -(2n ** 63n);
  const max = unsigned ? 2n ** 64n - 1n : 2n ** 63n - 1n;
  if (big < min || big > max) fail(path, `${big} does not fit in 64 bits`);
  return big.toString();
}

function writeScalar(writer: Writer, type: string, value: unknown, path: string): void {
  if (SIXTY_FOUR.has(type)) {
    const text = toLongText(value, UNSIGNED.has(type), path);
    (writer as unknown as Record<string, (v: string) => Writer>)[type]!(text);
    return;
  }
  switch (type) {
    case 'double':
    case 'float':
      if (typeof value !== 'number') fail(path, 'expected a number');
      writer[type](value);
      return;
    case 'bool':
      if (typeof value !== 'boolean') fail(path, 'expected true or false');
      writer.bool(value);
      return;
    case 'string':
      if (typeof value !== 'string') fail(path, 'expected text');
      writer.string(value);
      return;
    case 'bytes':
      writer.bytes(toBytes(value, path));
      return;
  }
  const range = INT32_RANGE[type];
  if (!range) fail(path, `unknown type ${type}`);
  if (typeof value !== 'number' || !Number.isInteger(value)) fail(path, 'expected a whole number');
  if (value < range[0] || value > range[1]) fail(path, `${value} is out of range for ${type}`);
  (writer as unknown as Record<string, (v: number) => Writer>)[type]!(value);
}

function writeValue(writer: Writer, field: Field, value: unknown, path: string, depth: number) {
  const resolved = field.resolvedType;
  if (resolved instanceof Type) {
    if (field.delimited) {
      writeMessageFields(writer, resolved, value, path, depth + 1);
      writer.uint32((field.id << 3) | WIRE_END_GROUP);
    } else {
      writer.fork();
      writeMessageFields(writer, resolved, value, path, depth + 1);
      writer.ldelim();
    }
    return;
  }
  if (resolved instanceof Enum) {
    if (typeof value === 'string') {
      const n = resolved.values[value];
      if (n === undefined) fail(path, `"${value}" is not a value of ${resolved.name}`);
      writer.int32(n);
    } else if (typeof value === 'number' && Number.isInteger(value)) {
      writer.int32(value);
    } else {
      fail(path, `expected a name of ${resolved.name}`);
    }
    return;
  }
  writeScalar(writer, field.type, value, path);
}

function writeTagged(writer: Writer, field: Field, value: unknown, path: string, depth: number) {
  writer.uint32((field.id << 3) | wireTypeOf(field));
  writeValue(writer, field, value, path, depth);
}

function writeMessageFields(
  writer: Writer,
  type: Type,
  value: unknown,
  path: string,
  depth: number,
): void {
  if (depth > 64) fail(path, 'nested more than 64 levels deep');
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(path, `a ${type.name} is written as an object of its fields`);
  }
  for (const [key, fieldValue] of Object.entries(value)) {
    if (fieldValue === null || fieldValue === undefined) continue;
    const field = type.fields[key] ?? type.fieldsArray.find((f) => f.name === key);
    const fieldPath = `${path}.${key}`;
    if (!field) {
      const known = type.fieldsArray.map((f) => f.name).join(', ');
      fail(path, `${type.name} has no field "${key}" (its fields: ${known || 'none'})`);
    }
    if (field.map) {
      if (typeof fieldValue !== 'object' || Array.isArray(fieldValue)) {
        fail(fieldPath, 'a map is written as an object');
      }
      const keyType = (field as unknown as protobuf.MapField).keyType;
      for (const [k, v] of Object.entries(fieldValue as Record<string, unknown>)) {
        writer.uint32((field.id << 3) | WIRE_BYTES).fork();
        writer.uint32((1 << 3) | ((wireTypes.mapKey as Record<string, number>)[keyType] ?? 0));
        const keyValue =
          keyType === 'string'
            ? k
            : keyType === 'bool'
              ? k === 'true'
              : SIXTY_FOUR.has(keyType)
                ? k
                : Number(k);
        writeScalar(writer, keyType, keyValue, `${fieldPath}.${k}`);
        // The entry's value is field 2, of the map field's value type.
        writer.uint32((2 << 3) | wireTypeOf(field));
        writeValue(writer, field, v, `${fieldPath}.${k}`, depth);
        writer.ldelim();
      }
    } else if (field.repeated) {
      if (!Array.isArray(fieldValue)) fail(fieldPath, 'a repeated field is written as a list');
      if (field.packed && isPackable(field) && fieldValue.length > 0) {
        writer.uint32((field.id << 3) | WIRE_BYTES).fork();
        fieldValue.forEach((v, i) => writeValue(writer, field, v, `${fieldPath}[${i}]`, depth));
        writer.ldelim();
      } else {
        fieldValue.forEach((v, i) => writeTagged(writer, field, v, `${fieldPath}[${i}]`, depth));
      }
    } else {
      writeTagged(writer, field, fieldValue, fieldPath, depth);
    }
  }
}

/** A JSON-like value as a message of `type`; throws naming the field that does not fit. */
export function encodeProtobuf(type: Type, value: unknown): Uint8Array {
  const writer = Writer.create();
  writeMessageFields(writer, type, value, type.name, 0);
  return writer.finish();
}
