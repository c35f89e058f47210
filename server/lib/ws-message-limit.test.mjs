import { describe, expect, it } from 'vitest';
import { webSocketMessageLimit } from './ws-message-limit.mjs';

/**
 * A masked client frame.
 * @param {{ opcode?: number, fin?: boolean, length: number }} frame
 */
function frame({ opcode = 0x2, fin = true, length }) {
  const first = (fin ? 0x80 : 0) | opcode;
  /** @type {Buffer} */
  let header;
  if (length < 126) {
    header = Buffer.from([first, 0x80 | length]);
  } else if (length < 65536) {
    header = Buffer.alloc(4);
    header.writeUInt8(first, 0);
    header.writeUInt8(0x80 | 126, 1);
    header.writeUInt16BE(length, 2);
  } else {
    header = Buffer.alloc(10);
    header.writeUInt8(first, 0);
    header.writeUInt8(0x80 | 127, 1);
    header.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
    header.writeUInt32BE(length % 2 ** 32, 6);
  }
  return Buffer.concat([header, Buffer.from([1, 2, 3, 4]), Buffer.alloc(length, 0x61)]);
}

/**
 * Feed `chunks` through a limit; what came out, and the error if it failed.
 * @param {number} maxPayload
 * @param {Buffer[]} chunks
 * @returns {Promise<{ passed: number, error: Error | null }>}
 */
async function run(maxPayload, chunks) {
  const limit = webSocketMessageLimit(maxPayload);
  let passed = 0;
  limit.on('data', (/** @type {Buffer} */ chunk) => (passed += chunk.length));
  const error = await new Promise((resolve) => {
    limit.once('error', resolve);
    limit.once('end', () => resolve(null));
    for (const chunk of chunks) limit.write(chunk);
    limit.end();
  });
  return { passed, error: /** @type {Error | null} */ (error) };
}

/**
 * `bytes` cut into pieces of `size` bytes.
 * @param {Buffer} bytes
 * @param {number} size
 */
function pieces(bytes, size) {
  const out = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

describe('webSocketMessageLimit', () => {
  it('passes every byte of messages up to the limit, with 7-, 16- and 64-bit lengths', async () => {
    const stream = Buffer.concat([
      frame({ length: 100 }),
      frame({ length: 1000 }),
      frame({ length: 70_000 }),
      frame({ opcode: 0x9, length: 4 }), // ping
    ]);
    expect(await run(70_000, [stream])).toEqual({ passed: stream.length, error: null });
  });

  it('reads headers and payloads cut anywhere', async () => {
    const stream = Buffer.concat([frame({ length: 200 }), frame({ length: 70_000 })]);
    for (const size of [1, 2, 3, 7, 13]) {
      expect(await run(70_000, pieces(stream, size)), `pieces of ${size}`).toEqual({
        passed: stream.length,
        error: null,
      });
    }
    expect((await run(69_999, pieces(stream, 1))).error).toBeInstanceOf(RangeError);
  });

  it('fails on a frame over the limit before passing it on', async () => {
    const ok = frame({ length: 10 });
    const { passed, error } = await run(100, [ok, frame({ length: 101 })]);
    expect(error?.message).toMatch(/over 100 bytes/);
    expect(passed).toBe(ok.length);
  });

  it('counts a message over its fragments, and control frames between them apart', async () => {
    const fragments = [
      frame({ fin: false, length: 60 }),
      frame({ opcode: 0x9, length: 50 }), // a ping between fragments
      frame({ opcode: 0x0, fin: true, length: 40 }),
    ];
    expect((await run(100, fragments)).error).toBeNull();
    const tooMany = [
      frame({ fin: false, length: 60 }),
      frame({ opcode: 0x0, fin: false, length: 30 }),
      frame({ opcode: 0x0, fin: true, length: 11 }),
    ];
    expect((await run(100, tooMany)).error).toBeInstanceOf(RangeError);
    // A finished message does not count towards the next one.
    expect((await run(100, [frame({ length: 100 }), frame({ length: 100 })])).error).toBeNull();
  });
});
