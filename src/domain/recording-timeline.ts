/**
 * Moving through an opened recording: where message i is (which chunk, which place in it), how
 * many messages lie at or before a time, and the play head's clock at 1× – 100×. Times are on
 * the recording's running-maximum clock (see chunkInfoOf), so they never go back.
 */
import type { ChunkInfo } from './recording-chunk';

export const PLAYBACK_SPEEDS = [1, 2, 5, 10, 20, 50, 100] as const;

export class RecordingIndex {
  /** starts[k]: the index of chunk k's first message; starts[chunks] is the total. */
  private readonly starts: number[];

  constructor(readonly chunks: readonly ChunkInfo[]) {
    this.starts = [0];
    for (const c of chunks) this.starts.push(this.starts[this.starts.length - 1]! + c.count);
  }

  get total(): number {
    return this.starts[this.starts.length - 1]!;
  }

  get firstMs(): number | undefined {
    return this.chunks.find((c) => c.count > 0)?.firstMs;
  }

  get lastMs(): number | undefined {
    for (let k = this.chunks.length - 1; k >= 0; k--)
      if (this.chunks[k]!.count > 0) return this.chunks[k]!.lastMs;
    return undefined;
  }

  /** Index of chunk k's first message. */
  startOf(k: number): number {
    return this.starts[Math.max(0, Math.min(k, this.chunks.length))]!;
  }

  /** The chunk holding message `index` and its place there (undefined past the end). */
  locate(index: number): { chunk: number; offset: number } | undefined {
    if (index < 0 || index >= this.total) return undefined;
    let low = 0;
    let high = this.chunks.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid]! <= index) low = mid;
      else high = mid - 1;
    }
    return { chunk: low, offset: index - this.starts[low]! };
  }

  /**
   * The first chunk that may hold a message after `timeMs`: every chunk before it ends at or
   * before that time. `chunks.length` when none does.
   */
  chunkAfter(timeMs: number): number {
    let low = 0;
    let high = this.chunks.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.chunks[mid]!.lastMs <= timeMs) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** The running-maximum time before chunk k (the last time of the chunk before it). */
  timeBefore(k: number): number {
    return k > 0 ? this.chunks[k - 1]!.lastMs : -Infinity;
  }
}

/**
 * How many of a chunk's messages lie at or before `timeMs`, reading its raw times as a running
 * maximum that starts at `previousMs`.
 */
export function countAtOrBefore(
  times: ArrayLike<number>,
  previousMs: number,
  timeMs: number,
): number {
  let running = previousMs;
  for (let i = 0; i < times.length; i++) {
    if (times[i]! > running) running = times[i]!;
    if (running > timeMs) return i;
  }
  return times.length;
}

/**
 * The play head: a recorded time that moves at `speed` times the page's clock while playing.
 * Everything takes the page time explicitly, so tests need no timers.
 */
export class PlaybackClock {
  private anchorMs: number;
  private anchorWallMs = 0;
  private playingNow = false;
  private speedNow = 1;

  constructor(positionMs: number) {
    this.anchorMs = positionMs;
  }

  get playing(): boolean {
    return this.playingNow;
  }

  get speed(): number {
    return this.speedNow;
  }

  /** The recorded time at page time `wallMs`. */
  at(wallMs: number): number {
    if (!this.playingNow) return this.anchorMs;
    return this.anchorMs + (wallMs - this.anchorWallMs) * this.speedNow;
  }

  play(wallMs: number): void {
    if (this.playingNow) return;
    this.anchorWallMs = wallMs;
    this.playingNow = true;
  }

  pause(wallMs: number): void {
    if (!this.playingNow) return;
    this.anchorMs = this.at(wallMs);
    this.playingNow = false;
  }

  setSpeed(speed: number, wallMs: number): void {
    this.anchorMs = this.at(wallMs);
    this.anchorWallMs = wallMs;
    this.speedNow = speed;
  }

  /** Moves the head to `positionMs`; playing goes on from there. */
  seek(positionMs: number, wallMs: number): void {
    this.anchorMs = positionMs;
    this.anchorWallMs = wallMs;
  }
}

/** "0:42", "12:03", "1:02:03": a recording's length or a position in it. */
export function durationText(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
