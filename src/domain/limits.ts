/** Every memory and refresh budget of the live view, in one place. */

export interface IngestLimits {
  /** Messages kept per topic for its history. */
  historyPerTopic: number;
  /** Messages kept in the global log, across topics. */
  logCapacity: number;
  /**
   * Bytes of messages kept in total (payload plus MESSAGE_OVERHEAD_BYTES each); the oldest
   * messages go first when over.
   */
  payloadBudgetBytes: number;
}

export const DEFAULT_LIMITS: IngestLimits = {
  historyPerTopic: 1_000,
  logCapacity: 100_000,
  payloadBudgetBytes: 256 * 1024 * 1024,
};

export const LIMIT_RANGES: { [K in keyof IngestLimits]: { min: number; max: number } } = {
  historyPerTopic: { min: 1, max: 100_000 },
  logCapacity: { min: 100, max: 2_000_000 },
  payloadBudgetBytes: { min: 1024 * 1024, max: 2 * 1024 * 1024 * 1024 },
};

export function clampLimits(limits: IngestLimits): IngestLimits {
  const clamp = (key: keyof IngestLimits) => {
    const { min, max } = LIMIT_RANGES[key];
    const value = Math.round(limits[key]);
    return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : DEFAULT_LIMITS[key];
  };
  return {
    historyPerTopic: clamp('historyPerTopic'),
    logCapacity: clamp('logCapacity'),
    payloadBudgetBytes: clamp('payloadBudgetBytes'),
  };
}

/**
 * The least time between two commits to the UI store: React redraws the live views at most
 * 20 times a second however fast messages come, which keeps the page smooth under a flood and
 * still shows a message within ~100 ms.
 */
export const COMMIT_INTERVAL_MS = 50;
/** Above BUSY_RATE_PER_SEC, commits slow to 10 a second: the page stays smooth in a flood. */
export const BUSY_COMMIT_INTERVAL_MS = 100;
export const BUSY_RATE_PER_SEC = 2_000;
/**
 * What keeping one message costs besides its payload: the record, its byte array and the ring
 * slots (measured in Chromium at about 200 bytes). Counted in the memory budget, so 10,000
 * topics of tiny messages stay bounded too.
 */
export const MESSAGE_OVERHEAD_BYTES = 200;
/** How often the per-second rates are recomputed. */
export const RATE_WINDOW_MS = 1_000;
/** Heavy views (charts) redraw at most this often. */
export const CHART_REFRESH_MS = 200;
/** Sorting the tree by recency or count re-orders at most this often. */
export const TREE_RESORT_MS = 500;
/** Largest payload part the details view renders before asking. */
export const DETAILS_PREVIEW_BYTES = 64 * 1024;
