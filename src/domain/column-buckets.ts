/**
 * Per-pixel-column aggregates of a time series: for each column of a chart's plot, the count,
 * min, max, first, last and sum of the samples whose time falls in it. Column c covers the
 * times [c·columnMs, (c+1)·columnMs), so a column's index depends only on a sample's time and
 * the column width: a window that slides keeps its columns (those falling out on the left are
 * dropped, new ones open on the right), and a redraw costs one step per column however many
 * samples there are. A lone spike stays visible, as its column's max.
 *
 * Samples are added in time order; a column's first and last are the first and last added.
 */

export class ColumnBuckets {
  /** Absolute index of the first held column (slot 0). */
  private base: number;
  private length = 0;
  private counts: Float64Array;
  private mins: Float64Array;
  private maxs: Float64Array;
  private firsts: Float64Array;
  private lasts: Float64Array;
  private sums: Float64Array;

  constructor(
    readonly columnMs: number,
    firstColumn: number,
    capacity = 64,
  ) {
    if (!(columnMs > 0) || !Number.isFinite(columnMs)) {
      throw new RangeError(`Column width must be a positive number of ms, got ${columnMs}.`);
    }
    this.base = firstColumn;
    const cap = Math.max(1, Math.ceil(capacity));
    this.counts = new Float64Array(cap);
    this.mins = new Float64Array(cap);
    this.maxs = new Float64Array(cap);
    this.firsts = new Float64Array(cap);
    this.lasts = new Float64Array(cap);
    this.sums = new Float64Array(cap);
  }

  /** Absolute index of the first held column. */
  get firstColumn(): number {
    return this.base;
  }

  /** One past the last held column. */
  get endColumn(): number {
    return this.base + this.length;
  }

  columnOf(timeMs: number): number {
    return Math.floor(timeMs / this.columnMs);
  }

  /** Adds a sample; false when its column lies before the first held column (not taken). */
  add(timeMs: number, value: number): boolean {
    const c = Math.floor(timeMs / this.columnMs);
    if (c < this.base) return false;
    const i = c - this.base;
    if (i >= this.length) this.open(i + 1);
    const n = this.counts[i]!;
    if (n === 0) {
      this.mins[i] = value;
      this.maxs[i] = value;
      this.firsts[i] = value;
      this.sums[i] = value;
    } else {
      if (value < this.mins[i]!) this.mins[i] = value;
      if (value > this.maxs[i]!) this.maxs[i] = value;
      this.sums[i] = this.sums[i]! + value;
    }
    this.lasts[i] = value;
    this.counts[i] = n + 1;
    return true;
  }

  count(column: number): number {
    const i = column - this.base;
    return i >= 0 && i < this.length ? this.counts[i]! : 0;
  }

  /** The aggregates of a column; only meaningful when its count is above 0. */
  min(column: number): number {
    return this.mins[column - this.base]!;
  }

  max(column: number): number {
    return this.maxs[column - this.base]!;
  }

  first(column: number): number {
    return this.firsts[column - this.base]!;
  }

  last(column: number): number {
    return this.lasts[column - this.base]!;
  }

  sum(column: number): number {
    return this.sums[column - this.base]!;
  }

  /** Forgets the samples of one held column (to add them again). */
  clearColumn(column: number): void {
    const i = column - this.base;
    if (i < 0 || i >= this.length) return;
    this.counts[i] = 0;
    this.sums[i] = 0;
  }

  /** Empties the held columns before `column`, keeping them held. */
  clearBefore(column: number): void {
    const end = Math.min(this.length, column - this.base);
    for (let i = 0; i < end; i++) {
      this.counts[i] = 0;
      this.sums[i] = 0;
    }
  }

  /** Drops the columns before `column`; it becomes the first held column. */
  dropBefore(column: number): void {
    const k = column - this.base;
    if (k <= 0) return;
    if (k >= this.length) {
      this.length = 0;
    } else {
      for (const a of this.arrays()) a.copyWithin(0, k, this.length);
      this.length -= k;
    }
    this.base = column;
  }

  /** Drops the columns after `column`. */
  dropAfter(column: number): void {
    this.length = Math.max(0, Math.min(this.length, column - this.base + 1));
  }

