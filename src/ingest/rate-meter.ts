import type { Ingest } from './ingest';
import type { TopicEntry } from '../domain/stored-message';

export interface Rates {
  messagesPerSec: number;
  bytesPerSec: number;
}

/**
 * Turns counters into per-second rates once per window: only topics touched in the window (or
 * the one before, to bring them back to zero) are visited, never the whole registry.
 */
export class RateMeter {
  private lastReceived = 0;
  private lastBytes = 0;
  private lastAtMs: number | undefined;
  private lastGeneration = 0;
  private previouslyTouched = new Set<TopicEntry>();
  rates: Rates = { messagesPerSec: 0, bytesPerSec: 0 };

  constructor(private readonly ingest: Ingest) {}

  sample(nowMs: number): Rates {
    const { received, bytesReceived } = this.ingest.totals;
    const elapsedSec = this.lastAtMs === undefined ? 0 : (nowMs - this.lastAtMs) / 1000;
    if (this.ingest.generation !== this.lastGeneration) {
      // The counts started over (cleared, or data of another broker put back): no rate from
      // the jump.
      this.lastGeneration = this.ingest.generation;
      this.lastReceived = received;
      this.lastBytes = bytesReceived;
    }
    this.rates =
      elapsedSec > 0
        ? {
            messagesPerSec: Math.round((received - this.lastReceived) / elapsedSec),
            bytesPerSec: Math.round((bytesReceived - this.lastBytes) / elapsedSec),
          }
        : { messagesPerSec: 0, bytesPerSec: 0 };
    const touched = this.ingest.touched;
    for (const entry of this.previouslyTouched) {
      if (!touched.has(entry) && entry.data) {
        entry.data.ratePerSec = 0;
        entry.data.countAtLastRate = entry.ownCount;
      }
    }
    for (const entry of touched) {
      const data = entry.data;
      if (!data) continue;
      data.ratePerSec = elapsedSec > 0 ? (entry.ownCount - data.countAtLastRate) / elapsedSec : 0;
      data.countAtLastRate = entry.ownCount;
    }
    this.previouslyTouched = new Set(touched);
    touched.clear();
    this.lastReceived = received;
    this.lastBytes = bytesReceived;
    this.lastAtMs = nowMs;
    return this.rates;
  }
}
