import { useEffect, useRef, useState } from 'react';
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { getRuntime } from '../../app/runtime';
import { CHART_REFRESH_MS } from '../../ingest/limits';
import { CHART_WINDOWS_MS, useChartsStore, type ChartSpec } from '../../stores/charts-store';
import { pointsInWindow, toCsv, type Point, type SeriesSummary } from './series-points';

const CHART_HEIGHT_PX = 220;
const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });

interface Drawn {
  key: string;
  points: Point[];
  summary: SeriesSummary | undefined;
  skipped: number;
}

const windowLabel = (ms: number) =>
  ms === 0
    ? 'All kept'
    : ms < 60_000
      ? `${ms / 1000} s`
      : ms < 3_600_000
        ? `${ms / 60_000} min`
        : '1 h';
const timeLabel = (ms: number) => new Date(ms).toLocaleTimeString('en-GB', { hour12: false });

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Redrawn on a timer from downsampled rings, never per message, and not while off screen. */
export function ChartCard({ chart }: { chart: ChartSpec }) {
  const { sampler } = getRuntime();
  const removeChart = useChartsStore((s) => s.removeChart);
  const toggleSeries = useChartsStore((s) => s.toggleSeries);
  const setWindow = useChartsStore((s) => s.setWindow);
  const figureRef = useRef<HTMLElement>(null);
  const [widthPx, setWidthPx] = useState(600);
  const [paused, setPaused] = useState(false);
  const [drawn, setDrawn] = useState<Drawn[]>([]);
  const [domain, setDomain] = useState<[number, number]>([0, 1]);

  useEffect(() => {
    const element = figureRef.current;
    if (!element) return;
    let visible = true;
    const observer = new IntersectionObserver(([e]) => (visible = e?.isIntersecting ?? true));
    observer.observe(element);
    const resize = new ResizeObserver(([e]) => {
      if (e) setWidthPx(Math.max(200, Math.floor(e.contentRect.width)));
    });
    resize.observe(element);
    let lastVersions = '';
    const redraw = () => {
      if (!visible || paused) return;
      const now = Date.now();
      const series = chart.series.map((s) => sampler.track(s.topic, s.path));
      const versions = series.map((s) => s.version).join(',') + `|${chart.windowMs}|${widthPx}`;
      // Nothing new and a fixed "all" window: skip the redraw.
      if (versions === lastVersions && chart.windowMs === 0) return;
      lastVersions = versions;
      let from = chart.windowMs === 0 ? Number.NEGATIVE_INFINITY : now - chart.windowMs;
      if (chart.windowMs === 0) {
        from = Math.min(...series.map((s) => (s.ring.size > 0 ? s.ring.timeAt(0)! : now)));
      }
      setDomain([from, now]);
      setDrawn(
        series.map((s) => ({
          key: s.key,
          skipped: s.skipped,
          ...pointsInWindow(s.ring, from, now, widthPx),
        })),
      );
    };
    redraw();
    const timer = setInterval(redraw, CHART_REFRESH_MS);
    return () => {
      clearInterval(timer);
      observer.disconnect();
      resize.disconnect();
    };
  }, [chart, sampler, paused, widthPx]);

  const name = chart.series.map((s) => `${s.topic} ${s.path}`).join(', ');
  const exportCsv = () => {
    const rows = chart.series.map((s, i) => ({
      series: `${s.topic} ${s.path}`,
      points: (drawn[i]?.points ?? []).map((p) => [p.t, p.v] as [number, number]),
    }));
    const full = chart.series.map((s) => {
      const ring = sampler.track(s.topic, s.path).ring;
      const range = ring.copyRange(domain[0], domain[1]);
      return {
        series: `${s.topic} ${s.path}`,
        points: Array.from(range.xs, (t, i) => [t, range.ys[i]!] as [number, number]),
      };
    });
    download(`brokerscope-chart-${chart.id}.csv`, toCsv(full.length ? full : rows));
  };

  return (
    <figure ref={figureRef} className="chart-card" aria-label={`Chart of ${name}`}>
      <figcaption className="chart-head">
        <span className="chart-title">{name}</span>
        <span className="row-actions">
          <select
            aria-label="Time window"
            value={chart.windowMs}
            onChange={(e) => setWindow(chart.id, Number(e.target.value))}
          >
            {CHART_WINDOWS_MS.map((ms) => (
              <option key={ms} value={ms}>
                {windowLabel(ms)}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="small"
            aria-pressed={paused}
            onClick={() => setPaused(!paused)}
          >
            {paused ? 'Follow live' : 'Pause chart'}
          </button>
          <button type="button" className="small" onClick={exportCsv}>
            Export CSV
          </button>
          <button
            type="button"
            className="small"
            onClick={() => removeChart(chart.id)}
            aria-label={`Remove chart of ${name}`}
          >
            ✕
          </button>
        </span>
      </figcaption>
      <LineChart
        width={widthPx}
        height={CHART_HEIGHT_PX}
        margin={{ top: 8, right: 16, bottom: 4, left: 0 }}
      >
        <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
        <XAxis
          dataKey="t"
          type="number"
          domain={domain}
          scale="time"
          tickFormatter={timeLabel}
          allowDuplicatedCategory={false}
          stroke="var(--muted)"
        />
        <YAxis dataKey="v" domain={['auto', 'auto']} width={56} stroke="var(--muted)" />
        <Tooltip
          labelFormatter={(t) => new Date(Number(t)).toLocaleTimeString('en-GB', { hour12: false })}
          formatter={(v) => number.format(Number(v))}
          isAnimationActive={false}
        />
        {chart.series.map((s, i) =>
          s.hidden ? null : (
            <Line
              key={`${s.topic}|${s.path}`}
              data={drawn[i]?.points ?? []}
              dataKey="v"
              name={`${s.topic} ${s.path}`}
              stroke={s.color}
              dot={false}
              isAnimationActive={false}
              strokeWidth={1.5}
            />
          ),
        )}
      </LineChart>
      <table className="legend">
        <thead>
          <tr>
            <th scope="col">Series</th>
            <th scope="col">Last</th>
            <th scope="col">Min</th>
            <th scope="col">Max</th>
            <th scope="col">Avg</th>
            <th scope="col">Skipped</th>
          </tr>
        </thead>
        <tbody>
          {chart.series.map((s, i) => {
            const d = drawn[i];
            return (
              <tr key={`${s.topic}|${s.path}`}>
                <td>
                  <label className="checkbox">
                    <input
                      type="checkbox"
                      checked={!s.hidden}
                      onChange={() => toggleSeries(chart.id, s.topic, s.path)}
                    />
                    <span className="swatch" style={{ background: s.color }} aria-hidden="true" />
                    {s.topic} {s.path}
                  </label>
                </td>
                <td>{d?.summary ? number.format(d.summary.last) : '–'}</td>
                <td>{d?.summary ? number.format(d.summary.min) : '–'}</td>
                <td>{d?.summary ? number.format(d.summary.max) : '–'}</td>
                <td>{d?.summary ? number.format(d.summary.avg) : '–'}</td>
                <td>{d ? d.skipped : 0}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </figure>
  );
}
