import { beforeEach, describe, expect, it } from 'vitest';
import { Ingest } from '../ingest/ingest';
import { ChartSampler } from '../ingest/chart-sampler';
import { useChartsStore } from '../stores/charts-store';
import { ChartSeriesService } from './chart-series';

const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

let ingest: Ingest;
let sampler: ChartSampler;
let charts: ChartSeriesService;

beforeEach(() => {
  useChartsStore.setState(useChartsStore.getInitialState(), true);
  ingest = new Ingest();
  sampler = new ChartSampler(ingest);
  charts = new ChartSeriesService(sampler);
  charts.start();
});

describe('ChartSeriesService', () => {
  it('charts a field from the kept history, then from new messages', () => {
    ingest.ingestOne('t', json({ v: 1 }), 0, 1_000);
    const id = charts.addSeries('t', 'v');
    expect(useChartsStore.getState().charts).toMatchObject([{ id, series: [{ topic: 't' }] }]);
    ingest.ingestOne('t', json({ v: 2 }), 0, 2_000);
    expect(charts.samples('t', 'v')?.ring.size).toBe(2);
  });

  it('removing a series stops its sampling for good; reading never brings it back', () => {
    const id = charts.addSeries('t', 'v');
    charts.removeSeries(id, 't', 'v');
    expect(useChartsStore.getState().charts).toEqual([]);
    expect(charts.samples('t', 'v')).toBeUndefined();
    ingest.ingestOne('t', json({ v: 3 }), 0, 3_000);
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
    ingest.ingestOne('p/1/t', json({ v: 1 }), 0, 1_000);
    await Promise.resolve();
    expect(useChartsStore.getState().charts[0]!.series.map((s) => s.topic)).toEqual(['p/1/t']);
    charts.removeChart(id);
    ingest.ingestOne('p/2/t', json({ v: 1 }), 0, 2_000);
    await Promise.resolve();
    expect(useChartsStore.getState().charts).toEqual([]);
    expect(charts.wildcard('p/+/t', 'v')).toBeUndefined();
  });
});
