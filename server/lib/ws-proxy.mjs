// A broker's WebSocket listener behind the app server's /mqtt: the raw upgrade request is piped to
// the broker's port (with the broker's own path), the broker does the handshake itself (echoing
// Sec-WebSocket-Protocol: mqtt), and the client's frames pass a counter of message sizes on
// their way. Close frames pass through untouched, so the page sees the broker's close codes.
import net from 'node:net';
import { webSocketMessageLimit } from './ws-message-limit.mjs';

/**
 * @param {{ port: number, path?: string, maxPayload: number, host?: string }} options `path`: the
 *   broker's WebSocket path ("/" for Mosquitto, which takes any; "/ws" for RabbitMQ's Web MQTT).
 *   A client that sends a larger WebSocket message than `maxPayload` bytes is disconnected.
 */
export function createWebSocketProxy({ port, path = '/', maxPayload, host = '127.0.0.1' }) {
  /** @type {Set<net.Socket>} */
  const proxied = new Set();
  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:stream').Duplex} socket
   * @param {Buffer} head
   */
  const handleUpgrade = (req, socket, head) => {
    const upstream = net.connect(port, host);
    proxied.add(upstream);
    const limit = webSocketMessageLimit(maxPayload);
    let requestHead = `${req.method} ${path} HTTP/1.1\r\n`;
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      requestHead += `${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}\r\n`;
    }
    requestHead += '\r\n';
    const teardown = () => {
      proxied.delete(upstream);
      upstream.destroy();
      socket.destroy();
      limit.destroy();
    };
    upstream.once('connect', () => {
      upstream.setNoDelay(true);
      upstream.write(requestHead);
      if (head.length > 0) limit.write(head);
      socket.pipe(limit).pipe(upstream);
      upstream.pipe(socket);
    });
    limit.on('error', teardown);
    upstream.on('error', teardown);
    upstream.on('close', teardown);
    socket.on('error', teardown);
    socket.on('close', teardown);
  };
  return {
    handleUpgrade,
    /** Ends every proxied connection. */
    closeAll: () => {
      for (const upstream of proxied) upstream.destroy();
    },
  };
}
