import { create } from 'zustand';

/** Progress of a generator run, committed at most once per animation frame. */
export interface RunProgress {
  running: boolean;
  /** Messages the broker took (QoS 0: written to the socket). */
  sent: number;
  failed: number;
  /** Handed to the broker, then the connection closed before it acknowledged them. */
  unknown: number;
  /** A run cut short can go on from this message (1-based); undefined when it cannot. */
  resumeFrom: number | undefined;
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
  unknown: 0,
  resumeFrom: undefined,
  total: 0,
  elapsedMs: 0,
  summary: undefined,
  error: undefined,
};

export const usePublishRunStore = create<RunProgress>(() => IDLE_RUN);
