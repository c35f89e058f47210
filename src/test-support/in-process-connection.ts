/**
 * The page's connection handle (connectionOverPort) over an MqttSession running in this
 * process instead of a worker, for Node tests against a real broker. Both directions are
 * delivered asynchronously and in order, as worker messages are; nothing is cloned.
 */
import { connectionOverPort, type Connection, type ConnectionPort } from '../mqtt/connection';
import { createMqttSession, type MqttSessionOptions } from '../mqtt/mqtt-session';
import type { WorkerEvent } from '../mqtt/worker-protocol';

export function createInProcessConnection(options?: MqttSessionOptions): Connection {
  let terminated = false;
  const port: ConnectionPort = {
    onmessage: null,
    postMessage(message) {
      setTimeout(() => {
        if (!terminated) session.handle(message);
      }, 0);
    },
    // Like Worker.terminate(): messages still on their way in either direction are dropped.
    terminate() {
      terminated = true;
      session.dispose();
    },
  };
  const session = createMqttSession((event) => {
    setTimeout(() => {
      if (!terminated) port.onmessage?.(new MessageEvent<WorkerEvent>('message', { data: event }));
    }, 0);
  }, options);
  return connectionOverPort(port);
}
