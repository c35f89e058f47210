/**
 * The long-lived, non-React parts of the app: one MQTT connection (in its worker) and one
 * ingest. Created once, on first use.
 */
import { createConnection, type Connection } from '../mqtt/connection';
import { Ingest } from '../ingest/ingest';
import { startFrameLoop } from '../ingest/frame-loop';
import { ChartSampler } from '../ingest/chart-sampler';
import { useLiveStore } from '../stores/live-store';
import { loadLimits } from '../stores/settings-store';

export interface Runtime {
  connection: Connection;
  ingest: Ingest;
  sampler: ChartSampler;
}

let runtime: Runtime | undefined;

export function getRuntime(): Runtime {
  if (runtime) return runtime;
  const ingest = new Ingest(loadLimits());
  const connection = createConnection();
  connection.on('batch', (batch) => ingest.ingestBatch(batch));
  startFrameLoop(ingest, (snapshot) => useLiveStore.setState(snapshot));
  runtime = { connection, ingest, sampler: new ChartSampler(ingest) };
  return runtime;
}
