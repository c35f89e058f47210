/**
 * Data from another broker is never shown as current. When a connection to a different broker
 * (URL or user) begins, the live views (topics, log, statistics, charts' series, traffic,
 * Broker panel, packet timeline) start empty, and the old data is kept aside for an undo;
 * unless the user keeps data across connections, then every topic and message names its broker.
 *
 * A recording is never mixed with live data either. While one is on screen, the ingest the views
 * read holds only the recording (its source is "Recording: <name>", so nothing in it is marked as
 * from another broker), and the live data is set aside, whole, in a second ingest that the
 * worker's batches keep filling (its counts and limits go on). Closing the recording puts the
 * live data back on screen, as the undo of a broker switch does. Whatever works on live data
 * alone (commands waiting for replies, clearing retained messages, the subscriptions' mute and
 * colours, a switch of brokers) follows `liveIngest`, whichever ingest that is now.
 */
import { Ingest, type DetachedData, type SubscriptionMatcher } from '../ingest/ingest';
import type { StoredMessage } from '../domain/stored-message';
import type { IngestLimits } from '../domain/limits';
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
  /** Live data while a recording is on screen; empty otherwise. */
  private readonly aside: Ingest;
  private recordingShown = false;
  /** True while kept messages move between the two ingests (not news to anyone). */
  private moving = false;
  private liveMatchers: SubscriptionMatcher[] = [];

  constructor(
    private readonly ingest: Ingest,
    private readonly sampler: Pick<ChartSampler, 'resample'>,
    private readonly traffic: Pick<TrafficService, 'clear'>,
    private readonly packets: Pick<PacketTimelineService, 'clear'>,
  ) {
    this.aside = new Ingest(ingest.limits);
  }

  /** The broker the data on screen comes from ('' before the first connection). */
  get source(): string {
    return this.ingest.source;
  }

  /** Where live data goes: the ingest on screen, or the one set aside while a recording shows. */
  get liveIngest(): Ingest {
    return this.recordingShown ? this.aside : this.ingest;
  }

  /** True while the views show a recording. */
  get showingRecording(): boolean {
    return this.recordingShown;
  }

  /** The subscriptions' mute and colours: they apply to live data only. */
  setSubscriptions(matchers: SubscriptionMatcher[]): void {
    this.liveMatchers = matchers;
    this.liveIngest.setSubscriptions(matchers);
  }

  setLimits(limits: IngestLimits): void {
    this.ingest.setLimits(limits);
    this.aside.setLimits(limits);
  }

  /** Every live message as it is kept, wherever it is kept (never a recording's). */
  readonly liveMessages = {
    onMessage: (listener: (message: StoredMessage) => void): (() => void) => {
      const offShown = this.ingest.onMessage((m) => {
        if (!this.recordingShown && !this.moving) listener(m);
      });
      const offAside = this.aside.onMessage((m) => {
        if (!this.moving) listener(m);
      });
      return () => {
        offShown();
        offAside();
      };
    },
  };

  /**
   * Shows a recording: live data goes aside (the first time), the views start empty with
   * `label` as their source, and the ingest returned is the one to play the recording into.
   */
  showRecording(label: string): Ingest {
    this.moving = true;
    try {
      if (!this.recordingShown) {
        const live = this.ingest.detach();
        this.aside.clear();
        this.aside.setLimits(this.ingest.limits);
        this.aside.setSource(live.source);
        this.aside.setSubscriptions(this.liveMatchers);
        this.aside.reattach(live);
        this.recordingShown = true;
      } else {
        this.ingest.clear();
      }
      this.ingest.setSource(label);
      this.ingest.setSubscriptions([]);
    } finally {
      this.moving = false;
    }
    this.afterShow();
    return this.ingest;
  }

  /** Empties the recording's view, to play it again from its start (a seek backwards). */
  restartRecording(): void {
    if (!this.recordingShown) return;
    this.ingest.clear();
    this.sampler.resample();
    this.traffic.clear();
  }

  /** Back to live data: the recording leaves the views, the live data set aside comes back. */
  showLive(): void {
    if (!this.recordingShown) return;
    this.moving = true;
    try {
      const live = this.aside.detach();
      this.ingest.clear();
      this.ingest.setSource(live.source);
      this.ingest.setSubscriptions(this.liveMatchers);
      this.ingest.reattach(live);
      this.recordingShown = false;
    } finally {
      this.moving = false;
    }
    this.afterShow();
  }

  /**
   * Messages now come from `source`. Returns what was cleared (for a notice with an undo), or
   * undefined when nothing was: same broker, nothing kept yet, or data kept by choice.
   */
  begin(source: string, keep: boolean): ClearedData | undefined {
    // While a recording is on screen, this is about the live data set aside.
    const live = this.liveIngest;
    const previous = live.source;
    if (source === previous) return undefined;
    const hadData = live.totals.received > 0 || live.topics.size > 0;
    live.setSource(source);
    if (!hadData || keep) return undefined;
    const detached: DetachedData = live.detach();
    this.afterSwap(live);
    if (live === this.ingest) useSelectionStore.getState().clear();
    let undone = false;
    return {
      from: previous,
      undo: () => {
        if (undone) return;
        undone = true;
        const now = this.liveIngest;
        now.reattach(detached);
        this.afterSwap(now);
      },
    };
  }

  private afterSwap(changed: Ingest): void {
    this.packets.clear();
    if (changed !== this.ingest) return;
    this.sampler.resample();
    this.traffic.clear();
  }

  private afterShow(): void {
    this.sampler.resample();
    this.traffic.clear();
    useSelectionStore.getState().clear();
  }
}
