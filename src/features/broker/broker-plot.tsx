import { useElementWidth } from '../../components/use-element-width';
import { CartesianGrid, Line, LineChart, XAxis, YAxis } from 'recharts';
import { tickTime, timeTicks } from '../../domain/time-format';
import { lttb } from '../../domain/downsample';

const PLOT_HEIGHT_PX = 160;

export interface PlotLine {
  name: string;
  color: string;
  xs: ArrayLike<number>;
  ys: ArrayLike<number>;
}

/** A small figure of a few lines, reduced to about one point per pixel of its width. */
export function BrokerPlot({
  label,
  lines,
  fromMs,
  toMs,
  format,
}: {
  label: string;
  lines: PlotLine[];
  fromMs: number;
  toMs: number;
  format: (v: number) => string;
}) {
  const { ref, widthPx } = useElementWidth<HTMLElement>(360);
  return (
    <figure ref={ref} className="chart-card" aria-label={label}>
      <figcaption className="chart-title">{label}</figcaption>
      <LineChart width={widthPx} height={PLOT_HEIGHT_PX} margin={{ top: 8, right: 16, bottom: 4 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
        <XAxis
          dataKey="t"
          type="number"
          domain={[fromMs, toMs]}
          allowDataOverflow
          scale="time"
          tickFormatter={tickTime}
          ticks={timeTicks(fromMs, toMs)}
          interval={0}
          stroke="var(--muted)"
        />
        <YAxis
          dataKey="v"
          domain={[0, 'auto']}
          width={64}
          tickFormatter={format}
          stroke="var(--muted)"
        />
        {lines.map((l) => {
          const reduced = lttb(l.xs, l.ys, widthPx);
          const data = Array.from(reduced.xs, (t, i) => ({ t, v: reduced.ys[i]! }));
          return (
            <Line
              key={l.name}
              data={data}
              dataKey="v"
              name={l.name}
              stroke={l.color}
              dot={false}
              isAnimationActive={false}
              strokeWidth={1.5}
            />
          );
        })}
      </LineChart>
    </figure>
  );
}
