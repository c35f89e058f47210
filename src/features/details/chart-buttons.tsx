import { useState } from 'react';
import { findNumericFields } from '../../domain/numeric-fields';
import type { StoredMessage } from '../../domain/stored-message';
import { useServices } from '../../hooks/services-context';
import { useChartsStore } from '../../stores/charts-store';
import { visibleText } from '../../domain/visible-text';

const MAX_BUTTONS = 40;

/**
 * One "Chart <path>" button per numeric field of the payload or its decoded tree (true/false as
 * 1/0 on request); `chartPaths`, when a decoder gives them, keeps only those fields (a Sparkplug
 * metric's value, not its alias).
 */
export function ChartButtons({
  message,
  json,
  chartPaths,
}: {
  message: StoredMessage;
  json: unknown;
  chartPaths?: readonly string[];
}) {
  const charts = useChartsStore((s) => s.charts);
  const reveal = useChartsStore((s) => s.reveal);
  const { charts: chartSeries } = useServices();
  const [target, setTarget] = useState<string>('new');
  const [booleans, setBooleans] = useState(false);
  if (json === undefined) return null;
  const only = chartPaths ? new Set(chartPaths) : undefined;
  const pick = (includeBooleans: boolean) => {
    const found = findNumericFields(json, {
      maxFields: only ? 10_000 : MAX_BUTTONS,
      includeBooleans,
    });
    return only ? found.filter((f) => only.has(f.path)).slice(0, MAX_BUTTONS) : found;
  };
  const plain = pick(false);
  const withBooleans = pick(true);
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
