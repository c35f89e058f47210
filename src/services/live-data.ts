/**
 * The live view's data: the ingest (the hot path, fed by the worker's batches) and its frame
 * loop, which commits one counters snapshot per frame to the live store. Views read the ingest
 * only through `reader`, from the hooks in src/hooks (once per committed frame).
 */
import type { Ingest } from '../ingest/ingest';
import { startFrameLoop } from '../ingest/frame-loop';
import type { RingBuffer } from '../domain/ring-buffer';
import type { TopicTree } from '../domain/topic-tree';
import type { StoredMessage, TopicData, TopicEntry } from '../domain/stored-message';
import { useLiveStore } from '../stores/live-store';

/** What views may read of the kept messages: no writes, no counters (those are in the store). */
export interface LiveReader {
  readonly log: Pick<RingBuffer<StoredMessage>, 'size' | 'get' | 'getNewest'>;
  readonly tree: Pick<TopicTree<TopicData>, 'root' | 'find'>;
  /** A topic that has messages (or had), by its full name. */
  topic(name: string): TopicEntry | undefined;
  /** Messages kept for one topic, newest first. */
  historyOf(entry: TopicEntry): StoredMessage[];
  /** A kept message of the log by its sequence number. */
  findInLog(seq: number): StoredMessage | undefined;
  /** The broker messages come from now; kept data from another one names its own. */
  readonly source: string;
  /** Every topic with its record, for one-off scans on a click (not per frame). */
  topics(): IterableIterator<[string, TopicEntry]>;
}

export class LiveData {
  readonly reader: LiveReader;

  constructor(private readonly ingest: Ingest) {
    this.reader = {
      get source() {
        return ingest.source;
      },
      log: ingest.log,
      tree: ingest.tree,
      topic: (name) => ingest.topics.get(name),
      historyOf: (entry) => ingest.historyOf(entry),
      findInLog: (seq) => {
        const log = ingest.log;
        const first = log.get(0);
        return first ? log.get(seq - first.seq) : undefined;
      },
      topics: () => ingest.topics.entries(),
    };
  }

  /** Starts committing snapshots to the live store; returns the stop. */
  start(): () => void {
    return startFrameLoop(this.ingest, (snapshot) => useLiveStore.setState(snapshot));
  }

  /** Empties the log only; topics keep their history. */
  clearLog(): void {
    this.ingest.clearLog();
  }
}
