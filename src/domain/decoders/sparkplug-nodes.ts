/** Where a Sparkplug B node's BIRTHs and commands are published, and a key per edge node. */
import { parseSparkplugTopic, SPARKPLUG_NAMESPACE, type SparkplugTopic } from './sparkplug-topic';

/**
 * The topics whose last BIRTH names this message's metric aliases, most specific first: a
 * device's DBIRTH, then its edge node's NBIRTH.
 */
export function birthTopicsOf(t: SparkplugTopic): string[] {
  const base = `${SPARKPLUG_NAMESPACE}/${t.group}`;
  const node = `${base}/NBIRTH/${t.node}`;
  return t.device === undefined ? [node] : [`${base}/DBIRTH/${t.node}/${t.device}`, node];
}

/** True for the BIRTH topics whose payloads name metric aliases. */
export function isBirthTopic(topic: string): boolean {
  const t = parseSparkplugTopic(topic);
  return t !== undefined && (t.type === 'NBIRTH' || t.type === 'DBIRTH');
}

/** The topic a command to this edge node goes to, e.g. for a Rebirth request. */
export function nodeCommandTopic(t: Pick<SparkplugTopic, 'group' | 'node'>): string {
  return `${SPARKPLUG_NAMESPACE}/${t.group}/NCMD/${t.node}`;
}

/** A key per edge node, for sequence numbers ("group/node"). */
export function edgeNodeKey(t: Pick<SparkplugTopic, 'group' | 'node'>): string {
  return `${t.group}/${t.node}`;
}
