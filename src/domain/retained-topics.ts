/** Which topics a "clear retained below ..." would touch, from what the topic tree has seen. */
import { validateTopicName } from './topic-filter';

export interface SeenTopic {
  topic: string;
  /** The last message seen on it carried the retain flag. */
  retained: boolean;
  lastPayloadBytes: number;
}

/** "a/b", "a/b/" and "a/b/#" all mean the subtree at a/b. */
export function subtreeRoot(
  input: string,
): { ok: true; root: string } | { ok: false; error: string } {
  let root = input.trim();
  if (root.endsWith('/#')) root = root.slice(0, -2);
  else if (root === '#') root = '';
  if (root.endsWith('/')) root = root.slice(0, -1);
  if (root === '') {
    return {
      ok: false,
      error: 'Name the subtree to clear, such as demo/plant (not the whole broker).',
    };
  }
  const problem = validateTopicName(root);
  return problem ? { ok: false, error: problem } : { ok: true, root };
}

/**
 * Topics at or below `root` whose last message is retained and not empty (an empty retained
 * message is already a deletion), sorted by name.
 */
export function retainedInSubtree(topics: Iterable<SeenTopic>, root: string): string[] {
  const prefix = `${root}/`;
  const found: string[] = [];
  for (const seen of topics) {
    if (!seen.retained || seen.lastPayloadBytes === 0) continue;
    if (seen.topic === root || seen.topic.startsWith(prefix)) found.push(seen.topic);
  }
  return found.sort();
}
