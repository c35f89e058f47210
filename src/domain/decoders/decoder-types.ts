/**
 * The one shape every decoder has: bytes in, `{ value, text, error }` out. Decoders never throw:
 * malformed bytes give `error` (in plain words) and the details view then shows the hex.
 */

/** Every way a payload can be read. "auto" picks one per message (see decode-rules). */
export const DECODER_IDS = [
  'json',
  'text',
  'hex',
  'base64',
  'sparkplug',
  'protobuf',
  'cbor',
  'msgpack',
] as const;
export type DecoderId = (typeof DECODER_IDS)[number];

/** The decoders that need the lazily loaded codecs (protobufjs, cbor-x, @msgpack/msgpack). */
export const CODEC_DECODERS = ['sparkplug', 'protobuf', 'cbor', 'msgpack'] as const;
export type CodecDecoderId = (typeof CODEC_DECODERS)[number];

export function isCodecDecoder(id: string): id is CodecDecoderId {
  return (CODEC_DECODERS as readonly string[]).includes(id);
}

export function isDecoderId(id: string): id is DecoderId {
  return (DECODER_IDS as readonly string[]).includes(id);
}

export const DECODER_LABELS: Record<DecoderId, string> = {
  json: 'JSON',
  text: 'Text',
  hex: 'Hex',
  base64: 'Base64',
  sparkplug: 'Sparkplug B',
  protobuf: 'Protobuf',
  cbor: 'CBOR',
  msgpack: 'MessagePack',
};

/** One row of a table a decoder shows beside its tree (Sparkplug metrics, dataset rows). */
export interface DecodedTable {
  caption: string;
  columns: string[];
  /** Cells as text (already formatted), one array per row. */
  rows: string[][];
}

export interface DecodeResult {
  /** The decoded tree (see decoded-value); undefined when decoding failed. */
  value?: unknown;
  /** The value as indented JSON text, or the failure's hex dump when `error` is set. */
  text: string;
  /** Why the bytes could not be decoded, in plain words. */
  error?: string;
  /** One sentence about the message, e.g. what a Sparkplug BIRTH or DEATH means. */
  summary?: string;
  /** Notes about what could not be resolved (aliases without a BIRTH…). */
  notes?: string[];
  /** Tables shown beside the tree (metrics, datasets). */
  tables?: DecodedTable[];
  /**
   * Paths worth a "Chart" button, when not every numeric leaf is (a Sparkplug metric's value,
   * not its alias or timestamp).
   */
  chartPaths?: string[];
}
