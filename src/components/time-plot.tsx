/**
 * The one plot frame of the app: a time axis with clock ticks, a value axis, a grid and one line
 * per series, without animation. Charts, traffic and broker plots all draw through it.
 */
import { CartesianGrid, Line, LineChart, XAxis, YAxis } from 'recharts';
import { tickTime, timeTicks } from '../domain/time-format';

export interface PlotPoint {
  t: number;
  v: number;
}

export interface PlotLine {
  key: string;
  name: string;
  color: string;
  points: PlotPoint[];
}

type Bound = number | 'auto';

export interface TimePlotProps {
  widthPx: number;
  heightPx: number;
  fromMs: number;
  toMs: number;
  lines: PlotLine[];
  /** Value axis range; 'auto' follows the data. */
  yDomain?: [Bound, Bound];
  /** Cut lines at a fixed range instead of widening it. */
  clipY?: boolean;
  yAxisWidthPx?: number;
  formatY?: (v: number) => string;
  margin?: { top: number; right: number; bottom: number; left?: number };
}

/** The right margin leaves room for the last tick's label, centred on the axis end. */
const DEFAULT_MARGIN = { top: 8, right: 32, bottom: 4 };

export function TimePlot({
  widthPx,
  heightPx,
  fromMs,
  toMs,
  lines,
  yDomain = ['auto', 'auto'],
  clipY = false,
  yAxisWidthPx = 64,
  formatY,
  margin = DEFAULT_MARGIN,
}: TimePlotProps) {
  return (
    <LineChart width={widthPx} height={heightPx} margin={margin}>
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
        domain={yDomain}
        allowDataOverflow={clipY}
        width={yAxisWidthPx}
        tickFormatter={formatY}
        stroke="var(--muted)"
      />
      {lines.map((l) => (
        <Line
          key={l.key}
          data={l.points}
          dataKey="v"
          name={l.name}
          stroke={l.color}
          dot={false}
          isAnimationActive={false}
          strokeWidth={1.5}
        />
      ))}
    </LineChart>
  );
}
