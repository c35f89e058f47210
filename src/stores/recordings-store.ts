import { create } from 'zustand';
import type { RecordingMeta } from '../domain/recording-meta';

/**
 * What the Recordings panel and the player bar show: the saved recordings, the recorder, the
 * recording open on screen, a replay and the last file operation. Set by the recordings service
 * (at most once per frame while something runs); views only read it.
 */

export interface RecorderStatus {
  active: boolean;
  id?: string;
  name?: string;
  filters: string[];
  /** Messages and payload bytes written to storage (what a reload keeps). */
  count: number;
  bytes: number;
  /** Recorded time span so far. */
  durationMs: number;
  /** Messages taken but not yet written (at most about half a second's worth). */
  pending: number;
  /** Messages the page could not take (the worker discarded them) while recording. */
  lost: number;
  /** How the last run ended, or why it could not start. */
  message?: { tone: 'ok' | 'error'; text: string };
}

export interface PlayerStatus {
  id: string;
  name: string;
  /** The source label of its messages on screen: "Recording: <name>". */
  label: string;
  total: number;
  /** Messages on screen: the first `index` of the recording. */
  index: number;
  /** The play head, in recorded time (ms since the epoch). */
  positionMs: number;
  firstMs: number;
  lastMs: number;
  playing: boolean;
  speed: number;
  /** While a seek reads far: how far it got (0–1). */
  loading: number | undefined;
  error?: string;
}

export interface ReplayStatus {
  running: boolean;
  paused: boolean;
  name?: string;
  sent: number;
  failed: number;
  unknown: number;
  /** Messages that will go, when known in advance (no topic filter). */
  total: number | undefined;
  /** How far through the chosen time span (0–1). */
  progress: number;
  ratePerSec: number;
  elapsedMs: number;
  /** The outcome once it ended. */
  summary?: string;
  error?: string;
}

export interface FilesStatus {
  busy: boolean;
  /** What is going on, or how the last import or export went. */
  text?: string;
  tone?: 'ok' | 'error';
}

export interface RecordingsState {
  /** Saved recordings, newest first. */
  list: RecordingMeta[];
  listStatus: 'loading' | 'ready' | 'unavailable';
  listError?: string;
  /** Bytes the browser still lets this site store (an estimate), when it says. */
  quotaLeftBytes: number | undefined;
  recorder: RecorderStatus;
  player: PlayerStatus | undefined;
  replay: ReplayStatus;
  files: FilesStatus;
}

export const IDLE_RECORDER: RecorderStatus = {
  active: false,
  filters: [],
  count: 0,
  bytes: 0,
  durationMs: 0,
  pending: 0,
  lost: 0,
};

export const IDLE_REPLAY: ReplayStatus = {
  running: false,
  paused: false,
  sent: 0,
  failed: 0,
  unknown: 0,
  total: undefined,
  progress: 0,
  ratePerSec: 0,
  elapsedMs: 0,
};

export const useRecordingsStore = create<RecordingsState>(() => ({
  list: [],
  listStatus: 'loading',
  quotaLeftBytes: undefined,
  recorder: IDLE_RECORDER,
  player: undefined,
  replay: IDLE_REPLAY,
  files: { busy: false },
}));

/**
 * The time the views stand at: the play head while a recording is open, else undefined (the
 * clock). A view that draws "the last N seconds" (a chart) can follow it with
 * `recordingNowMs() ?? Date.now()`.
 */
export function recordingNowMs(): number | undefined {
  return useRecordingsStore.getState().player?.positionMs;
}
