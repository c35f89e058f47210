import { describe, expect, it } from 'vitest';
import { ColumnBuckets, columnMsFor } from './column-buckets';

describe('ColumnBuckets', () => {
  it('keeps count, min, max, first, last and sum per column', () => {
    const b = new ColumnBuckets(10, 0);
    for (const [t, v] of [
      [0, 5],
      [3, -2],
      [9, 7],
      [10, 1],
      [25, 4],
      [29, 4],
    ] as const) {
      expect(b.add(t, v)).toBe(true);
    }
    expect(b.rows()).toEqual([
      { column: 0, count: 3, min: -2, max: 7, first: 5, last: 7, sum: 10 },
      { column: 1, count: 1, min: 1, max: 1, first: 1, last: 1, sum: 1 },
      { column: 2, count: 2, min: 4, max: 4, first: 4, last: 4, sum: 8 },
    ]);
    expect(b.count(1)).toBe(1);
    expect(b.count(7)).toBe(0);
    expect(b.count(-1)).toBe(0);
    expect([b.firstColumn, b.endColumn]).toEqual([0, 3]);
  });

  it('does not take samples before its first column', () => {
    const b = new ColumnBuckets(10, 5);
    expect(b.add(49, 1)).toBe(false);
    expect(b.add(50, 2)).toBe(true);
    expect(b.rows().map((r) => r.column)).toEqual([5]);
  });

  it('drops columns on either side, extends to the left and clears columns', () => {
    const b = new ColumnBuckets(1, 0);
    for (let t = 0; t < 10; t++) b.add(t, t);
    b.dropBefore(3);
    b.dropAfter(6);
    expect(b.rows().map((r) => r.column)).toEqual([3, 4, 5, 6]);
    b.extendLeft(1);
    expect(b.firstColumn).toBe(1);
    expect(b.rows().map((r) => [r.column, r.last])).toEqual([
      [3, 3],
      [4, 4],
      [5, 5],
      [6, 6],
    ]);
    b.add(1, 10);
    b.clearColumn(4);
    b.clearBefore(3);
    expect(b.rows().map((r) => r.column)).toEqual([3, 5, 6]);
    b.dropBefore(100);
    expect(b.rows()).toEqual([]);
    expect(b.firstColumn).toBe(100);
  });

  it('grows past its first capacity', () => {
    const b = new ColumnBuckets(1, 0, 2);
    for (let t = 0; t < 1000; t++) b.add(t, t % 7);
    expect(b.rows()).toHaveLength(1000);
    expect(b.last(999)).toBe(999 % 7);
  });

  it('merges columns into wider ones exactly as if built at the wider width', () => {
    const narrow = new ColumnBuckets(1, 3);
    const wide = new ColumnBuckets(4, 0);
    let seed = 7;
    for (let t = 3; t < 200; t += seed % 3) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      const v = (seed % 2001) - 1000;
      narrow.add(t, v);
      wide.add(t, v);
    }
    expect(narrow.coarsen(4).rows()).toEqual(wide.rows());
    expect(narrow.coarsen(4).columnMs).toBe(4);
  });

  it('keeps a lone spike among a million points as its column’s max', () => {
    const columns = 600;
    const n = 1_000_000;
    const b = new ColumnBuckets(n / columns, 0);
    const spikeAt = 612_345;
    for (let i = 0; i < n; i++) b.add(i, i === spikeAt ? 1000 : Math.sin(i / 50));
    const spikeColumn = Math.floor(spikeAt / (n / columns));
    expect(b.max(spikeColumn)).toBe(1000);
    let others = Number.NEGATIVE_INFINITY;
    let min = Number.POSITIVE_INFINITY;
    for (const r of b.rows()) {
      if (r.column !== spikeColumn) others = Math.max(others, r.max);
      min = Math.min(min, r.min);
    }
    expect(others).toBeLessThanOrEqual(1);
    expect(min).toBeCloseTo(-1, 3);
    expect(b.rows()).toHaveLength(columns);
  });

  it('refuses a column width that is not a positive number', () => {
    expect(() => new ColumnBuckets(0, 0)).toThrow(RangeError);
    expect(() => new ColumnBuckets(Number.NaN, 0)).toThrow(RangeError);
  });
});

describe('columnMsFor', () => {
  it('gives a fixed window one column per pixel', () => {
    expect(columnMsFor(30_000, 600, false)).toBe(50);
  });

  it('gives a growing window a power of two, kept while it fits', () => {
    expect(columnMsFor(30_000, 600, true)).toBe(64);
    // Kept while it yields between a quarter and all of the columns.
    expect(columnMsFor(20_000, 600, true, 64)).toBe(64);
    expect(columnMsFor(38_400, 600, true, 64)).toBe(64);
    // Grows by merging: a power of two times the current width.
    expect(columnMsFor(40_000, 600, true, 64)).toBe(128);
    // Far smaller: a finer width (a rebuild).
    expect(columnMsFor(6_000, 600, true, 64)).toBe(16);
    expect(columnMsFor(0, 600, true)).toBe(1);
  });
});
