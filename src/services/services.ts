/**
 * Every long-lived, non-React object of the app and the commands on them, made once by the
 * composition root (src/app) and handed to React through context. Services own the worker's
 * connection and the ingest; stores only hold state that services and views set.
 */
import type { Connection } from '../mqtt/connection';
import { Ingest } from '../ingest/ingest';
import { ChartSampler } from '../ingest/chart-sampler';
import type { PublishOptions, PublishResult } from '../domain/mqtt-types';
import { loadLimits, useSettingsStore } from '../stores/settings-store';
import { useConnectionStore } from '../stores/connection-store';
import { BrokerStatsService } from './broker-stats';
import { ChartSeriesService } from './chart-series';
import { ConnectionService } from './connection-service';
import { DataSwitch } from './data-switch';
import { DecodingService } from './decoding-service';
import { LiveData } from './live-data';
import { loadOnce } from './load-once';
import { PacketTimelineService } from './packet-timeline';
import type { Publishing } from './publishing';
import { createRecordingsService, type RecordingsService } from './recordings';
import { RetainedService } from './retained-service';
import { ScenarioService } from './scenario-service';
import { SubscriptionRegistry } from './subscription-registry';
import { TrafficService } from './traffic-service';

export interface Services {
  live: LiveData;
  connection: ConnectionService;
  subscriptions: SubscriptionRegistry;
  /** One publish from the page's connection; resolves with the broker's answer. */
  publish(topic: string, payload: Uint8Array, options: PublishOptions): Promise<PublishResult>;
  /**
   * Commands, the generator, the message library and the publish history: loaded apart from the
   * first bundle on the first call (the Publish panel makes it), the same promise after; a failed
   * load is tried again on the next call.
   */
  publishing(): Promise<Publishing>;
  retained: RetainedService;
  charts: ChartSeriesService;
  packets: PacketTimelineService;
  traffic: TrafficService;
  broker: BrokerStatsService;
  scenarios: ScenarioService;
  /** Decode rules, .proto schemas and decoded payloads (Sparkplug B, Protobuf, CBOR, …). */
  decoding: DecodingService;
  /** Record, open, replay, import and export recordings. */
  recordings: RecordingsService;
}

/** Wires the services around one connection (the page's worker in the app). */
export function createServices(connection: Connection): Services {
  const ingest = new Ingest(loadLimits());
  const live = new LiveData(ingest);
  const decoding = new DecodingService(connection, live.reader);
  decoding.start();
  // A series' kept history is read through the same decoders as the worker reads new messages.
  const sampler = new ChartSampler(ingest, undefined, (message) => decoding.chartDocument(message));
  // The charted fields are read in the worker; the page takes their values from each batch.
  sampler.onFieldsChange((version, fields) => connection.setChartFields(version, fields));
  const charts = new ChartSeriesService(sampler);
  const traffic = new TrafficService(ingest);
  const packets = new PacketTimelineService(connection);
  // What the views show: live data, or a recording (then live data is kept aside, unmixed).
  const dataSwitch = new DataSwitch(ingest, sampler, traffic, packets);
  connection.on('batch', (batch) => dataSwitch.liveIngest.ingestBatch(batch));
  useSettingsStore.subscribe((state, previous) => {
    if (state.limits !== previous.limits) dataSwitch.setLimits(state.limits);
  });
  const subscriptions = new SubscriptionRegistry(connection, dataSwitch);
  // The publishing services and the database code (idb) are not in the first bundle.
  const publishing = loadOnce(() =>
    import('./publishing').then((m) =>
      m.createPublishing({ connection, subscriptions, liveMessages: dataSwitch.liveMessages }),
    ),
  );
  return {
    live,
    connection: new ConnectionService(connection, subscriptions, dataSwitch),
    subscriptions,
    publish: (topic, payload, options) => connection.publish(topic, payload, options),
    publishing,
    retained: new RetainedService(connection, {
      topics: () => dataSwitch.liveIngest.topics.entries(),
    }),
    charts,
    packets,
    traffic,
    broker: new BrokerStatsService(subscriptions, charts),
    scenarios: new ScenarioService(),
    decoding,
    recordings: createRecordingsService({
      connection,
      screen: dataSwitch,
      isConnected: () => useConnectionStore.getState().phase === 'connected',
    }),
  };
}
