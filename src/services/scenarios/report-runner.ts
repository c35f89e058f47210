/**
 * "Run all": every scenario and probe against the page's broker, a few at a time (each with its
 * own clients and topics, closed at the end), then the measurements alone; progress as it goes,
 * Stop at any time. Each row's status comes from what its run saw, never from the broker's name.
 */
import type { BrokerReport, ReportRow, RowStatus } from '../report-card';
import {
  connackProbe,
  latencyProbe,
  rateProbe,
  sysProbe,
  type Observation,
  type ReportProbe,
} from './report-probes';
import { runScenario } from './scenario-runner';
import { ok } from './scenario-helpers';
import type {
  ScenarioDefinition,
  ScenarioEnv,
  ScenarioOutcome,
  ScenarioParams,
} from './scenario-types';
import { REPORT_SCENARIOS } from './scenarios';

/** Checks run this many at a time (each has two to four clients). */
const CONCURRENCY = 6;
/**
 * Run alone after the others: their verdict is a time the broker takes, which other clients'
 * traffic can stretch (Mosquitto 2.0 dropped a silent client after 9 s instead of 4.5 s while
 * the other scenarios ran beside it, and on time alone).
 */
const TIMED_ALONE = new Set(['keepalive']);

/** The report rows of the scenarios written before the report card. */
const EARLIER_ROWS: Record<string, { feature: string; spec: string }> = {
  'events-commands': {
    feature: 'Request/response (response topic, correlation data)',
    spec: 'MQTT 5 forwards Response Topic and Correlation Data unaltered; on 3.1.1 they travel in the payload.',
  },
  qos: {
    feature: 'QoS 0, 1 and 2 and offline queueing',
    spec: 'QoS 1 arrives at least once, QoS 2 exactly once; a persistent session keeps QoS 1/2 messages for an offline client, QoS 0 may be lost.',
  },
  retained: {
    feature: 'Retained messages',
    spec: 'The last retained message goes to each new subscriber; an empty retained message clears it.',
  },
  'last-will': {
    feature: 'Last will (and will delay)',
    spec: 'A client gone without DISCONNECT has its will published; MQTT 5 may delay it by the Will Delay Interval.',
  },
  wildcards: {
    feature: 'Wildcards + and #, $ topics',
    spec: '+ matches one level, # any number (the parent too); a filter starting with a wildcard matches no topic starting with $.',
  },
  shared: {
    feature: 'Shared subscriptions',
    spec: 'MQTT 5: $share/<group>/<filter> hands each message to one member of the group.',
  },
  expiry: {
    feature: 'Message expiry',
    spec: 'MQTT 5: a message not delivered within its Message Expiry Interval is dropped; the rest arrive with the time left.',
  },
  'no-local-retain-handling': {
    feature: 'No Local and Retain Handling',
    spec: 'MQTT 5: No Local keeps a client’s own messages from it; Retain Handling 1 sends retained messages only on a new subscription, 2 never.',
  },
};

export function scenarioRowBase(definition: ScenarioDefinition): { feature: string; spec: string } {
  return definition.report ?? EARLIER_ROWS[definition.id] ?? { feature: definition.name, spec: '' };
}

/** A scenario's outcome as a report row's status and observation. */
export function rowFromOutcome(outcome: ScenarioOutcome | undefined): Observation {
  if (!outcome) return { status: 'could not test', observed: 'it did not run' };
  if (outcome.untested !== undefined)
    return { status: 'could not test', observed: outcome.untested };
  const strip = (prefix: string) =>
    outcome.text.startsWith(prefix) ? outcome.text.slice(prefix.length) : outcome.text;
  const status: RowStatus =
    outcome.kind === 'ok'
      ? 'supported'
      : outcome.kind === 'unsupported'
        ? 'not supported'
        : outcome.kind === 'failed'
          ? 'differs from the spec'
          : 'could not test';
  return {
    status,
    observed: strip(
      outcome.kind === 'unsupported'
        ? 'Not supported: '
        : outcome.kind === 'failed'
          ? 'Failed: '
          : '',
    ),
  };
}

export interface ReportProgress {
  /** Checks finished and in all. */
  done: number;
  total: number;
  /** Names of the checks running now. */
  running: string[];
  /** The report so far (rows of checks not yet run are left out). */
  report: BrokerReport;
}

export interface ReportRunOptions {
  /** A fresh scenario environment (its own run ID) for each check. */
  env: () => ScenarioEnv;
  params?: ScenarioParams;
  /** Include the latency and rate measurements (about 25 s more). */
  measurements?: boolean;
  onProgress?: (progress: ReportProgress) => void;
  signal?: AbortSignal;
  /** For tests: the scenarios to run (all by default). */
  scenarios?: readonly ScenarioDefinition[];
}

