import { describe, expect, it } from 'vitest';
import { NumberRing } from './ring-buffer';
import { lastSample, locate, nearestInSeries, nearestSample, stepSample } from './sample-cursor';

function ringOf(samples: Array<[number, number]>, capacity = 100) {
  const ring = new NumberRing(capacity);
  for (const [t, v] of samples) ring.push(t, v);
  return ring;
}

const key = (s: { t: number; series: number; index: number } | undefined) =>
  s ? `${s.t}:${s.series}:${s.index}` : 'none';

describe('sample cursor', () => {
  const a = ringOf([
    [0, 1],
    [10, 2],
    [20, 3],
  ]);
  const b = ringOf([
    [5, 0],
    [10, 0],
    [10, 1],
  ]);

  it('steps through every sample of every series in time order, ties by series', () => {
    const rings = [a, b];
    const forward: string[] = [];
    for (let s = stepSample(rings, lastSample(rings, 0, 0)!, 1, -1, 100); s;) {
      forward.push(key(s));
      s = stepSample(rings, s, 1, -1, 100);
    }
    expect(['0:0:0', ...forward]).toEqual([
      '0:0:0',
      '5:1:0',
      '10:0:1',
      '10:1:1',
      '10:1:2',
      '20:0:2',
    ]);
    const backward: string[] = [];
    for (let s: ReturnType<typeof lastSample> = lastSample(rings, -1, 100); s;) {
      backward.push(key(s));
      s = stepSample(rings, s, -1, -1, 100);
    }
    expect(backward).toEqual(['20:0:2', '10:1:2', '10:1:1', '10:0:1', '5:1:0', '0:0:0']);
  });

  it('stays inside the range', () => {
    const rings = [a, b];
    expect(key(lastSample(rings, 0, 9))).toBe('5:1:0');
    expect(stepSample(rings, lastSample(rings, 0, 9)!, 1, 0, 9)).toBeUndefined();
    expect(lastSample(rings, 30, 40)).toBeUndefined();
    expect(lastSample([undefined], 0, 1)).toBeUndefined();
  });

  it('finds the nearest sample, the newest one past the end', () => {
    expect(nearestInSeries([a], 0, 4, -1, 100)?.v).toBe(1);
    expect(nearestInSeries([a], 0, 6, -1, 100)?.v).toBe(2);
    expect(nearestInSeries([a], 0, 99, -1, 100)?.v).toBe(3);
    expect(nearestInSeries([a], 0, -50, -1, 100)?.v).toBe(1);
    // Past the newest of samples sharing a time: the very last of them.
    expect(key(nearestSample([b], 50, -1, 100))).toBe('10:0:2');
    expect(key(nearestSample([a, b], 6, -1, 100))).toBe('5:1:0');
    expect(nearestSample([a, b], 6, 30, 40)).toBeUndefined();
  });

  it('finds a sample again after older ones fell out of the ring', () => {
    const ring = ringOf(
      [
        [1, 1],
        [2, 2],
        [2, 3],
        [3, 4],
      ],
      4,
    );
    const third = stepSample([ring], lastSample([ring], 0, 1)!, 1, 0, 10)!;
    const again = stepSample([ring], third, 1, 0, 10)!;
    expect(again.v).toBe(3);
    ring.push(4, 5);
    ring.push(5, 6);
    expect(locate([ring], again)).toMatchObject({ v: 3, index: 0 });
    expect(stepSample([ring], again, 1, 0, 10)?.v).toBe(4);
  });

  it('agrees with a merged list of every sample on random data', () => {
    let seed = 3;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let round = 0; round < 20; round++) {
      const rings = Array.from({ length: 1 + Math.floor(next() * 4) }, () => {
        let t = 0;
        return ringOf(
          Array.from({ length: Math.floor(next() * 30) }, (_, i): [number, number] => {
            t += Math.floor(next() * 3);
            return [t, i];
          }),
        );
      });
      const all = rings
        .flatMap((r, series) =>
          Array.from({ length: r.size }, (_, index) => ({ t: r.timeAt(index)!, series, index })),
        )
        .filter((s) => s.t >= 5 && s.t <= 30)
        .sort((x, y) => x.t - y.t || x.series - y.series || x.index - y.index)
        .map(key);
      const walked: string[] = [];
      for (let s = lastSample(rings, 5, 30); s; s = stepSample(rings, s, -1, 5, 30)) {
        walked.unshift(key(s));
      }
      expect(walked).toEqual(all);
    }
  });
});
