import { useEffect, useState } from 'react';
import { useElementWidth } from '../../components/use-element-width';
import { TimePlot, type PlotLine } from '../../components/time-plot';
import type { NumberRing } from '../../domain/ring-buffer';
import { pointsInWindow } from './series-points';
import { liveSpan } from '../../domain/chart-window';
import { visibleText } from '../../domain/visible-text';

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
  const [drawn, setDrawn] = useState<{ from: number; to: number; lines: PlotLine[] }>({
    from: 0,
    to: 1,
    lines: [],
  });
  useEffect(() => {
    let oldest: number | undefined;
    for (const l of lines) {
      const t = l.ring.timeAt(0);
      if (t !== undefined && (oldest === undefined || t < oldest)) oldest = t;
    }
    const { fromMs: from, toMs: to } = liveSpan(Date.now(), windowMs, oldest);
    setDrawn({
      from,
      to,
      lines: lines.map((l) => ({
        key: l.name,
        name: visibleText(l.name),
        color: l.color,
        points: pointsInWindow(l.ring, from, to, widthPx).points,
      })),
    });
  }, [lines, windowMs, tick, widthPx]);

  return (
    <figure ref={ref} className="chart-card" aria-label={label}>
      <figcaption className="chart-title">{label}</figcaption>
      <TimePlot
        widthPx={widthPx}
        heightPx={PLOT_HEIGHT_PX}
        fromMs={drawn.from}
        toMs={drawn.to}
        lines={drawn.lines}
        yDomain={[0, 'auto']}
        formatY={format}
      />
    </figure>
  );
}
