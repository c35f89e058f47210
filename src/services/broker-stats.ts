/**
 * The Broker panel's needs while it is open: the broker's `$SYS/#` topics (held in the
 * subscription registry, so a user's own `$SYS/#` keeps its options) and the Mosquitto counters
 * it plots (held in the chart series, so a chart of the same counter keeps sampling).
 */
import { MOSQUITTO_SYS } from '../domain/sys-topics';
import type { ChartSeriesService } from './chart-series';
import type { SubscriptionRegistry } from './subscription-registry';

export const SYS_FILTER = '$SYS/#';
export const BROKER_PANEL_OWNER = 'Broker panel';
/** Counters the panel plots; each message's payload is a bare number ("value"). */
export const BROKER_COUNTER_TOPICS = [
  MOSQUITTO_SYS.clientsConnected,
  MOSQUITTO_SYS.messagesReceived,
  MOSQUITTO_SYS.messagesSent,
  MOSQUITTO_SYS.bytesReceived,
  MOSQUITTO_SYS.bytesSent,
];
export const COUNTER_PATH = 'value';

export class BrokerStatsService {
  constructor(
    private readonly subscriptions: Pick<SubscriptionRegistry, 'hold'>,
    private readonly charts: Pick<ChartSeriesService, 'hold' | 'samples'>,
  ) {}

  /** A counter's samples between two times (empty when none). */
  counterWindow(
    topic: string,
    fromMs: number,
    toMs: number,
  ): { xs: Float64Array; ys: Float64Array } {
    return (
      this.charts.samples(topic, COUNTER_PATH)?.ring.copyRange(fromMs, toMs) ?? {
        xs: new Float64Array(0),
        ys: new Float64Array(0),
      }
    );
  }

  /** Starts reading `$SYS`; returns the release. */
  open(): () => void {
    const releases = BROKER_COUNTER_TOPICS.map((topic) => this.charts.hold(topic, COUNTER_PATH));
    releases.push(this.subscriptions.hold(SYS_FILTER, BROKER_PANEL_OWNER));
    return () => {
      for (const release of releases) release();
    };
  }
}
