import { create } from 'zustand';
import type { DecodeRule } from '../domain/decoders/decode-rules';
import type { ProtoFile } from '../domain/decoders/protobuf-schema';
import { STORED } from '../domain/stored-state';
import { readStored, writeStored } from './persisted';

export type CodecsState = 'idle' | 'loading' | 'ready' | 'failed';

interface DecodingState {
  /** Decode rules, first match wins (kept in the browser). */
  rules: DecodeRule[];
  /** Loaded .proto files (kept in the browser). */
  schemas: ProtoFile[];
  /** The message types the loaded schemas define, or why they cannot be used. */
  schemaTypes: string[];
  schemaError: string | undefined;
  /** Whether the decoders module (protobufjs, cbor-x, msgpack) is loaded. */
  codecs: CodecsState;
  /** Bumped whenever decoded output may change: rules, schemas, decoders loaded. */
  version: number;
  /** The Protobuf message type the publish form writes ("": the topic's rule decides). */
  publishMessageType: string;
}

const WORDS = {
  what: 'Your decode rules and .proto schemas',
  todo: 'They apply until you close this page; remove schemas you no longer need, then try again.',
};

/** The decoding service sets it; views read it. Rules and schemas are stored as they change. */
export const useDecodingStore = create<DecodingState>(() => ({
  rules: readStored(STORED.decodeRules) ?? [],
  schemas: readStored(STORED.protoSchemas) ?? [],
  schemaTypes: [],
  schemaError: undefined,
  codecs: 'idle',
  version: 1,
  publishMessageType: '',
}));

/** Writes rules and schemas to storage whenever they change. */
useDecodingStore.subscribe((state, previous) => {
  if (state.rules !== previous.rules) writeStored(STORED.decodeRules, state.rules, WORDS);
  if (state.schemas !== previous.schemas) writeStored(STORED.protoSchemas, state.schemas, WORDS);
});
