/**
 * The one plot frame of the app: a time axis with clock ticks, a value axis, a grid and one line
 * per series, without animation. Charts, traffic and broker plots all draw through it. A chart
 * that draws its lines itself (on a canvas over the plot) passes no lines and hears, through
 * `onFrame`, where the plot area is and which values its edges stand for, as recharts laid
 * them out.
 */
import { memo, useLayoutEffect } from 'react';
import {
  CartesianGrid,
  Line,
  LineChart,
  XAxis,
  YAxis,
  usePlotArea,
  useXAxisDomain,
  useYAxisDomain,
  useYAxisInverseScale,
  type BaseTickContentProps,
} from 'recharts';
import { niceTicks } from '../domain/nice-ticks';
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
  /** Lines drawn as SVG by recharts; none when the caller draws them itself. */
  lines?: PlotLine[];
  /** Value axis range; 'auto' follows the data. */
  yDomain?: [Bound, Bound];
  /** Cut lines at a fixed range instead of widening it. */
  clipY?: boolean;
  /**
   * Values the value axis must reach when no SVG line carries them (lines drawn on a canvas):
   * the axis is rounded out to nice ticks around them, and `yDomain` is not used.
   */
  yExtent?: [number, number];
  yAxisWidthPx?: number;
  formatY?: (v: number) => string;
  margin?: { top: number; right: number; bottom: number; left?: number };
  /** Hears the plot area and its scales after each layout that changed them. */
  onFrame?: (frame: PlotFrame) => void;
}

/** The plot area in px from the chart's top left corner, and the values at its edges. */
export interface PlotFrame {
  left: number;
  top: number;
  width: number;
  height: number;
  /** The time axis' domain: times at the left and right edges. */
  fromMs: number;
  toMs: number;
  /** The value axis' domain as asked for (before recharts rounds it out to nice ticks). */
  yDomain: [number, number];
  /** The values at the top and bottom edges, as drawn (after the nice ticks). */
  yTop: number;
  yBottom: number;
}

const NO_LINES: PlotLine[] = [];

/**
 * A tick label as one SVG text, placed as recharts places its own. recharts' labels measure
 * each word in the page (a forced layout per new label) to wrap it; a tick label never wraps.
 */
function PlainTick({
  x,
  y,
  textAnchor,
  verticalAnchor,
  fill,
  className,
  index,
  payload,
  tickFormatter,
}: BaseTickContentProps) {
  const label = tickFormatter ? tickFormatter(payload.value, index) : String(payload.value);
  // recharts' own offsets: a label below its tick hangs from it, one beside it is centred.
  const dy =
    verticalAnchor === 'start' ? '0.71em' : verticalAnchor === 'middle' ? '0.355em' : undefined;
  return (
    <text
      x={x}
      y={y}
      dy={dy}
      textAnchor={textAnchor}
      fill={fill}
      className={`recharts-text ${className ?? ''}`}
    >
      {label}
    </text>
  );
}

/** Room for one time tick's label (px): "03:04:05.250" and some space. */
const TIME_TICK_PX = 96;

/** Reports the laid-out plot area and scales from inside the chart. */
function FrameProbe({ onFrame }: { onFrame: (frame: PlotFrame) => void }) {
  const area = usePlotArea();
  const xDomain = useXAxisDomain();
  const yDomain = useYAxisDomain();
  const yInverse = useYAxisInverseScale();
  useLayoutEffect(() => {
    if (!area || !xDomain || !yDomain || !yInverse || area.width <= 0 || area.height <= 0) return;
    const yTop = Number(yInverse(area.y));
    const yBottom = Number(yInverse(area.y + area.height));
    if (!Number.isFinite(yTop) || !Number.isFinite(yBottom)) return;
    onFrame({
      left: area.x,
      top: area.y,
      width: area.width,
      height: area.height,
      fromMs: Number(xDomain[0]),
      toMs: Number(xDomain[xDomain.length - 1]),
      yDomain: [Number(yDomain[0]), Number(yDomain[yDomain.length - 1])],
      yTop,
      yBottom,
    });
  }, [area, xDomain, yDomain, yInverse, onFrame]);
  return null;
}

/** The right margin leaves room for the last tick's label, centred on the axis end. */
const DEFAULT_MARGIN = { top: 8, right: 32, bottom: 4 };

export const TimePlot = memo(function TimePlot({
  widthPx,
  heightPx,
  fromMs,
  toMs,
  lines = NO_LINES,
  yDomain = ['auto', 'auto'],
  clipY = false,
  yExtent,
  yAxisWidthPx = 64,
  formatY,
  margin = DEFAULT_MARGIN,
  onFrame,
}: TimePlotProps) {
  // Worked out here rather than with a recharts ReferenceArea: that one leaves and joins
  // recharts' store on every render, and each time renders the axes once more.
  const plotWidthPx = widthPx - yAxisWidthPx - (margin.left ?? 0) - margin.right;
  const yTicks = yExtent ? niceTicks(yExtent[0], yExtent[1]) : undefined;
  const yAxisDomain: [Bound, Bound] =
    yTicks && yTicks.length > 1 ? [yTicks[0]!, yTicks[yTicks.length - 1]!] : yDomain;
  return (
    // No recharts tooltip here, so no keyboard layer: its focusable "application" surface would
    // be a tab stop that does nothing (charts step through samples with their own keys).
    <LineChart width={widthPx} height={heightPx} margin={margin} accessibilityLayer={false}>
      <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
      <XAxis
        dataKey="t"
        type="number"
        domain={[fromMs, toMs]}
        allowDataOverflow
        scale="time"
        tickFormatter={tickTime}
        tick={PlainTick}
        ticks={timeTicks(fromMs, toMs, Math.max(2, Math.floor(plotWidthPx / TIME_TICK_PX)))}
        interval={0}
        stroke="var(--muted)"
      />
      <YAxis
        dataKey="v"
        domain={yAxisDomain}
        ticks={yTicks}
        interval={yTicks ? 0 : undefined}
        // Without data, recharts keeps a numeric domain only when it may cut data.
        allowDataOverflow={clipY || yTicks !== undefined}
        width={yAxisWidthPx}
        tickFormatter={formatY}
        tick={PlainTick}
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
      {onFrame && <FrameProbe onFrame={onFrame} />}
    </LineChart>
  );
});
