import { describe, it, expect } from 'vitest';
import { NumberRing, RingBuffer } from './ring-buffer';

describe('RingBuffer', () => {
  it('rejects a capacity that is not a positive integer', () => {
    expect(() => new RingBuffer(0)).toThrow(RangeError);
    expect(() => new RingBuffer(-1)).toThrow(RangeError);
    expect(() => new RingBuffer(1.5)).toThrow(RangeError);
  });

  it('fills, then wraps and overwrites the oldest, never exceeding capacity', () => {
    const ring = new RingBuffer<number>(3);
    expect(ring.push(1)).toBeUndefined();
    expect(ring.push(2)).toBeUndefined();
    expect(ring.push(3)).toBeUndefined();
    expect(ring.size).toBe(3);
    expect(ring.push(4)).toBe(1);
    expect(ring.push(5)).toBe(2);
    expect(ring.size).toBe(3);
    expect(ring.capacity).toBe(3);
    expect(ring.toArray()).toEqual([3, 4, 5]);
    for (let i = 6; i < 1000; i++) ring.push(i);
    expect(ring.size).toBe(3);
    expect(ring.toArray()).toEqual([997, 998, 999]);
  });

  it('indexes from the oldest and from the newest', () => {
    const ring = new RingBuffer<string>(4);
    for (const s of ['a', 'b', 'c', 'd', 'e', 'f']) ring.push(s);
    expect([ring.get(0), ring.get(3)]).toEqual(['c', 'f']);
    expect([ring.getNewest(0), ring.getNewest(3)]).toEqual(['f', 'c']);
    expect(ring.get(4)).toBeUndefined();
    expect(ring.get(-1)).toBeUndefined();
    expect(ring.getNewest(4)).toBeUndefined();
  });

  it('shifts the oldest and clears', () => {
    const ring = new RingBuffer<number>(2);
    ring.push(1);
    ring.push(2);
    ring.push(3);
    expect(ring.shift()).toBe(2);
    expect(ring.size).toBe(1);
    ring.push(4);
    ring.push(5);
    expect(ring.toArray()).toEqual([4, 5]);
    expect(ring.shift()).toBe(4);
    expect(ring.shift()).toBe(5);
    expect(ring.shift()).toBeUndefined();
    ring.push(6);
    ring.clear();
    expect(ring.size).toBe(0);
    expect(ring.toArray()).toEqual([]);
    expect(ring.get(0)).toBeUndefined();
  });

  it('resizes keeping the newest items', () => {
    const ring = new RingBuffer<number>(5);
    for (let i = 1; i <= 7; i++) ring.push(i);
    ring.resize(2);
    expect(ring.capacity).toBe(2);
    expect(ring.toArray()).toEqual([6, 7]);
    ring.resize(4);
    ring.push(8);
    ring.push(9);
    expect(ring.toArray()).toEqual([6, 7, 8, 9]);
    expect(ring.push(10)).toBe(6);
  });
});

