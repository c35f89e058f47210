/**
 * A real broker for Node tests: the app server's own embedded aedes 2 (with its WebSocket
 * stream coalescing), started in-process on free loopback ports. WebSocket upgrades to /mqtt
 * reach it, as on the app server; any other path is dropped, as there.
 */
import http from 'node:http';
import type { Aedes, Client } from 'aedes';
import { startEmbeddedBroker } from '../../server/embedded-broker.mjs';

export interface TestBroker {
  /** ws://127.0.0.1:<port>/mqtt */
  wsUrl: string;
  /** mqtt://127.0.0.1:<port> */
  tcpUrl: string;
  /** The aedes instance, e.g. to set `authenticate` for a refusal. */
  aedes: Aedes;
  /** IDs of the clients connected right now. */
  clientIds(): string[];
  /** Closes a client's connection from the broker's side, as a broker restart would. */
  dropClient(clientId: string): void;
  /** Ends every client and both listeners. */
  stop(): Promise<void>;
}

export async function startTestBroker(): Promise<TestBroker> {
  const broker = await startEmbeddedBroker({ tcpPort: 0, host: '127.0.0.1' });
  const connected = new Set<Client>();
  broker.aedes.on('client', (client) => connected.add(client));
  broker.aedes.on('clientDisconnect', (client) => connected.delete(client));
  const server = http.createServer((_req, res) => res.writeHead(404).end());
  server.on('upgrade', (req: http.IncomingMessage, socket, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    if (new URL(req.url ?? '/', 'http://x').pathname !== '/mqtt') {
      socket.destroy();
      return;
    }
    broker.handleUpgrade(req, socket, head);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
  } catch (error) {
    await broker.close();
    throw error;
  }
  const { port } = server.address() as { port: number };
  return {
    wsUrl: `ws://127.0.0.1:${port}/mqtt`,
    tcpUrl: `mqtt://127.0.0.1:${broker.tcpPort}`,
    aedes: broker.aedes,
    clientIds: () => [...connected].map((client) => client.id),
    dropClient(clientId) {
      for (const client of connected) if (client.id === clientId) client.close();
    },
    async stop() {
      const closed = new Promise((resolve) => server.close(resolve));
      server.closeAllConnections();
      await broker.close();
      await closed;
    },
  };
}
