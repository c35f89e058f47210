import { create } from 'zustand';
import type { FrameSnapshot } from '../ingest/frame-loop';

/** The per-frame snapshot of the ingest counters; the only store the hot path feeds. */
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

export const selectFrame = (s: FrameSnapshot) => s.frame;
export const selectStructureVersion = (s: FrameSnapshot) => s.structureVersion;
