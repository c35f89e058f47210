/**
 * Which messages of the log ring a view shows, newest first. Filtering is incremental: each
 * refresh looks only at messages that arrived since the last one. A frozen view (paused, or
 * following paused while someone looks at a message) keeps showing exactly the messages it
 * showed when it froze, so a row index keeps naming the same message while new ones arrive.
 */
import type { RingBuffer } from '../../domain/ring-buffer';
import type { StoredMessage } from '../../domain/stored-message';

type LogRing = Pick<RingBuffer<StoredMessage>, 'size' | 'get' | 'getNewest'>;
export type MessageMatcher = (message: StoredMessage) => boolean;

export class LogView {
  private matches: MessageMatcher | undefined = undefined;
  /** Oldest first, each at most `scannedSeq`; `start` skips entries no longer in the ring. */
  private matched: StoredMessage[] = [];
  private start = 0;
  private scannedSeq = 0;
  /** The newest sequence number the last refresh took in (kept when the log is cleared). */
  private limitSeq = 0;
  private refreshed = false;
  /** When set, messages newer than this sequence number are left out (a frozen view). */
  private untilSeq: number | undefined = undefined;

  /**
   * Brings the view up to date with the ring and returns its number of rows. A view that
   * freezes keeps what the previous refresh showed; a new filter starts a new scan but keeps
   * the freeze point. Cost: the messages that arrived since the last refresh.
   */
  refresh(log: LogRing, matches: MessageMatcher | undefined, frozen: boolean): number {
    const newestSeq = log.size > 0 ? log.getNewest(0)!.seq : undefined;
    if (!frozen) this.untilSeq = undefined;
    else if (this.untilSeq === undefined)
      this.untilSeq = this.refreshed ? this.limitSeq : (newestSeq ?? this.limitSeq);
    this.refreshed = true;
    if (matches !== this.matches) {
      this.matches = matches;
      this.matched = [];
      this.start = 0;
      this.scannedSeq = 0;
    }
    const until = this.untilSeq;
    if (newestSeq !== undefined) this.limitSeq = until ?? newestSeq;
    if (newestSeq === undefined) return 0;
    const oldestSeq = log.get(0)!.seq;
    if (!matches) {
      if (until === undefined) return log.size;
      return Math.max(0, Math.min(log.size, until - oldestSeq + 1));
    }
    const limitSeq = until === undefined ? newestSeq : Math.min(until, newestSeq);
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

  /** Whether the last refresh froze the view. */
  get frozen(): boolean {
    return this.untilSeq !== undefined;
  }

  /** Row i of the view, newest first. */
  at(log: LogRing, i: number): StoredMessage | undefined {
    if (this.matches) return i < 0 ? undefined : this.matched[this.matched.length - 1 - i];
    if (log.size === 0) return undefined;
    if (this.untilSeq === undefined) return log.getNewest(i);
    return log.get(this.untilSeq - i - log.get(0)!.seq);
  }

  /**
   * The row that shows the message with sequence number `seq`, or -1 when the view does not
   * show it. Constant time without a filter, logarithmic with one.
   */
  indexOf(log: LogRing, seq: number): number {
    if (log.size === 0) return -1;
    const oldestSeq = log.get(0)!.seq;
    if (seq < oldestSeq) return -1;
    if (!this.matches) {
      const topSeq = this.untilSeq ?? log.getNewest(0)!.seq;
      return seq > topSeq || seq > log.getNewest(0)!.seq ? -1 : topSeq - seq;
    }
    let low = this.start;
    let high = this.matched.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const middleSeq = this.matched[middle]!.seq;
      if (middleSeq === seq) return this.matched.length - 1 - middle;
      if (middleSeq < seq) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  }
}
