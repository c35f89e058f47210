/**
 * Data from another broker is never shown as current. When a connection to a different broker
 * (URL or user) begins, the live views (topics, log, statistics, charts' series, traffic,
 * Broker panel, packet timeline) start empty, and the old data is kept aside for an undo;
 * unless the user keeps data across connections, then every topic and message names its broker.
 */
import type { Ingest, DetachedData } from '../ingest/ingest';
import type { ChartSampler } from '../ingest/chart-sampler';
import { useSelectionStore } from '../stores/selection-store';
import type { PacketTimelineService } from './packet-timeline';
import type { TrafficService } from './traffic-service';

export interface ClearedData {
  /** The broker the cleared data came from. */
  from: string;
  /** Puts the cleared data back (marked with its broker) in front of what came since. */
  undo(): void;
}

export class DataSwitch {
  constructor(
    private readonly ingest: Ingest,
    private readonly sampler: Pick<ChartSampler, 'resample'>,
    private readonly traffic: Pick<TrafficService, 'clear'>,
    private readonly packets: Pick<PacketTimelineService, 'clear'>,
  ) {}

  /** The broker the data on screen comes from ('' before the first connection). */
  get source(): string {
    return this.ingest.source;
  }

  /**
   * Messages now come from `source`. Returns what was cleared (for a notice with an undo), or
   * undefined when nothing was: same broker, nothing kept yet, or data kept by choice.
   */
  begin(source: string, keep: boolean): ClearedData | undefined {
    const previous = this.ingest.source;
    if (source === previous) return undefined;
    const hadData = this.ingest.totals.received > 0 || this.ingest.topics.size > 0;
    this.ingest.setSource(source);
    if (!hadData || keep) return undefined;
    const detached: DetachedData = this.ingest.detach();
    this.afterSwap();
    useSelectionStore.getState().clear();
    let undone = false;
    return {
      from: previous,
      undo: () => {
        if (undone) return;
        undone = true;
        this.ingest.reattach(detached);
        this.afterSwap();
      },
    };
  }

  private afterSwap(): void {
    this.sampler.resample();
    this.traffic.clear();
    this.packets.clear();
  }
}
