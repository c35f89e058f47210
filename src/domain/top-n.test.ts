import { describe, expect, it } from 'vitest';
import { topN } from './top-n';

describe('topN', () => {
  it('keeps the n highest, best first, ties in input order', () => {
    const items = [
      { k: 'a', v: 3 },
      { k: 'b', v: 9 },
      { k: 'c', v: 3 },
      { k: 'd', v: 5 },
      { k: 'e', v: 1 },
    ];
    expect(topN(items, 3, (x) => x.v).map((x) => x.k)).toEqual(['b', 'd', 'a']);
    expect(topN(items, 10, (x) => x.v).map((x) => x.k)).toEqual(['b', 'd', 'a', 'c', 'e']);
  });

  it('leaves out idle items and handles n of 0', () => {
    expect(topN([0, -1, NaN, 2], 5, (x) => x)).toEqual([2]);
    expect(topN([1, 2], 0, (x) => x)).toEqual([]);
  });

  it('agrees with a full sort on a large input', () => {
    const values = Array.from({ length: 1000 }, (_, i) => (i * 7919) % 1009);
    const expected = [...values].sort((a, b) => b - a).slice(0, 5);
    expect(topN(values, 5, (x) => x)).toEqual(expected);
  });
});
