/**
 * A chart series' pixel columns (ColumnBuckets), kept up to date with its sample ring while the
 * ring grows and, once full, overwrites its oldest samples. Each pump reads only the samples
 * that arrived since the last one: the ring's version (bumped per new sample) and size say how
 * many are new and how many fell out. When the oldest fall out, the columns before the new
 * oldest sample are emptied and its own column is summed again from what is left.
 *
 * A window that slides keeps its columns; one that scrolls back or changes its column width
 * (other than merging pairs of columns) is built again from the ring. That rebuild runs in
 * chunks (`pump(version, maxSamples)` as often as needed), and the last complete columns stay
 * `shown` until it is done. A version that does not add up (the ring was cleared and filled
 * again) also starts a rebuild, so the columns always end equal to `bucketsFromScratch`.
 */
import { ColumnBuckets } from './column-buckets';

/** What is read of a ring: NumberRing fits. Times never decrease. */
export interface SampleRing {
  readonly size: number;
  timeAt(i: number): number | undefined;
  valueAt(i: number): number | undefined;
}

/** Which samples the columns hold. */
export interface ColumnWindow {
  readonly columnMs: number;
  /** The first column of the window: samples before it are not held. */
  readonly firstColumn: number;
  /** Samples later than this are not taken yet (a paused chart's end); Infinity when live. */
  readonly limitMs: number;
  /** Columns held at most, from firstColumn: live samples past the window wait for it. */
  readonly maxColumns: number;
}

export interface WindowSummary {
  count: number;
  min: number;
  max: number;
  last: number;
  avg: number;
}

const sameWindow = (a: ColumnWindow, b: ColumnWindow) =>
  a.columnMs === b.columnMs &&
  a.firstColumn === b.firstColumn &&
  a.limitMs === b.limitMs &&
  a.maxColumns === b.maxColumns;

const isPowerOfTwo = (n: number) => Number.isInteger(n) && n >= 2 && (n & (n - 1)) === 0;

