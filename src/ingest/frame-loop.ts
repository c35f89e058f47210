import type { Ingest } from './ingest';
import {
  BUSY_COMMIT_INTERVAL_MS,
  BUSY_RATE_PER_SEC,
  COMMIT_INTERVAL_MS,
  RATE_WINDOW_MS,
} from '../domain/limits';
import { RateMeter, type Rates } from './rate-meter';

export interface FrameSnapshot {
  frame: number;
  received: number;
  dropped: number;
  muted: number;
  keptMessages: number;
  keptBytes: number;
  topicCount: number;
  logSize: number;
  structureVersion: number;
  rates: Rates;
}

/**
 * At most one commit per animation frame (and per COMMIT_INTERVAL_MS), and only when something
 * changed: the store (and so React) never sees individual messages.
 */
export function startFrameLoop(
  ingest: Ingest,
  commit: (snapshot: FrameSnapshot) => void,
  now: () => number = () => performance.now(),
): () => void {
  const meter = new RateMeter(ingest);
  let frame = 0;
  let rafId = 0;
  let lastCommitMs = Number.NEGATIVE_INFINITY;
  const rateTimer = setInterval(() => {
    meter.sample(now());
    ingest.dirty = true;
  }, RATE_WINDOW_MS);

  const tick = () => {
    rafId = requestAnimationFrame(tick);
    if (!ingest.dirty) return;
    const nowMs = now();
    const intervalMs =
      meter.rates.messagesPerSec > BUSY_RATE_PER_SEC ? BUSY_COMMIT_INTERVAL_MS : COMMIT_INTERVAL_MS;
    if (nowMs - lastCommitMs < intervalMs) return;
    lastCommitMs = nowMs;
    ingest.dirty = false;
    frame++;
    const t = ingest.totals;
    commit({
      frame,
      received: t.received,
      dropped: t.dropped,
      muted: t.muted,
      keptMessages: t.keptMessages,
      keptBytes: t.keptBytes,
      topicCount: ingest.topics.size,
      logSize: ingest.log.size,
      structureVersion: ingest.tree.structureVersion,
      rates: meter.rates,
    });
  };
  rafId = requestAnimationFrame(tick);
  return () => {
    cancelAnimationFrame(rafId);
    clearInterval(rateTimer);
  };
}
