import { describe, expect, it } from 'vitest';
import { NumberRing } from './ring-buffer';
import {
  RingColumns,
  bucketsFromScratch,
  firstIndexAfter,
  firstIndexAtColumn,
  firstIndexFrom,
  type ColumnWindow,
  type SampleRing,
} from './ring-columns';

/** A small seeded random generator (mulberry32), so a failing sequence can be replayed. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A ring as the chart sampler keeps it: the version grows by one per sample. */
class Sampled {
  ring: NumberRing;
  version = 0;
  constructor(capacity: number) {
    this.ring = new NumberRing(capacity);
  }
  push(t: number, v: number) {
    this.ring.push(t, v);
    this.version++;
  }
}

/** Counts the samples read, to show a pump reads only what is new. */
class CountingRing implements SampleRing {
  reads = 0;
  constructor(private readonly ring: NumberRing) {}
  get size() {
    return this.ring.size;
  }
  timeAt(i: number) {
    this.reads++;
    return this.ring.timeAt(i);
  }
  valueAt(i: number) {
    return this.ring.valueAt(i);
  }
}

const windowOf = (
  columnMs: number,
  fromMs: number,
  limitMs = Number.POSITIVE_INFINITY,
  maxColumns = 10_000,
): ColumnWindow => ({ columnMs, firstColumn: Math.floor(fromMs / columnMs), limitMs, maxColumns });

/** The samples a window takes with fromMs <= time <= toMs, summed one by one. */
function bruteSummary(ring: NumberRing, w: ColumnWindow, fromMs: number, toMs: number) {
  let count = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  let last = Number.NaN;
  for (let i = 0; i < ring.size; i++) {
    const t = ring.timeAt(i)!;
    if (t > w.limitMs || Math.floor(t / w.columnMs) >= w.firstColumn + w.maxColumns) break;
    if (t < fromMs || t > toMs) continue;
    const v = ring.valueAt(i)!;
    count++;
    min = Math.min(min, v);
    max = Math.max(max, v);
    sum += v;
    last = v;
  }
  return count === 0 ? undefined : { count, min, max, last, avg: sum / count };
}

describe('ring index searches', () => {
  it('finds the first sample at or after a time and at a column', () => {
    const ring = new NumberRing(10);
    for (const t of [1, 3, 3, 5, 9]) ring.push(t, t);
    expect(firstIndexFrom(ring, 3)).toBe(1);
    expect(firstIndexAfter(ring, 3)).toBe(3);
    expect(firstIndexFrom(ring, 10)).toBe(5);
    expect(firstIndexAtColumn(ring, 2, 2)).toBe(3);
  });
});

