/**
 * protobufjs reads and writes 64-bit values through a Long class. The `long` package it would
 * load compiles a WebAssembly module when it starts, which the page's Content-Security-Policy
 * forbids ('wasm-eval'). This BigInt-backed class takes its place: protobufjs looks for
 * `dcodeIO.Long` before it loads `long`, so this module is imported before protobufjs (see
 * protobuf-runtime). It sets nothing when a Long is there already.
 */

const TWO_32 = 2n ** 32n;

export class BitsLong {
  constructor(
    readonly low: number,
    readonly high: number,
    readonly unsigned = false,
  ) {}

  static isLong(value: unknown): value is BitsLong {
    return value instanceof BitsLong;
  }

  static fromBits(low: number, high: number, unsigned?: boolean): BitsLong {
    return new BitsLong(low | 0, high | 0, Boolean(unsigned));
  }

  static fromBigInt(value: bigint, unsigned?: boolean): BitsLong {
    const bits = BigInt.asUintN(64, value);
    return BitsLong.fromBits(Number(bits % TWO_32), Number(bits / TWO_32), unsigned);
  }

  static fromNumber(value: number, unsigned?: boolean): BitsLong {
    return BitsLong.fromBigInt(BigInt(Number.isFinite(value) ? Math.trunc(value) : 0), unsigned);
  }

  static fromString(text: string, unsigned?: boolean): BitsLong {
    const trimmed = text.trim();
    return BitsLong.fromBigInt(/^-?\d+$/.test(trimmed) ? BigInt(trimmed) : 0n, unsigned);
  }

  static fromValue(value: unknown, unsigned?: boolean): BitsLong {
    if (value instanceof BitsLong) return value;
    if (typeof value === 'number') return BitsLong.fromNumber(value, unsigned);
    if (typeof value === 'string') return BitsLong.fromString(value, unsigned);
    const v = value as { low: number; high: number; unsigned?: boolean };
    return BitsLong.fromBits(v.low, v.high, unsigned ?? v.unsigned);
  }

  toBigInt(): bigint {
    const bits = (BigInt(this.high >>> 0) << 32n) | BigInt(this.low >>> 0);
    return this.unsigned ? bits : BigInt.asIntN(64, bits);
  }

  toNumber(): number {
    return Number(this.toBigInt());
  }

  toString(): string {
    return this.toBigInt().toString();
  }
}

const scope = globalThis as { dcodeIO?: { Long?: unknown } };
scope.dcodeIO ??= {};
scope.dcodeIO.Long ??= BitsLong;
