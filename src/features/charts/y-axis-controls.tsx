import { useState } from 'react';
import type { ChartSpec } from '../../domain/chart-specs';
import { useServices } from '../../hooks/services-context';
import type { SeriesSummary } from './series-points';

/** Text of a number input -> a bound; empty or unreadable text means "automatic". */
const parseBound = (text: string): number | null => {
  if (text.trim() === '') return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
};

/** "Y axis" Auto or Fixed; when fixed, "Y min" and "Y max" (an empty one stays automatic). */
export function YAxisControls({
  chart,
  summaries,
}: {
  chart: ChartSpec;
  summaries: Array<SeriesSummary | undefined>;
}) {
  const { charts } = useServices();
  const setYAxis = (id: number, min: number | null, max: number | null) =>
    charts.setYAxis(id, min, max);
  const storedFixed = chart.yMin != null || chart.yMax != null;
  const [fixed, setFixed] = useState(storedFixed);
  const [minText, setMinText] = useState(chart.yMin != null ? String(chart.yMin) : '');
  const [maxText, setMaxText] = useState(chart.yMax != null ? String(chart.yMax) : '');

  const choose = (mode: string) => {
    if (mode === 'auto') {
      setFixed(false);
      setYAxis(chart.id, null, null);
      return;
    }
    // Start from what is on screen, so fixing the axis does not jump.
    const shown = summaries.filter((s): s is SeriesSummary => s !== undefined);
    const min = shown.length ? Math.min(...shown.map((s) => s.min)) : 0;
    const max = shown.length ? Math.max(...shown.map((s) => s.max)) : 1;
    const lo = Math.floor(min);
    const hi = Math.ceil(max) > lo ? Math.ceil(max) : lo + 1;
    setFixed(true);
    setMinText(String(lo));
    setMaxText(String(hi));
    setYAxis(chart.id, lo, hi);
  };

  return (
    <span className="inline y-axis-controls">
      <label className="inline">
        <span>Y axis</span>
        <select value={fixed ? 'fixed' : 'auto'} onChange={(e) => choose(e.target.value)}>
          <option value="auto">Auto</option>
          <option value="fixed">Fixed</option>
        </select>
      </label>
      {fixed && (
        <>
          <label className="inline">
            <span>Y min</span>
            <input
              type="number"
              className="y-bound"
              value={minText}
              onChange={(e) => {
                setMinText(e.target.value);
                setYAxis(chart.id, parseBound(e.target.value), parseBound(maxText));
              }}
            />
          </label>
          <label className="inline">
            <span>Y max</span>
            <input
              type="number"
              className="y-bound"
              value={maxText}
              onChange={(e) => {
                setMaxText(e.target.value);
                setYAxis(chart.id, parseBound(minText), parseBound(e.target.value));
              }}
            />
          </label>
        </>
      )}
    </span>
  );
}
