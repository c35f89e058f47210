/**
 * Sparkplug B topic names (`spBv1.0/<group>/<message type>/<edge node>[/<device>]`): which
 * message a topic carries, and where the BIRTH that names its metrics is published. Small and
 * free of libraries: automatic detection runs it for every row on screen.
 */

export const SPARKPLUG_NAMESPACE = 'spBv1.0';

export const SPARKPLUG_MESSAGE_TYPES = [
  'NBIRTH',
  'NDEATH',
  'DBIRTH',
  'DDEATH',
  'NDATA',
  'DDATA',
  'NCMD',
  'DCMD',
] as const;
export type SparkplugMessageType = (typeof SPARKPLUG_MESSAGE_TYPES)[number];

export interface SparkplugTopic {
  group: string;
  type: SparkplugMessageType;
  node: string;
  /** Set for D* messages. */
  device?: string;
}

/** The parts of a Sparkplug B topic, or undefined for any other topic (STATE included). */
export function parseSparkplugTopic(topic: string): SparkplugTopic | undefined {
  if (!topic.startsWith(`${SPARKPLUG_NAMESPACE}/`)) return undefined;
  const parts = topic.split('/');
  if (parts.length !== 4 && parts.length !== 5) return undefined;
  const [, group, type, node, device] = parts as [string, string, string, string, string?];
  if (!(SPARKPLUG_MESSAGE_TYPES as readonly string[]).includes(type)) return undefined;
  if (group === '' || node === '') return undefined;
  const isDevice = type.startsWith('D');
  if (isDevice !== (device !== undefined) || device === '') return undefined;
  return { group, type: type as SparkplugMessageType, node, ...(device ? { device } : {}) };
}

/** True for topics in the Sparkplug namespace whose payload is Sparkplug B Protobuf. */
export function isSparkplugTopic(topic: string): boolean {
  return parseSparkplugTopic(topic) !== undefined;
}
