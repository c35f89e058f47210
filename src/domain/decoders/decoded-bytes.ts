/**
 * A binary value inside a decoded tree (see decoded-value), in a module of its own: the views
 * that draw trees recognise it without loading the decoders.
 */

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/**
 * A binary value inside a decoded tree. Its bytes are a private field, so walks over object
 * keys (numeric fields, paths) never see one number per byte.
 */
export class DecodedBytes {
  readonly #bytes: Uint8Array;

  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
  }

  get bytes(): Uint8Array {
    return this.#bytes;
  }

  get length(): number {
    return this.#bytes.length;
  }

  /** "0x0a0b…": two lowercase hex digits per byte, at most `maxBytes` of them. */
  hex(maxBytes = Infinity): string {
    const shown = Math.min(this.#bytes.length, maxBytes);
    let out = '0x';
    for (let i = 0; i < shown; i++) out += HEX[this.#bytes[i]!];
    return shown < this.#bytes.length ? `${out}…` : out;
  }
}

export function isDecodedBytes(value: unknown): value is DecodedBytes {
  return value instanceof DecodedBytes;
}