interface Check {
  name: string;
  rows: Array<{ id: string; feature: string; spec: string; note: string }>;
  run(env: ScenarioEnv, signal?: AbortSignal): Promise<Map<string, Observation>>;
}

function probeCheck(probe: ReportProbe): Check {
  return {
    name: probe.name,
    rows: probe.rows,
    async run(env, signal) {
      let found = new Map<string, Observation>();
      const definition: ScenarioDefinition = {
        id: probe.id,
        name: probe.name,
        explanation: [],
        tryIt: { region: 'Report card', text: '' },
        async run(ctx) {
          found = await probe.run(ctx);
          return ok(`${found.size} observations`);
        },
      };
      const final = await runScenario(definition, env, () => undefined, signal);
      const untested = final.outcome?.kind !== 'ok' ? rowFromOutcome(final.outcome) : undefined;
      const out = new Map<string, Observation>();
      for (const row of probe.rows)
        out.set(
          row.id,
          found.get(row.id) ??
            (untested?.status === 'could not test'
              ? untested
              : { status: 'could not test', observed: untested?.observed ?? 'not observed' }),
        );
      return out;
    },
  };
}

function scenarioCheck(definition: ScenarioDefinition): Check {
  const id = `scenario:${definition.id}`;
  const base = scenarioRowBase(definition);
  return {
    name: definition.name,
    rows: [
      {
        id,
        ...base,
        note: `Scenario “${definition.name}” (run it under Scenarios for its steps and packets).`,
      },
    ],
    async run(env, signal) {
      const final = await runScenario(definition, env, () => undefined, signal);
      return new Map([[id, rowFromOutcome(final.outcome)]]);
    },
  };
}

export async function runReportCard(options: ReportRunOptions): Promise<BrokerReport> {
  const first = options.env();
  const startedMs = Date.now();
  const measured = options.measurements !== false;
  const scenarios = options.scenarios ?? REPORT_SCENARIOS;
  const parallel: Check[] = [
    probeCheck(connackProbe),
    probeCheck(sysProbe),
    ...scenarios.filter((s) => !TIMED_ALONE.has(s.id)).map(scenarioCheck),
  ];
  const alone: Check[] = [
    ...scenarios.filter((s) => TIMED_ALONE.has(s.id)).map(scenarioCheck),
    ...(measured ? [probeCheck(latencyProbe), probeCheck(rateProbe)] : []),
  ];
  // Rows in the order of the catalog, whichever group ran them.
  const all = [
    ...parallel.slice(0, 2),
    ...scenarios.map((s) =>
      [...parallel, ...alone].find((c) => c.rows[0]?.id === `scenario:${s.id}`),
    ),
    ...alone.filter((c) => !c.rows[0]?.id.startsWith('scenario:')),
  ].filter((c): c is Check => c !== undefined);
  const results = new Map<Check, Map<string, Observation>>();
  const running = new Set<Check>();

  const report = (complete: boolean): BrokerReport => {
    const rows: ReportRow[] = [];
    for (const check of all) {
      const found = results.get(check);
      if (!found) {
        if (!complete) continue;
        for (const row of check.rows)
          rows.push({ ...row, status: 'could not test', observed: 'stopped before it ran' });
        continue;
      }
      for (const row of check.rows) {
        const seen = found.get(row.id) ?? {
          status: 'could not test' as const,
          observed: 'not observed',
        };
        rows.push({
          ...row,
          status: seen.status,
          observed: seen.observed,
          note: seen.note ?? row.note,
        });
      }
    }
    return {
      format: 1,
      id: `${startedMs.toString(36)}-${first.runId}`,
      brokerUrl: first.base.url,
      protocolVersion: first.base.protocolVersion,
      startedAt: new Date(startedMs).toISOString(),
      durationMs: Date.now() - startedMs,
      complete: results.size === all.length,
      measured,
      rows,
    };
  };
  const progress = () =>
    options.onProgress?.({
      done: results.size,
      total: all.length,
      running: [...running].map((c) => c.name),
      report: report(false),
    });

  const runOne = async (check: Check) => {
    running.add(check);
    progress();
    const env = { ...options.env(), params: options.params };
    try {
      results.set(check, await check.run(env, options.signal));
    } catch (error) {
      const observed = (error as Error).message;
      results.set(
        check,
        new Map(check.rows.map((r) => [r.id, { status: 'could not test' as const, observed }])),
      );
    }
    running.delete(check);
    progress();
  };

  progress();
  const queue = [...parallel];
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let check = queue.shift(); check; check = queue.shift()) {
        if (options.signal?.aborted) return;
        await runOne(check);
      }
    }),
  );
  for (const check of alone) {
    if (options.signal?.aborted) break;
    await runOne(check);
  }
  const final = report(true);
  return final;
}
