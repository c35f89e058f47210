/**
 * How many generated messages are due now. Timers cannot fire every 1 ms (browsers clamp
 * nested timers to ~4 ms), so a run counts what is due since it started and sends that many
 * per tick: the achieved rate follows the interval even when ticks are coarse.
 */

export interface PacingState {
  /** Interval between messages, in ms; 0 sends as fast as acknowledgements allow (a burst). */
  intervalMs: number;
  startedAtMs: number;
  nowMs: number;
  /** Messages handed to the connection so far. */
  sent: number;
  /** Messages in the run; Infinity repeats until stopped. */
  total: number;
  /** The most one tick may hand over, so a tick stays short. */
  maxPerTick: number;
}

export function dueCount(state: PacingState): number {
  const remaining = state.total - state.sent;
  if (remaining <= 0) return 0;
  const due =
    state.intervalMs <= 0
      ? remaining
      : Math.floor((state.nowMs - state.startedAtMs) / state.intervalMs) + 1 - state.sent;
  return Math.max(0, Math.min(due, remaining, state.maxPerTick));
}

/** Milliseconds until the next message is due (0 when one is due now). */
export function msUntilNextDue(state: Omit<PacingState, 'maxPerTick' | 'total'>): number {
  if (state.intervalMs <= 0) return 0;
  const nextDueMs = state.startedAtMs + state.sent * state.intervalMs;
  return Math.max(0, nextDueMs - state.nowMs);
}

/** Messages per second over a run; 0 before any time passed. */
export function achievedRatePerSec(sent: number, elapsedMs: number): number {
  return elapsedMs > 0 ? (sent * 1000) / elapsedMs : 0;
}

/** The counter a topic template sees: cycles start..start+topicCount-1 (0 = no cycling). */
export function topicCounter(counter: number, start: number, topicCount: number): number {
  if (topicCount <= 0) return counter;
  return start + ((((counter - start) % topicCount) + topicCount) % topicCount);
}
