import { useState } from 'react';
import { findNumericFields } from '../../domain/json-fields';
import type { StoredMessage } from '../../domain/stored-message';
import { useServices } from '../../hooks/services-context';
import { useChartsStore } from '../../stores/charts-store';
import { visibleText } from '../../domain/visible-text';

const MAX_BUTTONS = 40;

/** One "Chart <path>" button per numeric field of the payload (true/false as 1/0 on request). */
export function ChartButtons({ message, json }: { message: StoredMessage; json: unknown }) {
  const charts = useChartsStore((s) => s.charts);
  const reveal = useChartsStore((s) => s.reveal);
  const { charts: chartSeries } = useServices();
  const [target, setTarget] = useState<string>('new');
  const [booleans, setBooleans] = useState(false);
  if (json === undefined) return null;
  const plain = findNumericFields(json, { maxFields: MAX_BUTTONS });
  const withBooleans = findNumericFields(json, { maxFields: MAX_BUTTONS, includeBooleans: true });
  const hasBooleans = withBooleans.length > plain.length;
  const fields = booleans ? withBooleans : plain;
  if (fields.length === 0 && !hasBooleans) return null;
  const targetId = target === 'new' ? undefined : Number(target);
  return (
    <div className="chart-buttons">
      <h3>Chart a value</h3>
      {charts.length > 0 && (
        <label className="inline">
          <span aria-hidden="true">Add to</span>
          <select
            aria-label="Chart into"
            value={target}
            onChange={(e) => setTarget(e.target.value)}
          >
            <option value="new">a new chart</option>
            {charts.map((c) => (
              <option key={c.id} value={c.id}>
                chart {c.id}: {visibleText(c.series.map((s) => s.path).join(', '))}
              </option>
            ))}
          </select>
        </label>
      )}
      {hasBooleans && (
        <label className="checkbox">
          <input
            type="checkbox"
            checked={booleans}
            onChange={(e) => setBooleans(e.target.checked)}
          />
          Booleans as 0/1
        </label>
      )}
      <div className="button-row">
        {fields.map((f) => (
          <button
            key={f.path}
            type="button"
            className="small"
            onClick={() =>
              reveal(chartSeries.addSeries(message.topic, f.path, targetId, { booleans }))
            }
          >
            Chart {visibleText(f.path)}
          </button>
        ))}
      </div>
    </div>
  );
}
