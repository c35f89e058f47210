import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Ingest } from './ingest';
import { startFrameLoop, type FrameSnapshot } from './frame-loop';
import { COMMIT_INTERVAL_MS } from '../domain/limits';

describe('startFrameLoop', () => {
  let frameCallbacks: Array<() => void> = [];
  let nowMs = 0;
  beforeEach(() => {
    frameCallbacks = [];
    vi.stubGlobal('requestAnimationFrame', (cb: () => void) => frameCallbacks.push(cb));
    vi.stubGlobal('cancelAnimationFrame', () => undefined);
  });
  afterEach(() => vi.unstubAllGlobals());

  const runFrame = (advanceMs: number) => {
    nowMs += advanceMs;
    const callbacks = frameCallbacks;
    frameCallbacks = [];
    for (const cb of callbacks) cb();
  };

  it('commits only when something changed, at most once per commit interval', () => {
    const ingest = new Ingest();
    const commits: FrameSnapshot[] = [];
    const stop = startFrameLoop(
      ingest,
      (s) => commits.push(s),
      () => nowMs,
    );
    ingest.dirty = false;
    runFrame(16);
    expect(commits).toHaveLength(0);

    for (let i = 0; i < 1000; i++) ingest.ingestOne('a/b', new Uint8Array(3), 0, i);
    runFrame(16);
    expect(commits).toHaveLength(1);
    expect(commits[0]).toMatchObject({ received: 1000, topicCount: 1, logSize: 1000 });

    ingest.ingestOne('a/c', new Uint8Array(3), 0, 1);
    runFrame(16);
    expect(commits).toHaveLength(1);
    runFrame(COMMIT_INTERVAL_MS);
    expect(commits).toHaveLength(2);
    expect(commits[1]!.received).toBe(1001);
    stop();
  });
});
