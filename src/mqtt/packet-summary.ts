/**
 * One line's worth of an MQTT packet for the packet timeline: type, direction, id and the key
 * fields, never the payload bytes themselves.
 */

import type { PacketDirection, PacketRecord } from '../domain/mqtt-types';

interface LoosePacket {
  cmd: string;
  messageId?: number;
  topic?: string;
  qos?: number;
  retain?: boolean;
  dup?: boolean;
  payload?: { length: number } | string;
  reasonCode?: number;
  returnCode?: number;
  sessionPresent?: boolean;
  granted?: number[];
  subscriptions?: Array<{ topic: string; qos: number }>;
  unsubscriptions?: string[];
  clientId?: string;
  keepalive?: number;
  clean?: boolean;
  protocolVersion?: number;
  will?: { topic?: string };
  properties?: Record<string, unknown>;
}

function propertyText(properties: Record<string, unknown> | undefined, keys: string[]): string[] {
  if (!properties) return [];
  const parts: string[] = [];
  for (const key of keys) {
    const value = properties[key];
    if (value === undefined) continue;
    parts.push(`${key} ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`);
  }
  return parts;
}

const CONNACK_PROPERTIES = [
  'assignedClientIdentifier',
  'serverKeepAlive',
  'maximumQoS',
  'retainAvailable',
  'wildcardSubscriptionAvailable',
  'sharedSubscriptionAvailable',
  'subscriptionIdentifiersAvailable',
  'topicAliasMaximum',
  'receiveMaximum',
  'maximumPacketSize',
  'sessionExpiryInterval',
  'reasonString',
];

export function summarizePacket(
  raw: unknown,
  direction: PacketDirection,
  atMs: number,
): PacketRecord {
  const p = raw as LoosePacket;
  const type = String(p.cmd ?? 'unknown').toUpperCase();
  const parts: string[] = [];
  let reasonCode = p.reasonCode ?? p.returnCode;
  switch (p.cmd) {
    case 'connect':
      parts.push(`client ${p.clientId ?? ''}`, `MQTT ${p.protocolVersion === 5 ? '5.0' : '3.1.1'}`);
      parts.push(`keepalive ${p.keepalive ?? 0} s`, p.clean ? 'clean start' : 'resume session');
      if (p.will?.topic) parts.push(`will on ${p.will.topic}`);
      parts.push(...propertyText(p.properties, ['sessionExpiryInterval']));
      break;
    case 'connack':
      parts.push(p.sessionPresent ? 'session present' : 'new session');
      parts.push(...propertyText(p.properties, CONNACK_PROPERTIES));
      break;
    case 'publish': {
      const size = typeof p.payload === 'string' ? p.payload.length : (p.payload?.length ?? 0);
      parts.push(`topic ${p.topic ?? ''}`, `QoS ${p.qos ?? 0}`);
      if (p.retain) parts.push('retain');
      if (p.dup) parts.push('dup');
      parts.push(`${size} B`);
      break;
    }
    case 'subscribe':
      for (const s of p.subscriptions ?? []) parts.push(`${s.topic} (QoS ${s.qos})`);
      break;
    case 'suback':
      parts.push(
        `granted ${(p.granted ?? []).map((g) => (g >= 0x80 ? `0x${g.toString(16)}` : g)).join(', ')}`,
      );
      reasonCode = p.granted?.find((g) => g >= 0x80) ?? reasonCode;
      break;
    case 'unsubscribe':
      parts.push(...(p.unsubscriptions ?? []));
      break;
    case 'disconnect':
      parts.push(...propertyText(p.properties, ['reasonString', 'sessionExpiryInterval']));
      break;
  }
  if (reasonCode !== undefined && p.cmd !== 'suback')
    parts.push(`reason 0x${reasonCode.toString(16).padStart(2, '0')}`);
  return {
    atMs,
    direction,
    type,
    packetId: p.messageId,
    summary: parts.filter(Boolean).join(' · '),
    reasonCode,
  };
}
