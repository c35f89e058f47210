/**
 * MessagePack through @msgpack/msgpack: 64-bit integers exact (bigint beyond 2^53), maps with
 * any keys as objects, bin as DecodedBytes, the timestamp extension as a date, other extensions
 * `{ "extension": type, "data": "0x…" }`.
 */
import { Decoder, encode, ExtData, type DecoderOptions } from '@msgpack/msgpack';
import { DecodedBytes, defineKey, toDecodedTree, type TreeBudget } from './decoded-value';

/** Bounds given to the library itself, so a forged length cannot make it allocate much. */
const LIMITS: DecoderOptions = {
  useBigInt64: true,
  maxStrLength: 1024 * 1024,
  maxBinLength: 1024 * 1024,
  maxArrayLength: 200_000,
  maxMapLength: 200_000,
  maxExtLength: 1024 * 1024,
  mapKeyConverter: (key) =>
    typeof key === 'string' || typeof key === 'number' ? key : String(key),
};
const decoder = new Decoder(LIMITS);

/** The payload as a decoded tree; throws (with the library's words) on malformed bytes. */
export function decodeMsgpackTree(bytes: Uint8Array, budget: TreeBudget): unknown {
  const raw = decoder.decode(bytes);
  return toDecodedTree(raw, budget, {
    special: (node) => {
      if (!(node instanceof ExtData)) return undefined;
      const out: Record<string, unknown> = {};
      defineKey(out, 'extension', node.type);
      defineKey(
        out,
        'data',
        node.data instanceof Uint8Array ? new DecodedBytes(node.data) : String(node.data),
      );
      return out;
    },
  });
}

/** A JSON value as MessagePack (integers in their smallest form, floats as float64). */
export function encodeMsgpack(value: unknown): Uint8Array {
  return encode(value, { useBigInt64: true });
}
