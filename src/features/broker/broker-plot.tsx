import { useElementWidth } from '../../components/use-element-width';
import { TimePlot } from '../../components/time-plot';
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
      <TimePlot
        widthPx={widthPx}
        heightPx={PLOT_HEIGHT_PX}
        fromMs={fromMs}
        toMs={toMs}
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
