/**
 * The `$SYS` topics the Broker panel reads (the broker-stats service holds them while the panel
 * is open). Apart from broker-sys.ts, which reads their values in the panel, so the first bundle
 * carries only the names.
 */

/** Mosquitto publishes these; each is text (numbers as decimal text). */
export const MOSQUITTO_SYS = {
  version: '$SYS/broker/version',
  uptime: '$SYS/broker/uptime',
  clientsConnected: '$SYS/broker/clients/connected',
  messagesReceived: '$SYS/broker/messages/received',
  messagesSent: '$SYS/broker/messages/sent',
  bytesReceived: '$SYS/broker/bytes/received',
  bytesSent: '$SYS/broker/bytes/sent',
} as const;
