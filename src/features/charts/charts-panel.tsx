import { useChartsStore } from '../../stores/charts-store';
import { AddSeriesForm } from './add-series-form';
import { ChartCard } from './chart-card';
import { SeriesMemory } from './series-memory';
import { TrafficCharts } from './traffic-panel';

export function ChartsPanel() {
  const charts = useChartsStore((s) => s.charts);
  return (
    <section className="panel" aria-label="Charts">
      <div className="panel-head">
        <h2>Charts</h2>
        <span className="muted">{charts.length} charts</span>
      </div>
      <AddSeriesForm />
      <SeriesMemory />
      {charts.length === 0 && (
        <p className="muted">
          Select a message with numbers in it, then press a “Chart …” button in Message details, or
          name a topic (wildcards welcome) and a field above.
        </p>
      )}
      <div className="chart-grid">
        {charts.map((chart) => (
          <ChartCard key={chart.id} chart={chart} />
        ))}
      </div>
      <TrafficCharts />
    </section>
  );
}
