/**
 * Which messages of the log ring a view shows, newest first. Filtering is incremental: each
 * refresh looks only at messages that arrived since the last one.
 */
import type { RingBuffer } from '../../domain/ring-buffer';
import type { StoredMessage } from '../../domain/stored-message';

type LogRing = Pick<RingBuffer<StoredMessage>, 'size' | 'get' | 'getNewest'>;

export interface LogViewOptions {
  matches: ((message: StoredMessage) => boolean) | undefined;
  /** When set, messages newer than this sequence number are left out (paused view). */
  untilSeq: number | undefined;
}

export class LogView {
  /** Oldest first; `start` skips entries no longer in the ring. */
  private matched: StoredMessage[] = [];
  private start = 0;
  private scannedSeq = 0;

  constructor(private options: LogViewOptions) {}

  reset(options: LogViewOptions): void {
    this.options = options;
    this.matched = [];
    this.start = 0;
    this.scannedSeq = 0;
  }

  /** Brings the view up to date with the ring; returns the number of rows. */
  refresh(log: LogRing): number {
    const oldestSeq = log.size > 0 ? log.get(0)!.seq : Number.POSITIVE_INFINITY;
    const { matches, untilSeq } = this.options;
    if (!matches) {
      if (log.size === 0) return 0;
      if (untilSeq === undefined) return log.size;
      return Math.max(0, Math.min(log.size, untilSeq - oldestSeq + 1));
    }
    const newestSeq = log.size > 0 ? log.getNewest(0)!.seq : 0;
    const limitSeq = untilSeq === undefined ? newestSeq : Math.min(untilSeq, newestSeq);
    if (limitSeq > this.scannedSeq) {
      const firstIndex = Math.max(0, Math.max(this.scannedSeq + 1, oldestSeq) - oldestSeq);
      const lastIndex = limitSeq - oldestSeq;
      for (let i = firstIndex; i <= lastIndex; i++) {
        const message = log.get(i);
        if (message && matches(message)) this.matched.push(message);
      }
      this.scannedSeq = limitSeq;
    }
    while (this.start < this.matched.length && this.matched[this.start]!.seq < oldestSeq)
      this.start++;
    if (this.start > 4096 && this.start > this.matched.length / 2) {
      this.matched = this.matched.slice(this.start);
      this.start = 0;
    }
    return this.matched.length - this.start;
  }

  /** Row i of the view, newest first. */
  at(log: LogRing, i: number): StoredMessage | undefined {
    const { matches, untilSeq } = this.options;
    if (matches) return this.matched[this.matched.length - 1 - i];
    if (log.size === 0) return undefined;
    if (untilSeq === undefined) return log.getNewest(i);
    const oldestSeq = log.get(0)!.seq;
    return log.get(untilSeq - i - oldestSeq);
  }
}
