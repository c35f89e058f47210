/**
 * SUBACK reason codes -> plain-language text (MQTT 5.0 section 3.9.3, MQTT 3.1.1 section 3.9.3):
 * what the subscriptions list shows for each filter. Apart from reason-codes.ts (the worker's
 * CONNACK, PUBACK and DISCONNECT texts), so the page's first bundle carries only these. Pure.
 */

function hex(code: number): string {
  return `0x${code.toString(16).toUpperCase().padStart(2, '0')}`;
}

const SUBACK: Readonly<Record<number, string>> = {
  0x00: 'QoS 0',
  0x01: 'QoS 1',
  0x02: 'QoS 2',
  // 3.1.1 calls 0x80 "Failure", 5.0 "Unspecified error": "Failure" reads right for both.
  0x80: 'Failure',
  0x83: 'Implementation specific error',
  0x87: 'Not authorized',
  0x8f: 'Topic filter invalid',
  0x91: 'Packet identifier in use',
  0x97: 'Quota exceeded',
  0x9e: 'Shared subscriptions not supported',
  0xa1: 'Subscription identifiers not supported',
  0xa2: 'Wildcard subscriptions not supported',
};

export function subackReasonText(code: number): string {
  return (
    SUBACK[code] ?? `${isSubackFailure(code) ? 'Refused' : 'Granted'} (reason code ${hex(code)})`
  );
}

/** Reason codes of 0x80 and above refuse the subscription. */
export function isSubackFailure(code: number): boolean {
  return code >= 0x80;
}