  /** Holds empty columns from `column` on, when it lies before the first held column. */
  extendLeft(column: number): void {
    const k = this.base - column;
    if (k <= 0) return;
    if (this.length > 0) {
      this.reserve(this.length + k);
      for (const a of this.arrays()) a.copyWithin(k, 0, this.length);
      this.counts.fill(0, 0, k);
      this.sums.fill(0, 0, k);
      this.length += k;
    }
    this.base = column;
  }

  /**
   * The same samples in columns `factor` times wider (a power of two), in one pass over the
   * columns: every sample of a new column comes from whole old columns, so nothing is lost.
   */
  coarsen(factor: number): ColumnBuckets {
    if (!Number.isInteger(factor) || factor < 1) {
      throw new RangeError(`A coarsening factor must be a whole number, got ${factor}.`);
    }
    const wider = new ColumnBuckets(
      this.columnMs * factor,
      Math.floor(this.base / factor),
      Math.ceil(this.length / factor) + 1,
    );
    for (let i = 0; i < this.length; i++) {
      const n = this.counts[i]!;
      if (n === 0) continue;
      const c = Math.floor((this.base + i) / factor);
      const j = c - wider.base;
      if (j >= wider.length) wider.open(j + 1);
      const m = wider.counts[j]!;
      if (m === 0) {
        wider.mins[j] = this.mins[i]!;
        wider.maxs[j] = this.maxs[i]!;
        wider.firsts[j] = this.firsts[i]!;
        wider.sums[j] = this.sums[i]!;
      } else {
        if (this.mins[i]! < wider.mins[j]!) wider.mins[j] = this.mins[i]!;
        if (this.maxs[i]! > wider.maxs[j]!) wider.maxs[j] = this.maxs[i]!;
        wider.sums[j] = wider.sums[j]! + this.sums[i]!;
      }
      wider.lasts[j] = this.lasts[i]!;
      wider.counts[j] = m + n;
    }
    return wider;
  }

  /** The non-empty columns as plain rows, oldest first (for tests and checks). */
  rows(): Array<{
    column: number;
    count: number;
    min: number;
    max: number;
    first: number;
    last: number;
    sum: number;
  }> {
    const out = [];
    for (let i = 0; i < this.length; i++) {
      if (this.counts[i] === 0) continue;
      out.push({
        column: this.base + i,
        count: this.counts[i]!,
        min: this.mins[i]!,
        max: this.maxs[i]!,
        first: this.firsts[i]!,
        last: this.lasts[i]!,
        sum: this.sums[i]!,
      });
    }
    return out;
  }

  /** Holds `length` columns, the new ones empty. */
  private open(length: number): void {
    this.reserve(length);
    this.counts.fill(0, this.length, length);
    this.sums.fill(0, this.length, length);
    this.length = length;
  }

  private reserve(length: number): void {
    if (length <= this.counts.length) return;
    let cap = this.counts.length;
    while (cap < length) cap *= 2;
    const grow = (a: Float64Array) => {
      const b = new Float64Array(cap);
      b.set(a.subarray(0, this.length));
      return b;
    };
    this.counts = grow(this.counts);
    this.mins = grow(this.mins);
    this.maxs = grow(this.maxs);
    this.firsts = grow(this.firsts);
    this.lasts = grow(this.lasts);
    this.sums = grow(this.sums);
  }

  private arrays(): Float64Array[] {
    return [this.counts, this.mins, this.maxs, this.firsts, this.lasts, this.sums];
  }
}

/**
 * The column width for a window of `spanMs` over `columns` pixel columns. A window of fixed
 * length (30 s, 5 min…) gets exactly one column per pixel. "Everything kept" grows with the
 * data: its width is a power of two ms, kept while it gives between a quarter and all of the
 * pixel columns, so growing only ever merges pairs of columns (no rebuild).
 */
export function columnMsFor(
  spanMs: number,
  columns: number,
  growing: boolean,
  currentMs?: number,
): number {
  const wanted = Math.max(spanMs, 1) / Math.max(1, columns);
  if (!growing) return wanted;
  // At least 1 ms: sample times are whole milliseconds.
  const least = Math.max(wanted, 1);
  if (currentMs !== undefined && currentMs >= least && currentMs < least * 4) return currentMs;
  return 2 ** Math.ceil(Math.log2(least));
}
