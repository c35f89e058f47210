/** Types of the app server's embedded aedes broker (server/embedded-broker.mjs), for the tests. */
declare module '*/server/embedded-broker.mjs' {
  import type { Aedes } from 'aedes';
  import type { IncomingMessage } from 'node:http';
  import type { Duplex } from 'node:stream';

  export interface EmbeddedBroker {
    aedes: Aedes;
    tcpPort: number | null;
    /** Takes over an http server's WebSocket upgrade (the app server routes '/mqtt' here). */
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
    close(): Promise<void>;
  }

  export function startEmbeddedBroker(options?: {
    tcpPort?: number;
    host?: string;
  }): Promise<EmbeddedBroker>;
}
