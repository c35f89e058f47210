import type { IPublishPacket } from 'mqtt';
import type { MessageProperties, UserProperty } from '../domain/mqtt-types';

type PacketProperties = NonNullable<IPublishPacket['properties']>;

/** mqtt.js gives user properties as an object whose values may be arrays (repeated keys). */
function userPropertiesFromPacket(raw: PacketProperties['userProperties']): UserProperty[] {
  const list: UserProperty[] = [];
  if (!raw) return list;
  for (const [key, value] of Object.entries(raw)) {
    if (Array.isArray(value)) for (const v of value) list.push({ key, value: String(v) });
    else list.push({ key, value: String(value) });
  }
  return list;
}

export function fromPacketProperties(p: PacketProperties): MessageProperties | undefined {
  const result: MessageProperties = {};
  if (p.contentType !== undefined) result.contentType = p.contentType;
  if (p.payloadFormatIndicator !== undefined)
    result.payloadFormatIndicator = p.payloadFormatIndicator;
  if (p.messageExpiryInterval !== undefined) result.messageExpirySec = p.messageExpiryInterval;
  if (p.responseTopic !== undefined) result.responseTopic = p.responseTopic;
  if (p.correlationData !== undefined) result.correlationData = new Uint8Array(p.correlationData);
  const userProperties = userPropertiesFromPacket(p.userProperties);
  if (userProperties.length > 0) result.userProperties = userProperties;
  if (p.subscriptionIdentifier !== undefined) {
    const ids = p.subscriptionIdentifier as number | number[];
    result.subscriptionIdentifiers = Array.isArray(ids) ? ids : [ids];
  }
  return Object.keys(result).length > 0 ? result : undefined;
}

export function toPacketProperties(p: MessageProperties): PacketProperties {
  const result: PacketProperties = {};
  if (p.contentType) result.contentType = p.contentType;
  if (p.payloadFormatIndicator !== undefined)
    result.payloadFormatIndicator = p.payloadFormatIndicator;
  if (p.messageExpirySec !== undefined) result.messageExpiryInterval = p.messageExpirySec;
  if (p.responseTopic) result.responseTopic = p.responseTopic;
  if (p.correlationData) result.correlationData = p.correlationData as never;
  if (p.userProperties && p.userProperties.length > 0) {
    const grouped: Record<string, string | string[]> = {};
    for (const { key, value } of p.userProperties) {
      const existing = grouped[key];
      if (existing === undefined) grouped[key] = value;
      else if (Array.isArray(existing)) existing.push(value);
      else grouped[key] = [existing, value];
    }
    result.userProperties = grouped;
  }
  return result;
}
