/**
 * MQTT reason codes -> plain-language text (MQTT 5.0 section 2.4, MQTT 3.1.1 section 3.2.2.3):
 * CONNACK, PUBACK and DISCONNECT, which the worker's connection reports (SUBACK, which the page
 * reports, is in suback-reasons.ts). Pure: no import of 'mqtt', so it can be tested and reused
 * anywhere.
 */

export type ProtocolVersion = 4 | 5;

function hex(code: number): string {
  return `0x${code.toString(16).toUpperCase().padStart(2, '0')}`;
}

const CONNACK_V5: Readonly<Record<number, string>> = {
  0x00: 'Success',
  0x80: 'Unspecified error',
  0x81: 'Malformed packet',
  0x82: 'Protocol error',
  0x83: 'Implementation specific error',
  0x84: 'Unsupported protocol version',
  0x85: 'Client identifier not valid',
  0x86: 'Bad user name or password',
  0x87: 'Not authorized',
  0x88: 'Server unavailable',
  0x89: 'Server busy',
  0x8a: 'Banned',
  0x8c: 'Bad authentication method',
  0x90: 'Topic name invalid',
  0x95: 'Packet too large',
  0x97: 'Quota exceeded',
  0x99: 'Payload format invalid',
  0x9a: 'Retain not supported',
  0x9b: 'QoS not supported',
  0x9c: 'Use another server',
  0x9d: 'Server moved',
  0x9f: 'Connection rate exceeded',
};

const CONNACK_V4: Readonly<Record<number, string>> = {
  0: 'Success',
  1: 'Unsupported protocol version',
  2: 'Client identifier not valid',
  3: 'Server unavailable',
  4: 'Bad user name or password',
  5: 'Not authorized',
};

/** The v5 code with the same meaning as a 3.1.1 return code, so hints are written once. */
const V4_TO_V5: Readonly<Record<number, number>> = { 1: 0x84, 2: 0x85, 3: 0x88, 4: 0x86, 5: 0x87 };

function lookupConnack(code: number, protocolVersion: ProtocolVersion): string | undefined {
  if (protocolVersion === 4) return CONNACK_V4[code];
  // A broker that only speaks 3.1.1 answers an MQTT 5 CONNECT with a 3.1.1 return code.
  return CONNACK_V5[code] ?? CONNACK_V4[code];
}

export function connackReasonText(code: number, protocolVersion: ProtocolVersion): string {
  return lookupConnack(code, protocolVersion) ?? `Refused (reason code ${hex(code)})`;
}

const CONNACK_HINTS: Readonly<Record<number, string>> = {
  0x85: 'The broker refused the client ID: try a shorter one made of letters and digits.',
  0x86: 'Check the user name and password.',
  0x87: "The broker does not let this client connect: check the user name, password and the broker's access rules.",
  0x88: 'The broker is unavailable: try again later.',
  0x89: 'The broker is busy: try again later.',
  0x8a: "This client is banned by the broker: ask the broker's administrator.",
  0x8c: 'The broker expects a different authentication method.',
  0x90: 'Check the will topic.',
  0x95: 'The connect request is too large for the broker: try a shorter will message.',
  0x97: 'The broker refused the connection because a quota is exceeded: try again later.',
  0x99: 'Check the will message payload.',
  0x9a: 'The broker does not support retained messages: turn off retain on the will message.',
  0x9b: "The broker does not support the will message's QoS: lower it.",
  0x9c: 'The broker asks clients to use another server.',
  0x9d: 'The broker has moved to another server.',
  0x9f: 'Too many connection attempts: wait a moment before connecting again.',
};

/** The MQTT 5 code with the meaning of `code`, so hints are written once for both versions. */
function asV5Code(code: number, protocolVersion: ProtocolVersion): number | undefined {
  if (protocolVersion === 5 && code in CONNACK_V5) return code;
  return V4_TO_V5[code];
}

/** A next step for the user, when there is a useful one. */
export function connackHint(code: number, protocolVersion: ProtocolVersion): string | undefined {
  const v5Code = asV5Code(code, protocolVersion);
  if (v5Code === undefined) return undefined;
  if (v5Code === 0x84) {
    return protocolVersion === 5
      ? 'The broker may not speak MQTT 5.0: try MQTT version 3.1.1.'
      : 'The broker does not accept MQTT 3.1.1: try MQTT version 5.0.';
  }
  return CONNACK_HINTS[v5Code];
}

const PUBACK: Readonly<Record<number, string>> = {
  0x00: 'Success',
  0x10: 'No matching subscribers',
  0x80: 'Unspecified error',
  0x83: 'Implementation specific error',
  0x87: 'Not authorized',
  0x90: 'Topic name invalid',
  0x91: 'Packet identifier in use',
  0x97: 'Quota exceeded',
  0x99: 'Payload format invalid',
};

/** PUBACK / PUBREC reason (MQTT 5). Codes below 0x80 mean the message was accepted. */
export function pubackReasonText(code: number): string {
  return PUBACK[code] ?? `Reason code ${hex(code)}`;
}

const DISCONNECT: Readonly<Record<number, string>> = {
  0x00: 'Normal disconnection',
  0x04: 'Disconnect with will message',
  0x80: 'Unspecified error',
  0x81: 'Malformed packet',
  0x82: 'Protocol error',
  0x83: 'Implementation specific error',
  0x87: 'Not authorized',
  0x89: 'Server busy',
  0x8b: 'Server shutting down',
  0x8d: 'Keep alive timeout',
  0x8e: 'Session taken over',
  0x8f: 'Topic filter invalid',
  0x90: 'Topic name invalid',
  0x93: 'Receive maximum exceeded',
  0x94: 'Topic alias invalid',
  0x95: 'Packet too large',
  0x96: 'Message rate too high',
  0x97: 'Quota exceeded',
  0x98: 'Administrative action',
  0x99: 'Payload format invalid',
  0x9a: 'Retain not supported',
  0x9b: 'QoS not supported',
  0x9c: 'Use another server',
  0x9d: 'Server moved',
  0x9e: 'Shared subscriptions not supported',
  0x9f: 'Connection rate exceeded',
  0xa0: 'Maximum connect time',
  0xa1: 'Subscription identifiers not supported',
  0xa2: 'Wildcard subscriptions not supported',
};

/** DISCONNECT reason (MQTT 5), sent by either side. */
export function disconnectReasonText(code: number): string {
  return DISCONNECT[code] ?? `Disconnected (reason code ${hex(code)})`;
}
