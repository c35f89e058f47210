/**
 * CBOR (RFC 8949) through cbor-x, in its build that never compiles code at run time (the page's
 * Content-Security-Policy forbids eval). Maps become objects, byte strings DecodedBytes, tags
 * other than dates `{ "tag": n, "value": … }`.
 */
import { Decoder, Encoder, Tag } from 'cbor-x/index-no-eval';
import { defineKey, toDecodedTree, type TreeBudget } from './decoded-value';

const decoder = new Decoder({ mapsAsObjects: false, useRecords: false });
const encoder = new Encoder({
  useRecords: false,
  mapsAsObjects: true,
  variableMapSize: true,
  tagUint8Array: false,
});

/** The payload as a decoded tree; throws (with cbor-x's words) on malformed bytes. */
export function decodeCborTree(bytes: Uint8Array, budget: TreeBudget): unknown {
  const raw: unknown = decoder.decode(bytes);
  return toDecodedTree(raw, budget, {
    special: (node, convert) => {
      if (!(node instanceof Tag)) return undefined;
      const out: Record<string, unknown> = {};
      defineKey(out, 'tag', node.tag);
      defineKey(out, 'value', convert(node.value));
      return out;
    },
  });
}

/** A JSON value as CBOR: objects as maps with text keys, integers as the smallest integer. */
export function encodeCbor(value: unknown): Uint8Array {
  const encoded = encoder.encode(value);
  return new Uint8Array(encoded.buffer, encoded.byteOffset, encoded.byteLength).slice();
}
