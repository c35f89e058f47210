import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Ingest } from '../ingest/ingest';
import { ChartSampler } from '../ingest/chart-sampler';
import { MessageBatcher } from '../mqtt/message-batcher';
import { ChartFieldExtractor, type ChartField } from '../domain/chart-values';
import { useChartsStore } from '../stores/charts-store';
import { useStorageForTests } from '../stores/persisted';
import { ChartSeriesService } from './chart-series';

const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
/** Lets queued microtasks run: the field list reaches the worker, discoveries the service. */
const tick = () => Promise.resolve();

let ingest: Ingest;
let sampler: ChartSampler;
let charts: ChartSeriesService;
/** The worker's side, in-process: it reads the fields the sampler lists. */
let extractor: ChartFieldExtractor;
let batcher: MessageBatcher;
let fields: ChartField[];

/** One message through the worker's batcher into the page's ingest. */
function receive(topic: string, payload: Uint8Array, receivedAtMs: number): void {
  batcher.add(topic, payload, 0, receivedAtMs);
  ingest.ingestBatch(batcher.take());
}

beforeEach(() => {
  useChartsStore.setState(useChartsStore.getInitialState(), true);
  ingest = new Ingest();
  sampler = new ChartSampler(ingest);
  extractor = new ChartFieldExtractor();
  batcher = new MessageBatcher(1000, 1_000_000, extractor);
  fields = [];
  sampler.onFieldsChange((version, list) => {
    fields = list;
    extractor.setFields(version, list);
  });
  charts = new ChartSeriesService(sampler);
  charts.start();
});

afterEach(() => vi.restoreAllMocks());

describe('ChartSeriesService', () => {
  it('charts a field from the kept history, then from the values the worker reads', async () => {
    receive('t', json({ v: 1 }), 1_000);
    const id = charts.addSeries('t', 'v');
    expect(useChartsStore.getState().charts).toMatchObject([{ id, series: [{ topic: 't' }] }]);
    await tick();
    expect(fields).toMatchObject([{ match: 't', path: 'v' }]);
    const parse = vi.spyOn(JSON, 'parse');
    batcher.add('t', json({ v: 2 }), 0, 2_000);
    const batch = batcher.take();
    parse.mockClear();
    ingest.ingestBatch(batch);
    expect(parse).not.toHaveBeenCalled();
    expect(charts.samples('t', 'v')?.ring.size).toBe(2);
  });

  it('removing a series stops its sampling for good; reading never brings it back', async () => {
    const id = charts.addSeries('t', 'v');
    await tick();
    expect(fields).toHaveLength(1);
    charts.removeSeries(id, 't', 'v');
    await tick();
    expect(useChartsStore.getState().charts).toEqual([]);
    expect(charts.samples('t', 'v')).toBeUndefined();
    // The worker no longer reads it.
    expect(fields).toEqual([]);
    batcher.add('t', json({ v: 3 }), 0, 3_000);
    const batch = batcher.take();
    expect(batch.chart!.values.length).toBe(0);
    ingest.ingestBatch(batch);
    expect(charts.samples('t', 'v')).toBeUndefined();
    expect(sampler.get('t', 'v')).toBeUndefined();
  });

  it("a panel's hold keeps a series sampled after its chart goes, and lets go after", () => {
    const release = charts.hold('$SYS/c', 'value');
    const id = charts.addSeries('$SYS/c', 'value');
    charts.removeChart(id);
    expect(charts.samples('$SYS/c', 'value')).toBeDefined();
    release();
    expect(charts.samples('$SYS/c', 'value')).toBeUndefined();
  });

  it('a chart keeps sampling a series after the panel that also held it closes', () => {
    const release = charts.hold('$SYS/c', 'value');
    charts.addSeries('$SYS/c', 'value');
    release();
    expect(charts.samples('$SYS/c', 'value')).toBeDefined();
  });

  it('a wildcard spec adds a series per new matching topic, and stops when removed', async () => {
    const id = charts.addWildcard('p/+/t', 'v');
    await tick();
    receive('p/1/t', json({ v: 1 }), 1_000);
    await tick();
    expect(useChartsStore.getState().charts[0]!.series.map((s) => s.topic)).toEqual(['p/1/t']);
    receive('p/1/t', json({ v: 2 }), 1_500);
    expect(Array.from(charts.samples('p/1/t', 'v')!.ring.copyRange(0, 10_000).ys)).toEqual([1, 2]);
    charts.removeChart(id);
    await tick();
    expect(fields).toEqual([]);
    receive('p/2/t', json({ v: 1 }), 2_000);
    await tick();
    expect(useChartsStore.getState().charts).toEqual([]);
    expect(charts.wildcard('p/+/t', 'v')).toBeUndefined();
  });
});

describe('ChartSeriesService points kept per series', () => {
  const items = new Map<string, string>();
  beforeEach(() => {
    items.clear();
    useStorageForTests({
      getItem: (key) => items.get(key) ?? null,
      setItem: (key, value) => void items.set(key, value),
      removeItem: (key) => void items.delete(key),
    });
  });
  afterEach(() => useStorageForTests(undefined));

  it('resizes the rings, keeps the choice, and sizes rings with it after a reload', () => {
    expect(useChartsStore.getState().pointsPerSeries).toBe(100_000);
    charts.addSeries('t', 'v');
    expect(charts.memory()).toMatchObject({ series: 1, allocatedBytes: 1_600_000 });
    charts.setPointsPerSeries(10_000);
    expect(charts.samples('t', 'v')?.ring.capacity).toBe(10_000);
    expect(useChartsStore.getState().pointsPerSeries).toBe(10_000);
    expect(items.get('brokerscope.chartPoints')).toBe('10000');
    expect(charts.memory().allocatedBytes).toBe(160_000);

    // The next visit: the stored charts come back with rings of the stored size.
    useChartsStore.setState(useChartsStore.getInitialState(), true);
    const next = new ChartSeriesService(new ChartSampler(new Ingest()));
    next.start();
    expect(useChartsStore.getState().pointsPerSeries).toBe(10_000);
    expect(next.samples('t', 'v')?.ring.capacity).toBe(10_000);
  });
});
