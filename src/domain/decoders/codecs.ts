/**
 * The decoders and encoders that need libraries (protobufjs, cbor-x, @msgpack/msgpack), in one
 * module that the page and the MQTT worker load on first need (see codec-loader): the first
 * screen does not carry them.
 */
import { decodeCborTree, encodeCbor } from './cbor';
import { decodedJsonText, type TreeBudget } from './decoded-value';
import type { CodecDecoderId, DecodeResult } from './decoder-types';
import { decodeMsgpackTree, encodeMsgpack } from './msgpack';
import { findMessageType, parseProtoFiles, type SchemaSet } from './protobuf-schema';
import { decodeProtobuf, encodeProtobuf } from './protobuf-wire';
import { aliasesOfBirth, decodeSparkplug, encodeSparkplug, type AliasTable } from './sparkplug';
import type { SparkplugTopic } from './sparkplug-topic';

export interface CodecContext {
  budget: TreeBudget;
  /** Protobuf: the message type ("pkg.Msg"); without one, fields are shown by number. */
  messageType?: string;
  schemas?: SchemaSet;
  /** Sparkplug B: the message's topic, when it is one. */
  sparkplugTopic?: SparkplugTopic;
  /** Sparkplug B: the aliases its BIRTHs name. */
  aliases?: AliasTable;
}

/** Decodes with one codec; throws with the library's words on malformed bytes. */
export function decodeWithCodec(
  id: CodecDecoderId,
  bytes: Uint8Array,
  ctx: CodecContext,
): DecodeResult {
  switch (id) {
    case 'cbor': {
      const value = decodeCborTree(bytes, ctx.budget);
      return { value, text: decodedJsonText(value) };
    }
    case 'msgpack': {
      const value = decodeMsgpackTree(bytes, ctx.budget);
      return { value, text: decodedJsonText(value) };
    }
    case 'protobuf': {
      let type;
      if (ctx.messageType) {
        if (!ctx.schemas) throw new Error('no .proto schema is loaded');
        const found = findMessageType(ctx.schemas, ctx.messageType);
        if (typeof found === 'string') throw new Error(found);
        type = found;
      }
      const value = decodeProtobuf(bytes, type, ctx.budget);
      const result: DecodeResult = { value, text: decodedJsonText(value) };
      const unknown = Object.keys(value).filter((k) => k.startsWith('#'));
      if (!type) {
        result.notes = ['No message type is chosen: fields are shown by their numbers.'];
      } else if (unknown.length > 0) {
        result.notes = [
          `Fields ${unknown.join(', ')} are not in ${type.name}: shown by their numbers.`,
        ];
      }
      return result;
    }
    case 'sparkplug':
      return decodeSparkplug(bytes, ctx.sparkplugTopic, ctx.aliases, ctx.budget);
  }
}

export interface EncodeContext {
  messageType?: string;
  schemas?: SchemaSet;
  /** Sparkplug B: the seq to write when the value has none. */
  seq?: number;
  nowMs?: number;
}

/** Encodes a JSON-like value; throws naming what does not fit. */
export function encodeWithCodec(
  id: CodecDecoderId,
  value: unknown,
  ctx: EncodeContext = {},
): { bytes: Uint8Array; seq?: number } {
  switch (id) {
    case 'cbor':
      return { bytes: encodeCbor(value) };
    case 'msgpack':
      return { bytes: encodeMsgpack(value) };
    case 'protobuf': {
      if (!ctx.messageType) throw new Error('choose a message type of a loaded .proto schema');
      if (!ctx.schemas) throw new Error('no .proto schema is loaded');
      const type = findMessageType(ctx.schemas, ctx.messageType);
      if (typeof type === 'string') throw new Error(type);
      return { bytes: encodeProtobuf(type, value) };
    }
    case 'sparkplug': {
      const out = encodeSparkplug(value, { seq: ctx.seq, nowMs: ctx.nowMs ?? Date.now() });
      return out.seq === undefined ? { bytes: out.bytes } : { bytes: out.bytes, seq: out.seq };
    }
  }
}

export { aliasesOfBirth, parseProtoFiles };
export type { AliasTable, SchemaSet };
