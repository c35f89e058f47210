/**
 * One message through its decoder, the same way on the page (rows, details, search, a chart's
 * history) and in the MQTT worker (charted fields): a size cap, a time and size budget, the
 * error and the hex instead of an exception. Decoders that need libraries run only when the
 * codecs module is loaded; until then the answer is "pending".
 */
import { decodeStrict, decodeUtf8 } from '../payload';
import { hexDump } from '../hex-dump';
import { toBase64 } from '../payload-copy';
import { reindentJson, safeJsonParse } from '../json-text';
import type { Codecs } from './codec-loader';
import { DecodeLimitError, newBudget } from './decoded-value';
import { DECODER_LABELS, isCodecDecoder, type DecodeResult, type DecoderId } from './decoder-types';
import type { AliasTable } from './sparkplug';
import type { SchemaSet } from './protobuf-schema';
import { parseSparkplugTopic, type SparkplugTopic } from './sparkplug-topic';

/** Payloads larger than this are not decoded (hex is shown). */
export const MAX_DECODE_BYTES = 1024 * 1024;
/** Bytes of hex shown with a decoder's error. */
const ERROR_HEX_BYTES = 4096;

export interface DecodeEnv {
  /** The codecs module, once loaded. */
  codecs: Codecs | undefined;
  /** The loaded .proto schemas, parsed. */
  schemas?: () => SchemaSet | undefined;
  /** The aliases of a Sparkplug message's node and device, from their kept BIRTHs. */
  aliases?: (topic: SparkplugTopic) => AliasTable | undefined;
  /** The time a decode may take (ms). */
  timeLimitMs?: number;
}

export type Decoding =
  | { status: 'decoded'; result: DecodeResult }
  /** The decoder needs the codecs module, which is not loaded yet. */
  | { status: 'pending' };

function base64Lines(bytes: Uint8Array): string {
  return toBase64(bytes)
    .replace(/(.{76})/g, '$1\n')
    .trimEnd();
}

/** The decoders that need no library: JSON, text, hex, base64. */
export function decodePlain(
  id: 'json' | 'text' | 'hex' | 'base64',
  bytes: Uint8Array,
): DecodeResult {
  switch (id) {
    case 'json': {
      const text = decodeStrict(bytes);
      if (text === undefined) {
        return {
          error: 'Not valid JSON: the bytes are not UTF-8 text.',
          text: hexDump(bytes, ERROR_HEX_BYTES),
        };
      }
      const parsed = safeJsonParse(text);
      if (!parsed.ok)
        return { error: `Not valid JSON: ${parsed.error}`, text: hexDump(bytes, ERROR_HEX_BYTES) };
      return { value: parsed.value, text: reindentJson(text) };
    }
    case 'text': {
      const text = decodeUtf8(bytes);
      return { value: text, text };
    }
    case 'hex':
      return { text: hexDump(bytes) };
    case 'base64': {
      const text = base64Lines(bytes);
      return { value: toBase64(bytes), text };
    }
  }
}

function failed(id: DecoderId, message: string, bytes: Uint8Array): DecodeResult {
  return {
    error: `Not valid ${DECODER_LABELS[id]}: ${message}`,
    text: hexDump(bytes, ERROR_HEX_BYTES),
  };
}

/**
 * Decodes `bytes` with `decoder`; never throws. `topic` names the Sparkplug node for aliases.
 */
export function decodeBytes(
  decoder: DecoderId,
  bytes: Uint8Array,
  env: DecodeEnv,
  opts: { topic?: string; messageType?: string } = {},
): Decoding {
  if (!isCodecDecoder(decoder)) {
    return { status: 'decoded', result: decodePlain(decoder, bytes) };
  }
  const codecs = env.codecs;
  if (!codecs) return { status: 'pending' };
  if (bytes.length > MAX_DECODE_BYTES) {
    return {
      status: 'decoded',
      result: {
        error: `Not decoded as ${DECODER_LABELS[decoder]}: payloads over ${MAX_DECODE_BYTES / 1024 / 1024} MB are shown as hex.`,
        text: hexDump(bytes, ERROR_HEX_BYTES),
      },
    };
  }
  const budget = newBudget(env.timeLimitMs);
  try {
    const sparkplugTopic = opts.topic === undefined ? undefined : parseSparkplugTopic(opts.topic);
    const schemas = decoder === 'protobuf' ? env.schemas?.() : undefined;
    const aliases =
      decoder === 'sparkplug' && sparkplugTopic ? env.aliases?.(sparkplugTopic) : undefined;
    const result = codecs.decodeWithCodec(decoder, bytes, {
      budget,
      ...(opts.messageType ? { messageType: opts.messageType } : {}),
      ...(schemas ? { schemas } : {}),
      ...(sparkplugTopic ? { sparkplugTopic } : {}),
      ...(aliases ? { aliases } : {}),
    });
    return { status: 'decoded', result };
  } catch (error) {
    const message =
      error instanceof DecodeLimitError
        ? `stopped: ${error.message}`
        : error instanceof RangeError && /call stack/i.test(error.message)
          ? 'nested too deeply'
          : error instanceof Error
            ? error.message
            : String(error);
    return { status: 'decoded', result: failed(decoder, message, bytes) };
  }
}
