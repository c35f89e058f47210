import { describe, expect, it } from 'vitest';
import { liveSpan, scrubBounds, visibleRange } from './chart-window';

describe('visibleRange', () => {
  it('follows the clock while live', () => {
    expect(visibleRange({ nowMs: 100_000, windowMs: 30_000, oldestMs: 0 })).toEqual({
      fromMs: 70_000,
      toMs: 100_000,
    });
  });

  it('shows everything kept for window 0, and just "now" when nothing is kept', () => {
    expect(visibleRange({ nowMs: 100_000, windowMs: 0, oldestMs: 12_000 })).toEqual({
      fromMs: 12_000,
      toMs: 100_000,
    });
    expect(visibleRange({ nowMs: 5, windowMs: 0, oldestMs: undefined })).toEqual({
      fromMs: 5,
      toMs: 5,
    });
  });

  it('freezes at the pause and ignores the clock', () => {
    const paused = { windowMs: 10_000, oldestMs: 0, pausedAtMs: 50_000 };
    expect(visibleRange({ ...paused, nowMs: 90_000 })).toEqual({ fromMs: 40_000, toMs: 50_000 });
  });

  it('scrubs back, but not before one window after the oldest sample nor past the pause', () => {
    const paused = { nowMs: 90_000, windowMs: 10_000, oldestMs: 20_000, pausedAtMs: 50_000 };
    expect(visibleRange({ ...paused, scrubEndMs: 35_000 })).toEqual({
      fromMs: 25_000,
      toMs: 35_000,
    });
    expect(visibleRange({ ...paused, scrubEndMs: 0 })).toEqual({ fromMs: 20_000, toMs: 30_000 });
    expect(visibleRange({ ...paused, scrubEndMs: 80_000 })).toEqual({
      fromMs: 40_000,
      toMs: 50_000,
    });
  });

  it('shows all kept up to the pause for window 0', () => {
    expect(
      visibleRange({ nowMs: 9e9, windowMs: 0, oldestMs: 1_000, pausedAtMs: 8_000, scrubEndMs: 2 }),
    ).toEqual({ fromMs: 1_000, toMs: 8_000 });
  });
});

describe('scrubBounds', () => {
  it('spans from one window after the oldest sample to the pause', () => {
    expect(scrubBounds(20_000, 50_000, 10_000)).toEqual({ fromMs: 30_000, toMs: 50_000 });
  });

  it('collapses when history is shorter than the window, empty, or the window is all', () => {
    expect(scrubBounds(45_000, 50_000, 10_000)).toEqual({ fromMs: 50_000, toMs: 50_000 });
    expect(scrubBounds(undefined, 50_000, 10_000)).toEqual({ fromMs: 50_000, toMs: 50_000 });
    expect(scrubBounds(0, 50_000, 0)).toEqual({ fromMs: 50_000, toMs: 50_000 });
  });
});

describe('liveSpan', () => {
  it('starts at the first sample when it is inside the window', () => {
    expect(liveSpan(100_000, 60_000, 70_000)).toEqual({ fromMs: 70_000, toMs: 100_000 });
  });

  it('shows the whole window when samples are older, or none yet', () => {
    expect(liveSpan(100_000, 60_000, 1_000)).toEqual({ fromMs: 40_000, toMs: 100_000 });
    expect(liveSpan(100_000, 60_000, undefined)).toEqual({ fromMs: 40_000, toMs: 100_000 });
  });

  it('is never narrower than the least span', () => {
    expect(liveSpan(100_000, 60_000, 99_500, 10_000)).toEqual({ fromMs: 90_000, toMs: 100_000 });
  });
});
