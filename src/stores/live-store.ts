import { create } from 'zustand';
import type { FrameSnapshot } from '../ingest/frame-loop';

/**
 * The per-frame snapshot of the ingest counters, committed by the frame loop (services/live-data)
 * at most once per frame; views read it through the hooks in src/hooks/use-live.
 */
export const useLiveStore = create<FrameSnapshot>(() => ({
  frame: 0,
  received: 0,
  dropped: 0,
  muted: 0,
  keptMessages: 0,
  keptBytes: 0,
  topicCount: 0,
  logSize: 0,
  structureVersion: 0,
  rates: { messagesPerSec: 0, bytesPerSec: 0 },
}));
