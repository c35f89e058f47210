import { useEffect, useState } from 'react';
import { POINTS_PER_SERIES_CHOICES, type PointsPerSeries } from '../../domain/chart-specs';
import { useServices } from '../../hooks/services-context';
import { useChartsStore } from '../../stores/charts-store';
import { chartMemoryText } from './chart-memory';

/** The memory line is read again this often (ms): the points held grow as messages arrive. */
const MEMORY_REFRESH_MS = 1000;
const count = new Intl.NumberFormat('en-US');

const isChoice = (n: number): n is PointsPerSeries =>
  (POINTS_PER_SERIES_CHOICES as readonly number[]).includes(n);

/** How many samples each series keeps (settable), and the memory the rings take for them. */
export function SeriesMemory() {
  const { charts } = useServices();
  const points = useChartsStore((s) => s.pointsPerSeries);
  const [memory, setMemory] = useState(() => charts.memory());

  useEffect(() => {
    setMemory(charts.memory());
    const timer = setInterval(() => setMemory(charts.memory()), MEMORY_REFRESH_MS);
    return () => clearInterval(timer);
  }, [charts, points]);

  const text = chartMemoryText(memory);
  return (
    <div className="series-memory">
      <label className="inline">
        <span>Points kept per series</span>
        <select
          value={points}
          onChange={(e) => {
            const next = Number(e.target.value);
            if (isChoice(next)) charts.setPointsPerSeries(next);
          }}
        >
          {POINTS_PER_SERIES_CHOICES.map((n) => (
            <option key={n} value={n}>
              {count.format(n)}
            </option>
          ))}
        </select>
      </label>
      <p className="muted">
        <span aria-hidden="true">Chart memory: </span>
        <output aria-label="Chart memory">{text.bytes}</output> {text.detail}
      </p>
    </div>
  );
}
