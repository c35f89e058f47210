import { create } from 'zustand';

/** Progress of a generator run, committed at most once per animation frame. */
export interface RunProgress {
  running: boolean;
  /** Messages the broker took (QoS 0: written to the socket). */
  sent: number;
  failed: number;
  /** Messages in the run; Infinity repeats until stopped. */
  total: number;
  elapsedMs: number;
  /** How the run ended, in plain words; undefined while running. */
  summary: string | undefined;
  error: string | undefined;
}

export const IDLE_RUN: RunProgress = {
  running: false,
  sent: 0,
  failed: 0,
  total: 0,
  elapsedMs: 0,
  summary: undefined,
  error: undefined,
};

export const usePublishRunStore = create<RunProgress>(() => IDLE_RUN);
