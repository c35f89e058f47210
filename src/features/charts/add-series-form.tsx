import { useState, type FormEvent } from 'react';
import { parsePath } from '../../domain/json-fields';
import { validateTopicFilter } from '../../domain/topic-filter';
import { useServices } from '../../hooks/services-context';
import { useChartsStore } from '../../stores/charts-store';

/** Checks a field path; null when it can name a field. */
function pathProblem(path: string): string | null {
  if (path.trim() === '')
    return 'Enter a field path, e.g. celsius or sensors[0].value (value for a bare number).';
  try {
    parsePath(path);
    return null;
  } catch {
    return `“${path}” is not a field path: use names, dots and [index], e.g. sensors[0].value.`;
  }
}

/**
 * A topic (or a filter with + and #) plus a field path: a filter makes one series per matching
 * topic, now and as new topics appear.
 */
export function AddSeriesForm() {
  const charts = useChartsStore((s) => s.charts);
  const services = useServices();
  const [filter, setFilter] = useState('');
  const [path, setPath] = useState('');
  const [target, setTarget] = useState('new');
  const [booleans, setBooleans] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problem = validateTopicFilter(filter) ?? pathProblem(path);
    if (problem) {
      setError(problem);
      return;
    }
    setError(undefined);
    const chartId = target === 'new' ? undefined : Number(target);
    const opts = { booleans };
    if (/(^|\/)[+#](\/|$)/.test(filter)) {
      services.charts.addWildcard(filter, path.trim(), chartId, opts);
    } else services.charts.addSeries(filter, path.trim(), chartId, opts);
  };

  return (
    <form className="add-series-form" onSubmit={submit} aria-label="Add a series">
      <label className="inline">
        <span>Series wildcard</span>
        <input
          type="text"
          value={filter}
          placeholder="plant/+/temperature"
          spellCheck={false}
          onChange={(e) => setFilter(e.target.value)}
        />
      </label>
      <label className="inline">
        <span>Field path</span>
        <input
          type="text"
          value={path}
          placeholder="celsius"
          spellCheck={false}
          onChange={(e) => setPath(e.target.value)}
        />
      </label>
      <label className="inline">
        <span aria-hidden="true">Add to chart</span>
        <select
          aria-label="Series chart"
          value={target}
          onChange={(e) => setTarget(e.target.value)}
        >
          <option value="new">a new chart</option>
          {charts.map((c) => (
            <option key={c.id} value={c.id}>
              chart {c.id}
            </option>
          ))}
        </select>
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={booleans} onChange={(e) => setBooleans(e.target.checked)} />
        Booleans as 0/1
      </label>
      <button type="submit" className="small">
        Add series
      </button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </form>
  );
}