/** First index whose `test` holds, for a test that once true stays true (binary search). */
function firstIndexWhere(size: number, test: (i: number) => boolean): number {
  let lo = 0;
  let hi = size;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (test(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** First index whose time is >= timeMs (ring.size when none). */
export function firstIndexFrom(ring: SampleRing, timeMs: number): number {
  return firstIndexWhere(ring.size, (i) => ring.timeAt(i)! >= timeMs);
}

/** First index whose time is > timeMs (ring.size when none). */
export function firstIndexAfter(ring: SampleRing, timeMs: number): number {
  return firstIndexWhere(ring.size, (i) => ring.timeAt(i)! > timeMs);
}

/** First index whose column (of width columnMs) is >= column. */
export function firstIndexAtColumn(ring: SampleRing, columnMs: number, column: number): number {
  return firstIndexWhere(ring.size, (i) => Math.floor(ring.timeAt(i)! / columnMs) >= column);
}

/** Whether a window stops before a sample at timeMs. */
const stopsAt = (w: ColumnWindow, timeMs: number) =>
  timeMs > w.limitMs || Math.floor(timeMs / w.columnMs) >= w.firstColumn + w.maxColumns;

/** The columns of `window` summed from the whole ring in one pass: what RingColumns keeps. */
export function bucketsFromScratch(ring: SampleRing, window: ColumnWindow): ColumnBuckets {
  const b = new ColumnBuckets(window.columnMs, window.firstColumn);
  for (let i = 0; i < ring.size; i++) {
    const t = ring.timeAt(i)!;
    if (stopsAt(window, t)) break;
    b.add(t, ring.valueAt(i)!);
  }
  return b;
}

export class RingColumns {
  private buckets: ColumnBuckets;
  /** The last complete columns, shown while a rebuild runs. */
  private previous: ColumnBuckets | undefined;
  private window: ColumnWindow;
  /** A window set since the last pump, applied at the next one (after reading the ring). */
  private wanted: ColumnWindow | undefined;
  /** Build again from the window's first column at the next pump. */
  private restart = true;
  /** Samples are counted from the first one seen: `evicted` of them fell out of the ring. */
  private evicted = 0;
  /** The count of the next sample to take (taken ones are in the columns, or before them). */
  private taken = 0;
  /** The next sample is beyond the window's end or its last column. */
  private blocked = false;
  private seenVersion = Number.NaN;
  private seenSize = 0;
  private seenNewestMs = Number.NaN;
  private seenNewestValue = Number.NaN;
  private seenOldestMs = Number.NaN;
  /** How many times the columns were built from the ring (for checks). */
  rebuilds = 0;
  /** Grows whenever the columns change: nothing to draw again while it stays. */
  revision = 0;

  constructor(
    private readonly ring: SampleRing,
    window: ColumnWindow,
  ) {
    this.window = window;
    this.buckets = new ColumnBuckets(window.columnMs, window.firstColumn);
  }

  /** The columns to draw: the current ones, or the last complete ones during a rebuild. */
  get shown(): ColumnBuckets {
    return this.previous ?? this.buckets;
  }

  /** The columns being kept (complete when `pending` is false). */
  get columns(): ColumnBuckets {
    return this.buckets;
  }

  get rebuilding(): boolean {
    return this.restart || this.previous !== undefined;
  }

  /** Whether a pump has anything to do for a ring at `version`. */
  pending(version: number): boolean {
    return (
      version !== this.seenVersion ||
      this.wanted !== undefined ||
      this.rebuilding ||
      (!this.blocked && this.taken - this.evicted < this.ring.size)
    );
  }

  /** The window to keep from the next pump on. */
  setWindow(window: ColumnWindow): void {
    if (sameWindow(window, this.wanted ?? this.window)) return;
    this.wanted = sameWindow(window, this.window) ? undefined : window;
  }

  /**
   * Reads what changed in the ring since the last pump, applies a new window and takes up to
   * `maxSamples` samples into the columns; returns how many it took.
   */
  pump(version: number, maxSamples = Number.POSITIVE_INFINITY): number {
    this.account(version);
    if (this.wanted) {
      const w = this.wanted;
      this.wanted = undefined;
      this.apply(w);
    }
    if (this.restart) this.begin();
    const ring = this.ring;
    const b = this.buckets;
    const w = this.window;
    const size = ring.size;
    let i = this.taken - this.evicted;
    let n = 0;
    while (i < size && n < maxSamples) {
      const t = ring.timeAt(i)!;
      if (stopsAt(w, t)) {
        this.blocked = true;
        break;
      }
      b.add(t, ring.valueAt(i)!);
      i++;
      n++;
    }
    this.taken = this.evicted + i;
    if (n > 0) this.revision++;
    if ((this.blocked || i >= size) && this.previous !== undefined) {
      this.previous = undefined;
      this.revision++;
    }
    return n;
  }

  /**
   * Count, min, max, last and mean of the taken samples with fromMs <= time <= toMs: whole
   * columns inside the range from their sums, the two edge columns sample by sample.
   */
  summary(fromMs: number, toMs: number): WindowSummary | undefined {
    if (!(fromMs <= toMs)) return undefined;
    const ring = this.ring;
    const b = this.buckets;
    const takenEnd = Math.min(ring.size, this.taken - this.evicted);
    let count = 0;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    let sum = 0;
    let last = Number.NaN;
    const cFrom = b.columnOf(fromMs);
    const cTo = b.columnOf(toMs);
    const start = firstIndexFrom(ring, fromMs);
    let i = start;
    for (; i < takenEnd; i++) {
      const t = ring.timeAt(i)!;
      if (t > toMs || (cTo > cFrom && b.columnOf(t) !== cFrom)) break;
      const v = ring.valueAt(i)!;
      count++;
      if (v < min) min = v;
      if (v > max) max = v;
      sum += v;
      last = v;
    }
    if (cTo > cFrom) {
      const end = Math.min(cTo, b.endColumn);
      for (let c = Math.max(cFrom + 1, b.firstColumn); c < end; c++) {
        const n = b.count(c);
        if (n === 0) continue;
        count += n;
        if (b.min(c) < min) min = b.min(c);
        if (b.max(c) > max) max = b.max(c);
        sum += b.sum(c);
        last = b.last(c);
      }
      for (let j = Math.max(start, firstIndexAtColumn(ring, b.columnMs, cTo)); j < takenEnd; j++) {
        const t = ring.timeAt(j)!;
        if (t > toMs) break;
        const v = ring.valueAt(j)!;
        count++;
        if (v < min) min = v;
        if (v > max) max = v;
        sum += v;
        last = v;
      }
    }
    return count === 0 ? undefined : { count, min, max, last, avg: sum / count };
  }

  /** Works out new and fallen-out samples from the version and size; rebuilds when unsure. */
  private account(version: number): void {
    const ring = this.ring;
    const size = ring.size;
    if (Number.isNaN(this.seenVersion)) {
      this.evicted = 0;
      this.taken = 0;
      this.restart = true;
      this.remember(version);
      return;
    }
    if (version === this.seenVersion) {
      if (size !== this.seenSize) this.reset(version);
      return;
    }
    const added = version - this.seenVersion;
    const start = size - added;
    const fellOut = this.seenSize + added - size;
    let ok = added > 0 && start >= 0 && fellOut >= 0;
    if (ok && start > 0) {
      // The newest sample seen last time is where it should be, and the oldest did not go back.
      ok =
        ring.timeAt(start - 1) === this.seenNewestMs &&
        ring.valueAt(start - 1) === this.seenNewestValue &&
        (fellOut === 0
          ? ring.timeAt(0) === this.seenOldestMs
          : ring.timeAt(0)! >= this.seenOldestMs);
    }
    if (!ok) {
      this.reset(version);
      return;
    }
    this.evicted += fellOut;
    this.remember(version);
    if (fellOut > 0) {
      this.revision++;
      this.dropFallenOut();
    }
  }

  private remember(version: number): void {
    const ring = this.ring;
    const size = ring.size;
    this.seenVersion = version;
    this.seenSize = size;
    this.seenNewestMs = size > 0 ? ring.timeAt(size - 1)! : Number.NaN;
    this.seenNewestValue = size > 0 ? ring.valueAt(size - 1)! : Number.NaN;
    this.seenOldestMs = size > 0 ? ring.timeAt(0)! : Number.NaN;
  }

  private reset(version: number): void {
    this.evicted = 0;
    this.taken = 0;
    this.restart = true;
    this.remember(version);
  }

  /** The oldest samples fell out: empty the columns before the new oldest, redo its column. */
  private dropFallenOut(): void {
    if (this.taken < this.evicted) this.taken = this.evicted;
    if (this.restart) return;
    const b = this.buckets;
    const oldest = this.ring.timeAt(0);
    if (oldest === undefined) {
      b.clearBefore(b.endColumn);
      return;
    }
    const c0 = b.columnOf(oldest);
    b.clearBefore(c0);
    if (b.count(c0) > 0) this.recomputeColumn(c0);
  }

  /** Sums one column again from the taken samples still in the ring. */
  private recomputeColumn(column: number): void {
    const ring = this.ring;
    const b = this.buckets;
    if (column < b.firstColumn || column >= b.endColumn) return;
    b.clearColumn(column);
    const takenEnd = this.taken - this.evicted;
    for (let i = firstIndexAtColumn(ring, b.columnMs, column); i < takenEnd; i++) {
      const t = ring.timeAt(i)!;
      if (b.columnOf(t) !== column) break;
      b.add(t, ring.valueAt(i)!);
    }
  }

  /** Moves the columns to a new window, rebuilding only what cannot be kept. */
  private apply(w: ColumnWindow): void {
    this.window = w;
    this.blocked = false;
    this.revision++;
    if (this.restart) return;
    const ring = this.ring;
    let b = this.buckets;
    let partialColumn: number | undefined;
    if (w.columnMs !== b.columnMs) {
      const factor = w.columnMs / b.columnMs;
      if (!isPowerOfTwo(factor) || b.columnMs * factor !== w.columnMs) {
        this.restart = true;
        return;
      }
      // Whole columns merge; the first merged one may lack samples of columns not held.
      if (b.firstColumn % factor !== 0) partialColumn = Math.floor(b.firstColumn / factor);
      b = this.buckets = b.coarsen(factor);
    }
    if (w.firstColumn > b.firstColumn) {
      b.dropBefore(w.firstColumn);
    } else if (w.firstColumn < b.firstColumn) {
      // Scrolling back: samples in the columns before the held ones were passed over.
      const i = firstIndexAtColumn(ring, b.columnMs, w.firstColumn);
      const t = ring.timeAt(i);
      if (t !== undefined && b.columnOf(t) < b.firstColumn && i < this.taken - this.evicted) {
        this.restart = true;
        return;
      }
      b.extendLeft(w.firstColumn);
    }
    if (partialColumn !== undefined && partialColumn >= b.firstColumn) {
      this.recomputeColumn(partialColumn);
    }
    // An earlier end or fewer columns: keep only the samples the new window takes.
    const takenEnd = this.taken - this.evicted;
    if (takenEnd > 0 && stopsAt(w, ring.timeAt(takenEnd - 1)!)) {
      const stop = firstIndexWhere(takenEnd, (i) => stopsAt(w, ring.timeAt(i)!));
      const keepColumn = stop > 0 ? b.columnOf(ring.timeAt(stop - 1)!) : b.firstColumn - 1;
      b.dropAfter(keepColumn);
      this.taken = this.evicted + stop;
      if (stop > 0) this.recomputeColumn(keepColumn);
    }
  }

  /** Starts building the columns again from the window's first column. */
  private begin(): void {
    const w = this.window;
    this.previous ??= this.buckets;
    this.buckets = new ColumnBuckets(w.columnMs, w.firstColumn);
    this.taken = this.evicted + firstIndexAtColumn(this.ring, w.columnMs, w.firstColumn);
    this.restart = false;
    this.blocked = false;
    this.rebuilds++;
    this.revision++;
  }
}
