/**
 * "What is flooding my broker": message and byte rates overall and for the busiest topics,
 * sampled every TRAFFIC_SAMPLE_MS while a view holds them, stopped when the last lets go.
 */
import type { Ingest } from '../ingest/ingest';
import { TRAFFIC_SAMPLE_MS, TrafficHistory } from '../ingest/traffic-history';

export interface TrafficHandle {
  readonly history: TrafficHistory;
  release(): void;
}

export class TrafficService {
  /** How often the rates are sampled: views redraw at this pace. */
  readonly sampleIntervalMs = TRAFFIC_SAMPLE_MS;
  private readonly history: TrafficHistory;
  private users = 0;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    ingest: Ingest,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.history = new TrafficHistory(ingest);
  }

  /** Starts over (the data on screen now comes from another broker). */
  clear(): void {
    this.history.clear();
  }

  open(): TrafficHandle {
    if (this.users++ === 0) {
      this.history.sample(this.now());
      this.timer = setInterval(() => this.history.sample(this.now()), TRAFFIC_SAMPLE_MS);
    }
    let released = false;
    return {
      history: this.history,
      release: () => {
        if (released) return;
        released = true;
        if (--this.users === 0) clearInterval(this.timer);
      },
    };
  }
}
