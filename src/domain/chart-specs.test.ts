import { describe, expect, it } from 'vitest';
import {
  chartName,
  emptyChart,
  isCharted,
  isWatched,
  nextChartId,
  toggledSeries,
  withDiscoveries,
  withoutSeries,
  withSeries,
  withWildcard,
  type ChartSpec,
} from './chart-specs';
import { PALETTE } from './palette';

const chart = (id: number, ...topics: string[]): ChartSpec =>
  withSeries(
    emptyChart(id),
    topics.map((topic) => ({ topic, path: 'v' })),
  );

describe('chart specs', () => {
  it('adds series once each, coloured in palette order', () => {
    const c = chart(1, 'a', 'b');
    expect(c.series.map((s) => [s.topic, s.color, s.hidden])).toEqual([
      ['a', PALETTE[0], false],
      ['b', PALETTE[1], false],
    ]);
    expect(withSeries(c, [{ topic: 'a', path: 'v' }])).toBe(c);
  });

  it('removes a series and a chart left empty', () => {
    const charts = [chart(1, 'a', 'b'), chart(2, 'c')];
    const next = withoutSeries(charts, 2, 'c', 'v');
    expect(next.map((c) => c.id)).toEqual([1]);
    expect(isCharted(next, 'c', 'v')).toBe(false);
    expect(isCharted(next, 'a', 'v')).toBe(true);
    expect(withoutSeries(charts, 1, 'a', 'v')[0]!.series.map((s) => s.topic)).toEqual(['b']);
  });

  it('keeps a chart whose only content is a wildcard spec', () => {
    const c = withWildcard(chart(1, 'a'), { filter: 'p/+/t', path: 'v' });
    expect(withWildcard(c, { filter: 'p/+/t', path: 'v' })).toBe(c);
    expect(withoutSeries([c], 1, 'a', 'v')).toHaveLength(1);
    expect(isWatched([c], 'p/+/t', 'v')).toBe(true);
  });

  it('adds discovered topics to the charts whose wildcard found them, with its boolean option', () => {
    const watching = withWildcard(emptyChart(1), { filter: 'p/+/t', path: 'v', booleans: true });
    const other = chart(2, 'x');
    const [a, b] = withDiscoveries(
      [watching, other],
      [{ filter: 'p/+/t', path: 'v', topic: 'p/1/t' }],
    );
    expect(a!.series).toMatchObject([{ topic: 'p/1/t', filter: 'p/+/t', booleans: true }]);
    expect(b).toBe(other);
  });

  it('toggles, names and numbers charts', () => {
    const c = toggledSeries(chart(3, 'a'), 'a', 'v');
    expect(c.series[0]!.hidden).toBe(true);
    expect(nextChartId([chart(3), chart(7)])).toBe(8);
    expect(chartName(withWildcard(chart(1, 'a'), { filter: 'p/#', path: 'w' }))).toBe(
      'a v, p/# w (each matching topic)',
    );
  });
});
