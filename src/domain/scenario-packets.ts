/**
 * Reading packet-capture records for the scenarios and the packet timeline: which packets
 * matter, and which handshake a publish went through.
 */

export interface PacketLike {
  direction: 'in' | 'out';
  type: string;
  packetId?: number;
  summary: string;
  client?: string;
}

/** Keepalive pings are noise in a scenario's story. */
export function packetMatters(packet: PacketLike): boolean {
  return packet.type !== 'PINGREQ' && packet.type !== 'PINGRESP';
}

const HANDSHAKE_TYPES = new Set(['PUBLISH', 'PUBACK', 'PUBREC', 'PUBREL', 'PUBCOMP']);

/**
 * The packets of one publish as its sender saw them, in order: the outgoing PUBLISH on `topic`
 * and, for QoS 1 and 2, the acknowledgements carrying the same packet ID.
 * E.g. ["PUBLISH", "PUBREC", "PUBREL", "PUBCOMP"] for QoS 2; [] when the PUBLISH was not seen.
 */
export function publishHandshake(
  packets: readonly PacketLike[],
  topic: string,
  client?: string,
): string[] {
  const mine = client === undefined ? packets : packets.filter((p) => p.client === client);
  const start = mine.findIndex(
    (p) => p.type === 'PUBLISH' && p.direction === 'out' && topicOf(p.summary) === topic,
  );
  const publish = mine[start];
  if (!publish) return [];
  // QoS 0 has no packet ID (mqtt.js reports 0, which MQTT never uses).
  if (!publish.packetId) return ['PUBLISH'];
  const steps = ['PUBLISH'];
  for (const p of mine.slice(start + 1)) {
    if (p.type === 'PUBLISH' || !HANDSHAKE_TYPES.has(p.type)) continue;
    if (p.packetId === publish.packetId) steps.push(p.type);
    if (p.type === 'PUBACK' || p.type === 'PUBCOMP') {
      if (p.packetId === publish.packetId) break;
    }
  }
  return steps;
}

/** The topic in a PUBLISH summary ("topic a/b · QoS 1 · 3 B"). */
export function topicOf(summary: string): string | undefined {
  const match = /^topic (.*?)(?: · |$)/.exec(summary);
  return match?.[1];
}

/** "12:03:04.056" in local time. */
export function formatPacketTime(atMs: number): string {
  const d = new Date(atMs);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}
