import { useEffect, useState } from 'react';
import { useElementWidth } from '../../components/use-element-width';
import { CartesianGrid, Line, LineChart, XAxis, YAxis } from 'recharts';
import type { NumberRing } from '../../domain/ring-buffer';
import { pointsInWindow, type Point } from './series-points';
import { tickTime, timeTicks } from '../../domain/time-format';

const PLOT_HEIGHT_PX = 180;

export interface RingLine {
  name: string;
  color: string;
  ring: NumberRing;
}

/**
 * A small live figure over the last `windowMs` of a few rings. It redraws when `tick` changes
 * (its owner's timer), downsampled to its pixel width.
 */
export function RingPlot({
  label,
  lines,
  windowMs,
  tick,
  format,
}: {
  label: string;
  lines: RingLine[];
  windowMs: number;
  tick: number;
  format: (v: number) => string;
}) {
  const { ref, widthPx } = useElementWidth<HTMLElement>(400);
  const [drawn, setDrawn] = useState<{ from: number; to: number; points: Point[][] }>({
    from: 0,
    to: 1,
    points: [],
  });
  useEffect(() => {
    const to = Date.now();
    const from = to - windowMs;
    setDrawn({
      from,
      to,
      points: lines.map((l) => pointsInWindow(l.ring, from, to, widthPx).points),
    });
  }, [lines, windowMs, tick, widthPx]);

  return (
    <figure ref={ref} className="chart-card" aria-label={label}>
      <figcaption className="chart-title">{label}</figcaption>
      <LineChart width={widthPx} height={PLOT_HEIGHT_PX} margin={{ top: 8, right: 16, bottom: 4 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
        <XAxis
          dataKey="t"
          type="number"
          domain={[drawn.from, drawn.to]}
          allowDataOverflow
          scale="time"
          tickFormatter={tickTime}
          ticks={timeTicks(drawn.from, drawn.to)}
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
        {lines.map((l, i) => (
          <Line
            key={l.name}
            data={drawn.points[i] ?? []}
            dataKey="v"
            name={l.name}
            stroke={l.color}
            dot={false}
            isAnimationActive={false}
            strokeWidth={1.5}
          />
        ))}
      </LineChart>
    </figure>
  );
}
