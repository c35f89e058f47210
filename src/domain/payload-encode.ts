/** What the publish form's payload editor turns into bytes, with plain-language errors. */

export const PAYLOAD_FORMATS = [
  'text',
  'json',
  'hex',
  'base64',
  'cbor',
  'msgpack',
  'protobuf',
  'sparkplug',
] as const;
export type PayloadFormat = (typeof PAYLOAD_FORMATS)[number];

/** Formats written from a JSON value by an encoder of the codecs module (see decoders/). */
export function isEncodedFormat(
  format: PayloadFormat,
): format is 'cbor' | 'msgpack' | 'protobuf' | 'sparkplug' {
  return (
    format === 'cbor' || format === 'msgpack' || format === 'protobuf' || format === 'sparkplug'
  );
}

export type EncodeResult = { ok: true; bytes: Uint8Array } | { ok: false; error: string };

export function encodePayload(text: string, format: PayloadFormat): EncodeResult {
  switch (format) {
    case 'json':
      try {
        JSON.parse(text);
      } catch (error) {
        return { ok: false, error: `The payload is not valid JSON: ${(error as Error).message}` };
      }
      return { ok: true, bytes: new TextEncoder().encode(text) };
    case 'hex': {
      const clean = text.replace(/\s+/g, '').replace(/^0x/i, '');
      if (clean.length % 2 !== 0 || /[^0-9a-f]/i.test(clean)) {
        return {
          ok: false,
          error: 'The payload is not valid hex: use pairs of 0-9 and a-f, such as "48 69".',
        };
      }
      const bytes = new Uint8Array(clean.length / 2);
      for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
      return { ok: true, bytes };
    }
    case 'base64':
      try {
        const binary = atob(text.replace(/\s+/g, ''));
        return { ok: true, bytes: Uint8Array.from(binary, (c) => c.charCodeAt(0)) };
      } catch {
        return { ok: false, error: 'The payload is not valid base64.' };
      }
    case 'cbor':
    case 'msgpack':
    case 'protobuf':
    case 'sparkplug':
      // Encoded by the Publish button (the encoders load on first use, see decoders/).
      return {
        ok: false,
        error: 'CBOR, MessagePack, Protobuf and Sparkplug B payloads are sent with Publish.',
      };
    default:
      return { ok: true, bytes: new TextEncoder().encode(text) };
  }
}