describe('RingColumns', () => {
  it('takes new samples as they arrive and summarises the window', () => {
    const s = new Sampled(100);
    const w = windowOf(10, 0);
    const rc = new RingColumns(s.ring, w);
    for (let t = 0; t < 20; t++) s.push(t, t);
    rc.pump(s.version);
    expect(rc.pending(s.version)).toBe(false);
    // Nothing new: the columns did not change.
    const revision = rc.revision;
    rc.pump(s.version);
    expect(rc.revision).toBe(revision);
    for (let t = 20; t < 30; t++) s.push(t, -t);
    expect(rc.pending(s.version)).toBe(true);
    expect(rc.pump(s.version)).toBe(10);
    expect(rc.revision).toBeGreaterThan(revision);
    expect(rc.columns.rows()).toEqual(bucketsFromScratch(s.ring, w).rows());
    expect(rc.summary(5, 24)).toEqual({ count: 20, min: -24, max: 19, last: -24, avg: 70 / 20 });
    expect(rc.summary(5, 7)).toEqual({ count: 3, min: 5, max: 7, last: 7, avg: 6 });
    expect(rc.summary(100, 200)).toBeUndefined();
  });

  it('reads only the samples that are new since the last pump', () => {
    const s = new Sampled(100_000);
    for (let t = 0; t < 50_000; t++) s.push(t, t % 13);
    const counting = new CountingRing(s.ring);
    const rc = new RingColumns(counting, windowOf(100, 0));
    rc.pump(s.version);
    counting.reads = 0;
    for (let t = 50_000; t < 50_010; t++) s.push(t, 1);
    rc.pump(s.version);
    // Ten new samples, plus a couple of checks of the ring's ends.
    expect(counting.reads).toBeLessThan(20);
    // After the ring is full, the oldest fall out: one column is summed again, not all.
    const full = new Sampled(1000);
    const reads = new CountingRing(full.ring);
    const wrapping = new RingColumns(reads, windowOf(10, 0));
    for (let t = 0; t < 1000; t++) full.push(t, t);
    wrapping.pump(full.version);
    reads.reads = 0;
    for (let t = 1000; t < 1005; t++) full.push(t, t);
    wrapping.pump(full.version);
    expect(reads.reads).toBeLessThan(60);
    expect(wrapping.columns.rows()).toEqual(bucketsFromScratch(full.ring, windowOf(10, 0)).rows());
  });

  it('keeps a lone spike among a million points, in its column and in the summary', () => {
    const s = new Sampled(1_000_000);
    const spikeAt = 777_777;
    for (let i = 0; i < 1_000_000; i++) s.push(i, i === spikeAt ? 500 : (i % 100) / 100);
    const w = windowOf(1_000_000 / 800, 0);
    const rc = new RingColumns(s.ring, w);
    rc.pump(s.version);
    expect(rc.columns.max(rc.columns.columnOf(spikeAt))).toBe(500);
    const summary = rc.summary(0, 999_999)!;
    expect(summary.max).toBe(500);
    expect(summary.min).toBe(0);
    expect(summary.count).toBe(1_000_000);
  });

  it('builds in chunks exactly what one pass builds, showing the last complete columns meanwhile', () => {
    const next = random(42);
    const s = new Sampled(5000);
    let t = 1_000;
    for (let i = 0; i < 12_000; i++) {
      t += Math.floor(next() * 3);
      s.push(t, Math.round(next() * 2000 - 1000));
    }
    const w = windowOf(7.5, t - 4000);
    const oneShot = new RingColumns(s.ring, w);
    oneShot.pump(s.version);
    const chunked = new RingColumns(s.ring, windowOf(3, t - 1000));
    chunked.pump(s.version);
    const before = chunked.columns.rows();
    chunked.setWindow(w);
    let pumps = 0;
    while (chunked.pending(s.version)) {
      chunked.pump(s.version, 1 + Math.floor(next() * 300));
      if (chunked.pending(s.version)) expect(chunked.shown.rows()).toEqual(before);
      pumps++;
    }
    expect(pumps).toBeGreaterThan(5);
    expect(chunked.columns.rows()).toEqual(oneShot.columns.rows());
    expect(chunked.shown).toBe(chunked.columns);
  });

  it('rebuilds when the ring was cleared and filled again', () => {
    const s = new Sampled(100);
    for (let t = 0; t < 50; t++) s.push(t, 1);
    const w = windowOf(5, 0);
    const rc = new RingColumns(s.ring, w);
    rc.pump(s.version);
    // As the sampler's resample: clear, fill from history, one more bump.
    s.ring.clear();
    for (let t = 0; t < 50; t++) s.push(t, 2);
    s.version++;
    rc.pump(s.version);
    expect(rc.columns.rows()).toEqual(bucketsFromScratch(s.ring, w).rows());
    expect(rc.summary(0, 49)!.avg).toBe(2);
  });

  it('equals a full recompute after any sequence of appends and window changes', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const next = random(seed);
      const int = (n: number) => Math.floor(next() * n);
      const s = new Sampled(20 + int(400));
      let t = int(10_000);
      let columns = 20 + int(200);
      let spanMs = 50 + int(3000);
      let columnMs = spanMs / columns;
      let w = windowOf(columnMs, t - spanMs);
      const rc = new RingColumns(s.ring, w);
      for (let step = 0; step < 300; step++) {
        const op = next();
        if (op < 0.45) {
          // A burst of samples, at times that repeat or jump.
          const n = 1 + int(next() < 0.1 ? 600 : 30);
          for (let i = 0; i < n; i++) {
            t += next() < 0.05 ? int(2000) : int(4);
            s.push(t, int(2001) - 1000);
          }
        } else if (op < 0.6) {
          // Live: the window follows the newest sample.
          w = windowOf(columnMs, t - spanMs, Number.POSITIVE_INFINITY, 2 * columns + 8);
        } else if (op < 0.7) {
          // Paused somewhere in the past, or scrubbed back.
          const end = t - int(4000);
          w = windowOf(columnMs, end - spanMs, end, 2 * columns + 8);
        } else if (op < 0.76) {
          // Another window length or width: a new column width.
          columns = 20 + int(200);
          spanMs = 50 + int(3000);
          columnMs = spanMs / columns;
          w = windowOf(columnMs, t - spanMs);
        } else if (op < 0.82) {
          // "Everything kept" growing: columns twice or four times wider.
          columnMs *= next() < 0.7 ? 2 : 4;
          spanMs = columnMs * columns;
          w = windowOf(columnMs, t - spanMs, Number.POSITIVE_INFINITY, 2 * columns + 8);
        } else if (op < 0.84) {
          // The sampler reads the history again.
          const kept = Array.from({ length: s.ring.size }, (_, i) => [
            s.ring.timeAt(i)!,
            s.ring.valueAt(i)!,
          ]);
          s.ring.clear();
          for (const [kt, kv] of kept) s.push(kt!, kv!);
          s.version++;
        }
        rc.setWindow(w);
        // Sometimes a chunk only, sometimes everything there is.
        if (next() < 0.5) rc.pump(s.version, 1 + int(200));
        else {
          rc.pump(s.version);
          expect(rc.pending(s.version), `seed ${seed} step ${step}`).toBe(false);
          expect(rc.columns.rows(), `seed ${seed} step ${step}`).toEqual(
            bucketsFromScratch(s.ring, w).rows(),
          );
          const from = w.firstColumn * w.columnMs + int(Math.ceil(w.columnMs));
          const to = Math.min(w.limitMs, from + int(spanMs));
          const got = rc.summary(from, to);
          const want = bruteSummary(s.ring, w, from, to);
          expect(got === undefined, `seed ${seed} step ${step}`).toBe(want === undefined);
          if (got && want) {
            expect({ ...got, avg: 0 }).toEqual({ ...want, avg: 0 });
            expect(got.avg).toBeCloseTo(want.avg, 9);
          }
        }
      }
      rc.pump(s.version);
      expect(rc.columns.rows(), `seed ${seed} end`).toEqual(bucketsFromScratch(s.ring, w).rows());
    }
  });
});
