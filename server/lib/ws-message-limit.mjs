// A limit on the size of the WebSocket messages a client sends through a proxy that passes the
// bytes on untouched (the app server in front of Mosquitto): the frames are read as they stream
// past, nothing is buffered, and the stream fails once a message grows beyond the limit.
import { Transform } from 'node:stream';

const OPCODE_CONTINUATION = 0x0;

/**
 * A pass-through stream for the client-to-server direction of a WebSocket (RFC 6455, masked
 * frames) that errors once one message (a frame with its continuation frames) carries more than
 * `maxPayload` bytes of payload. Control frames never count towards a message.
 * @param {number} maxPayload
 * @returns {Transform}
 */
export function webSocketMessageLimit(maxPayload) {
  /** Bytes of the frame header read so far (a header may arrive in pieces). */
  let header = Buffer.alloc(0);
  /** Payload bytes of the current frame still to come. */
  let remaining = 0;
  /** Payload bytes of the current message so far. */
  let messageBytes = 0;

  /**
   * The header's length, or 0 while it is incomplete.
   * @param {Buffer} bytes
   */
  const headerLength = (bytes) => {
    if (bytes.length < 2) return 0;
    const length7 = /** @type {number} */ (bytes[1]) & 0x7f;
    const masked = /** @type {number} */ (bytes[1] & 0x80) !== 0;
    const extended = length7 === 126 ? 2 : length7 === 127 ? 8 : 0;
    const total = 2 + extended + (masked ? 4 : 0);
    return bytes.length >= total ? total : 0;
  };

  /**
   * A frame's payload length from its complete header.
   * @param {Buffer} bytes
   */
  const payloadLength = (bytes) => {
    const length7 = /** @type {number} */ (bytes[1]) & 0x7f;
    if (length7 === 126) return bytes.readUInt16BE(2);
    // Beyond 2^53 bytes no message fits under any limit anyway.
    if (length7 === 127) return bytes.readUInt32BE(2) * 2 ** 32 + bytes.readUInt32BE(6);
    return length7;
  };

  return new Transform({
    transform(chunk, _encoding, callback) {
      /** @type {Buffer} */
      const data = chunk;
      let offset = 0;
      while (offset < data.length) {
        if (remaining > 0) {
          const take = Math.min(remaining, data.length - offset);
          remaining -= take;
          offset += take;
          continue;
        }
        // A header, maybe in pieces: at most 14 bytes.
        const before = header.length;
        header = Buffer.concat([header, data.subarray(offset, offset + 14 - before)]);
        const length = headerLength(header);
        if (length === 0) {
          offset += header.length - before;
          continue;
        }
        offset += length - before;
        const opcode = /** @type {number} */ (header[0]) & 0x0f;
        const fin = /** @type {number} */ (header[0] & 0x80) !== 0;
        remaining = payloadLength(header);
        header = Buffer.alloc(0);
        if (opcode >= 0x8) continue; // close, ping, pong: not part of a message
        messageBytes = opcode === OPCODE_CONTINUATION ? messageBytes + remaining : remaining;
        if (messageBytes > maxPayload) {
          callback(new RangeError(`WebSocket message over ${maxPayload} bytes`));
          return;
        }
        if (fin) messageBytes = 0;
      }
      callback(null, data);
    },
  });
}
