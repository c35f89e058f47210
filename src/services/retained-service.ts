/** Clears retained messages: an empty retained publish per topic, paced, with progress. */
import type { Connection } from '../mqtt/connection';
import type { LiveReader } from './live-data';
import { retainedInSubtree, type SeenTopic } from '../domain/retained-topics';

/** Clears sent together, then a pause: a subtree of thousands does not flood the broker. */
const CLEARS_PER_STEP = 20;
const PAUSE_BETWEEN_STEPS_MS = 25;

export interface ClearProgress {
  done: number;
  failed: number;
  total: number;
  firstError?: string;
}

export class RetainedService {
  constructor(
    private readonly connection: Pick<Connection, 'publish'>,
    /** Live data only: never a recording on screen (see DataSwitch.liveIngest). */
    private readonly live: Pick<LiveReader, 'topics'>,
  ) {}

  /** Topics at or below `root` whose last seen message is retained. */
  find(root: string): string[] {
    return findRetainedTopics(this.live, root);
  }

  clear(
    topics: readonly string[],
    onProgress: (progress: ClearProgress) => void,
    isCancelled?: () => boolean,
  ): Promise<ClearProgress> {
    return clearRetained(this.connection, topics, onProgress, isCancelled);
  }
}

function findRetainedTopics(live: Pick<LiveReader, 'topics'>, root: string): string[] {
  const seen: SeenTopic[] = [];
  for (const [topic, entry] of live.topics()) {
    const data = entry.data;
    if (!data) continue;
    seen.push({
      topic,
      retained: data.retained,
      lastPayloadBytes: data.lastMessage?.payload.byteLength ?? 0,
    });
  }
  return retainedInSubtree(seen, root);
}

async function clearRetained(
  connection: Pick<Connection, 'publish'>,
  topics: readonly string[],
  onProgress: (progress: ClearProgress) => void,
  isCancelled: () => boolean = () => false,
): Promise<ClearProgress> {
  const progress: ClearProgress = { done: 0, failed: 0, total: topics.length };
  for (let i = 0; i < topics.length && !isCancelled(); i += CLEARS_PER_STEP) {
    const step = topics.slice(i, i + CLEARS_PER_STEP);
    const results = await Promise.all(
      step.map((topic) => connection.publish(topic, new Uint8Array(0), { qos: 1, retain: true })),
    );
    for (const result of results) {
      if (result.ok) progress.done++;
      else {
        progress.failed++;
        progress.firstError ??= result.error;
      }
    }
    onProgress({ ...progress });
    if (progress.failed > 0) break;
    if (i + CLEARS_PER_STEP < topics.length) {
      await new Promise((resolve) => setTimeout(resolve, PAUSE_BETWEEN_STEPS_MS));
    }
  }
  return progress;
}
