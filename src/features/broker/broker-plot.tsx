import { useElementWidth } from '../../components/use-element-width';
import { TimePlot } from '../../components/time-plot';
import { lttb } from '../../domain/downsample';
import { liveSpan } from '../../domain/chart-window';

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
  // From the first sample on (within the window): a panel opened a moment ago is not empty.
  let oldest: number | undefined;
  for (const l of lines) {
    const t = l.xs[0];
    if (t !== undefined && (oldest === undefined || t < oldest)) oldest = t;
  }
  const span = liveSpan(toMs, toMs - fromMs, oldest);
  return (
    <figure ref={ref} className="chart-card" aria-label={label}>
      <figcaption className="chart-title">{label}</figcaption>
      <TimePlot
        widthPx={widthPx}
        heightPx={PLOT_HEIGHT_PX}
        fromMs={span.fromMs}
        toMs={span.toMs}
        yDomain={[0, 'auto']}
        formatY={format}
        lines={lines.map((l) => {
          const reduced = lttb(l.xs, l.ys, widthPx);
          return {
            key: l.name,
            name: l.name,
            color: l.color,
            points: Array.from(reduced.xs, (t, i) => ({ t, v: reduced.ys[i]! })),
          };
        })}
      />
    </figure>
  );
}