describe('NumberRing', () => {
  it('stores samples, wraps and reports overwrites', () => {
    const ring = new NumberRing(3);
    expect(ring.push(10, 1)).toBe(false);
    expect(ring.push(20, 2)).toBe(false);
    expect(ring.push(30, 3)).toBe(false);
    expect(ring.push(40, 4)).toBe(true);
    expect(ring.size).toBe(3);
    expect([ring.timeAt(0), ring.valueAt(0)]).toEqual([20, 2]);
    expect([ring.timeAt(2), ring.valueAt(2)]).toEqual([40, 4]);
    expect(ring.timeAt(3)).toBeUndefined();
    expect(ring.valueAt(-1)).toBeUndefined();
  });

  it('copies a time range across the wrap point, inclusive at both ends', () => {
    const ring = new NumberRing(5);
    for (let t = 0; t < 8; t++) ring.push(t * 100, t);
    // Holds times 300..700; physically wrapped after 400.
    const r = ring.copyRange(350, 600);
    expect(Array.from(r.xs)).toEqual([400, 500, 600]);
    expect(Array.from(r.ys)).toEqual([4, 5, 6]);
    expect(Array.from(ring.copyRange(0, 1e9).ys)).toEqual([3, 4, 5, 6, 7]);
    expect(ring.copyRange(800, 900).xs.length).toBe(0);
    expect(ring.copyRange(600, 500).xs.length).toBe(0);
  });

  it('keeps equal times together and clamps times that go backwards', () => {
    const ring = new NumberRing(10);
    ring.push(5, 1);
    ring.push(5, 2);
    ring.push(3, 3);
    ring.push(9, 4);
    expect(ring.timeAt(2)).toBe(5);
    expect(Array.from(ring.copyRange(5, 5).ys)).toEqual([1, 2, 3]);
  });

  it('resizes a wrapped ring up and down, keeping the newest samples in order', () => {
    const ring = new NumberRing(5);
    for (let t = 1; t <= 8; t++) ring.push(t, t * 10);
    expect(ring.allocatedBytes).toBe(5 * 16);
    ring.resize(1_000);
    expect(ring.capacity).toBe(1_000);
    expect(ring.allocatedBytes).toBe(16_000);
    expect(Array.from(ring.copyRange(0, 100).ys)).toEqual([40, 50, 60, 70, 80]);
    expect(ring.push(9, 90)).toBe(false);
    ring.resize(2);
    expect(ring.size).toBe(2);
    expect(Array.from(ring.copyRange(0, 100).xs)).toEqual([8, 9]);
    expect(ring.push(10, 100)).toBe(true);
    expect(ring.timeAt(0)).toBe(9);
    expect(ring.valueAt(1)).toBe(100);
  });

  it('resizes keeping the newest samples, and clears', () => {
    const ring = new NumberRing(4);
    for (let t = 1; t <= 6; t++) ring.push(t, t * 10);
    ring.resize(2);
    expect(ring.capacity).toBe(2);
    expect(Array.from(ring.copyRange(0, 100).ys)).toEqual([50, 60]);
    ring.resize(3);
    ring.push(7, 70);
    expect(ring.push(8, 80)).toBe(true);
    expect(Array.from(ring.copyRange(0, 100).xs)).toEqual([6, 7, 8]);
    expect(ring.allocatedBytes).toBe(3 * 16);
    ring.clear();
    expect(ring.size).toBe(0);
    expect(ring.copyRange(0, 100).xs.length).toBe(0);
    expect(() => new NumberRing(0)).toThrow(RangeError);
  });

  it('matches a plain array model under random pushes', () => {
    const ring = new NumberRing(37);
    const model: Array<[number, number]> = [];
    let t = 0;
    for (let i = 0; i < 500; i++) {
      t += i % 3;
      ring.push(t, i);
      model.push([t, i]);
      if (model.length > 37) model.shift();
      const from = t - 20;
      const to = t - 5;
      const expected = model.filter(([mt]) => mt >= from && mt <= to);
      const got = ring.copyRange(from, to);
      expect(Array.from(got.ys)).toEqual(expected.map(([, v]) => v));
    }
  });
});

describe('RingBuffer growth', () => {
  it('keeps order through shifts before it is full, then wraps', () => {
    const ring = new RingBuffer<number>(4);
    ring.push(1);
    ring.push(2);
    expect(ring.shift()).toBe(1);
    ring.push(3);
    ring.push(4);
    ring.push(5);
    expect(ring.toArray()).toEqual([2, 3, 4, 5]);
    expect(ring.push(6)).toBe(2);
    expect(ring.toArray()).toEqual([3, 4, 5, 6]);
    expect(ring.shift()).toBe(3);
    ring.push(7);
    expect(ring.toArray()).toEqual([4, 5, 6, 7]);
    ring.resize(2);
    expect(ring.toArray()).toEqual([6, 7]);
    ring.clear();
    ring.push(8);
    expect(ring.toArray()).toEqual([8]);
  });
});
