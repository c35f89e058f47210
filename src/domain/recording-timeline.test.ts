import { describe, expect, it } from 'vitest';
import { countAtOrBefore, durationText, PlaybackClock, RecordingIndex } from './recording-timeline';

const index = new RecordingIndex([
  { count: 3, firstMs: 100, lastMs: 300, bytes: 0 },
  { count: 0, firstMs: Number.NaN, lastMs: 300, bytes: 0 },
  { count: 2, firstMs: 400, lastMs: 500, bytes: 0 },
]);

describe('RecordingIndex', () => {
  it('counts messages and finds the chunk of each', () => {
    expect(index.total).toBe(5);
    expect(index.firstMs).toBe(100);
    expect(index.lastMs).toBe(500);
    expect(index.locate(0)).toEqual({ chunk: 0, offset: 0 });
    expect(index.locate(2)).toEqual({ chunk: 0, offset: 2 });
    expect(index.locate(3)).toEqual({ chunk: 2, offset: 0 });
    expect(index.locate(4)).toEqual({ chunk: 2, offset: 1 });
    expect(index.locate(5)).toBeUndefined();
    expect(index.startOf(2)).toBe(3);
    expect(index.startOf(3)).toBe(5);
  });

  it('finds the first chunk that reaches past a time', () => {
    expect(index.chunkAfter(50)).toBe(0);
    expect(index.chunkAfter(299)).toBe(0);
    expect(index.chunkAfter(300)).toBe(2);
    expect(index.chunkAfter(500)).toBe(3);
    expect(index.timeBefore(2)).toBe(300);
    expect(index.timeBefore(0)).toBe(-Infinity);
  });

  it('is empty without chunks', () => {
    const empty = new RecordingIndex([]);
    expect(empty.total).toBe(0);
    expect(empty.firstMs).toBeUndefined();
    expect(empty.locate(0)).toBeUndefined();
  });
});

describe('countAtOrBefore', () => {
  it('counts on the running-maximum clock', () => {
    expect(countAtOrBefore([10, 20, 15, 30], -Infinity, 20)).toBe(3);
    expect(countAtOrBefore([10, 20, 15, 30], 25, 20)).toBe(0);
    expect(countAtOrBefore([10, 20], -Infinity, 99)).toBe(2);
  });
});

describe('PlaybackClock', () => {
  it('moves at its speed while playing and stays put while paused', () => {
    const clock = new PlaybackClock(1_000);
    expect(clock.at(50)).toBe(1_000);
    clock.play(100);
    expect(clock.at(200)).toBe(1_100);
    clock.setSpeed(10, 200);
    expect(clock.at(300)).toBe(2_100);
    clock.pause(300);
    expect(clock.at(900)).toBe(2_100);
    clock.seek(5_000, 900);
    expect(clock.at(950)).toBe(5_000);
    clock.play(1_000);
    expect(clock.at(1_001)).toBe(5_010);
    expect(clock.playing).toBe(true);
    expect(clock.speed).toBe(10);
  });
});

describe('durationText', () => {
  it('writes minutes and seconds, and hours when there are some', () => {
    expect(durationText(0)).toBe('0:00');
    expect(durationText(42_900)).toBe('0:42');
    expect(durationText(723_000)).toBe('12:03');
    expect(durationText(3_723_000)).toBe('1:02:03');
  });
});
