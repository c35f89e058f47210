/**
 * "Run all" against the real aedes 2 (as the app embeds it) and the FakeBroker: every row's
 * status comes from what a run saw; Stop leaves the rest as "could not test".
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { FakeBroker } from '../../test-support/fake-broker';
import { createInProcessConnection } from '../../test-support/in-process-connection';
import { nodeRawLinks } from '../../test-support/raw-links';
import { startTestBroker, type TestBroker } from '../../test-support/test-broker';
import type { BrokerReport } from '../report-card';
import { runReportCard } from './report-runner';
import type { ScenarioEnv } from './scenario-types';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
let runs = 0;

const row = (report: BrokerReport, id: string) => {
  const found = report.rows.find((r) => r.id === id);
  if (!found) throw new Error(`no row ${id}`);
  return found;
};

describe('report card against aedes', { timeout: 120_000 }, () => {
  let broker: TestBroker;
  beforeAll(async () => {
    broker = await startTestBroker();
  });
  afterAll(() => broker?.stop());

  const env =
    (version: 4 | 5): (() => ScenarioEnv) =>
    () => ({
      base: { url: broker.wsUrl, protocolVersion: version },
      createConnection: () => createInProcessConnection(),
      openRawLink: nodeRawLinks,
      sleep,
      now: () => Date.now(),
      runId: `rc${++runs}`,
    });

  it('MQTT 5: every check gives a row with one of the four statuses', async ({ expect }) => {
    const progress: number[] = [];
    const report = await runReportCard({
      env: env(5),
      measurements: true,
      onProgress: (p) => progress.push(p.done),
    });
    expect(report.complete).toBe(true);
    expect(progress.at(-1)).toBe(20);
    expect(report.rows).toHaveLength(31);
    expect(row(report, 'connack:shared-available')).toMatchObject({
      status: 'not supported',
      observed: 'Shared Subscription Available: no',
    });
    expect(row(report, 'scenario:shared').status).toBe('not supported');
    expect(row(report, 'connack:topic-alias-maximum').status).toBe('not supported');
    expect(row(report, 'scenario:topic-alias').status).toBe('not supported');
    expect(row(report, 'connack:assigned-client-id').status).toBe('supported');
    expect(row(report, 'scenario:subscription-ids').status).toBe('differs from the spec');
    expect(row(report, 'scenario:access-control')).toMatchObject({
      status: 'could not test',
      observed: expect.stringMatching(/needs a topic this broker refuses/) as string,
    });
    expect(row(report, 'sys').status).toBe('supported');
    for (const qos of [0, 1, 2])
      expect(row(report, `latency:qos${qos}`).observed).toMatch(
        /^p50 \d+ ms, p99 \d+ ms over 1,000 messages/,
      );
    // In-process, producer and consumer share this thread: no rate may hold, which it says.
    expect(row(report, 'rate').observed).toMatch(
      /msg\/s for 5 s without loss|^no rate held 5 s without loss \([\d,]+ of [\d,]+ lost/,
    );
  });

  it('MQTT 3.1.1: MQTT 5 features and CONNACK properties could not be tested', async ({
    expect,
  }) => {
    const report = await runReportCard({ env: env(4), measurements: false });
    expect(report.rows).toHaveLength(27);
    expect(row(report, 'connack:receive-maximum')).toMatchObject({
      status: 'could not test',
      observed: 'an MQTT 3.1.1 CONNACK has no properties: run the card on MQTT 5.0',
    });
    expect(row(report, 'scenario:expiry').status).toBe('could not test');
    expect(row(report, 'scenario:session-takeover').status).toBe('supported');
    expect(row(report, 'connack:assigned-client-id').status).toBe('supported');
  });
});

describe('report card on the fake broker', { timeout: 60_000 }, () => {
  const fakeEnv = (broker: FakeBroker) => () => ({
    base: { url: 'ws://fake', protocolVersion: 5 as const },
    createConnection: broker.createConnection,
    openRawLink: broker.openRawLink,
    sleep: (ms: number) => sleep(ms / 10),
    now: () => Date.now() * 10,
    runId: `fk${++runs}`,
  });

  it('a broker that gets things right is supported throughout', async ({ expect }) => {
    const broker = new FakeBroker({ speed: 10, refuse: (t) => t.startsWith('secret/') });
    const report = await runReportCard({
      env: fakeEnv(broker),
      params: { refusedTopic: 'secret/plans' },
      measurements: false,
    });
    const notSupported = report.rows.filter((r) => r.status !== 'supported');
    // The fake broker has no $SYS topics beyond its client count… which it does publish.
    expect(notSupported.map((r) => `${r.id}: ${r.observed}`)).toEqual([]);
  });

  it('Stop leaves what did not run as "could not test"', async ({ expect }) => {
    const broker = new FakeBroker({ speed: 10 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const report = await runReportCard({
      env: fakeEnv(broker),
      measurements: false,
      signal: controller.signal,
    });
    expect(report.complete).toBe(false);
    expect(report.rows.length).toBe(27);
    expect(report.rows.some((r) => r.observed === 'stopped before it ran')).toBe(true);
    expect(
      report.rows.every((r) => r.status === 'could not test' || r.status === 'supported'),
    ).toBe(true);
  });
});
