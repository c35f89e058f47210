import { useLayoutEffect, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import { seriesName, type ChartSpec } from '../../domain/chart-specs';
import type { SampleAt } from '../../domain/sample-cursor';
import { clockTime } from '../../domain/time-format';
import { visibleText } from '../../domain/visible-text';
import type { ChartEngine } from './chart-engine';

const sameSample = (a: SampleAt | undefined, b: SampleAt | undefined) =>
  a === b || (!!a && !!b && a.series === b.series && a.t === b.t && a.index === b.index);

/**
 * The plot: recharts' frame (passed in as `children`, so a hover never renders it again), the
 * lines canvas over its plot area and the crosshair canvas above. Hover or arrow keys pick a
 * sample, read exactly from the rings; the tooltip shows it and each other series' nearest one.
 */
export function ChartPlot({
  chart,
  engine,
  widthPx,
  children,
}: {
  chart: ChartSpec;
  engine: ChartEngine;
  widthPx: number;
  children: ReactNode;
}) {
  const linesRef = useRef<HTMLCanvasElement>(null);
  const overlayRef = useRef<HTMLCanvasElement>(null);
  const [hover, setHoverState] = useState<SampleAt | undefined>(undefined);

  useLayoutEffect(() => {
    const lines = linesRef.current;
    const overlay = overlayRef.current;
    if (!lines || !overlay) return;
    engine.attach(lines, overlay);
    return () => engine.detach();
  }, [engine]);

  // A change of series drops the hovered sample (its index may name another series now).
  const seriesKey = chart.series.map((s) => `${s.topic}|${s.path}|${s.hidden ? 0 : 1}`).join('\n');
  const [hoverSeriesKey, setHoverSeriesKey] = useState(seriesKey);
  if (hoverSeriesKey !== seriesKey) {
    setHoverSeriesKey(seriesKey);
    setHoverState(undefined);
  }

  const setHover = (next: SampleAt | undefined) => {
    if (sameSample(next, hover)) return;
    setHoverState(next);
    engine.setHover(next);
  };

  // Rendered again with each new window (by the card), so the tooltip follows it.
  const rows = hover ? engine.rowsAt(hover) : [];
  const x = hover ? engine.xOfTime(hover.t) : 0;

  return (
    <div
      className="chart-plot"
      role="group"
      aria-label="Chart values: arrow keys step through the samples"
      tabIndex={0}
      onMouseMove={(e) => {
        const t = engine.timeAtX(e.clientX - e.currentTarget.getBoundingClientRect().left);
        setHover(t === undefined ? undefined : engine.nearest(t));
      }}
      onMouseLeave={() => setHover(undefined)}
      onFocus={() => setHover(engine.last())}
      onBlur={() => setHover(undefined)}
      onKeyDown={(e) => {
        const step = e.key === 'ArrowLeft' ? -1 : e.key === 'ArrowRight' ? 1 : 0;
        if (step === 0) return;
        e.preventDefault();
        const from = hover ?? engine.last();
        if (!from) return;
        setHover(engine.step(from, step) ?? from);
      }}
    >
      {children}
      <canvas ref={linesRef} className="chart-lines" aria-hidden="true" />
      <canvas ref={overlayRef} className="chart-overlay" aria-hidden="true" />
      {hover && (
        <ChartTooltip
          chart={chart}
          rows={rows}
          atMs={hover.t}
          style={x > widthPx / 2 ? { right: widthPx - x + 8 } : { left: x + 8 }}
        />
      )}
    </div>
  );
}

/** Each shown series' sample: the picked one exactly, the others' nearest to its time. */
function ChartTooltip({
  chart,
  rows,
  atMs,
  style,
}: {
  chart: ChartSpec;
  rows: Array<SampleAt | undefined>;
  atMs: number;
  style: CSSProperties;
}) {
  return (
    <div className="chart-tooltip" role="tooltip" style={style}>
      <div className="chart-tooltip-time">{clockTime(atMs)}</div>
      <ul>
        {chart.series.map((s, i) => {
          const p = rows[i];
          if (!p || s.hidden) return null;
          return (
            <li key={`${s.topic}|${s.path}`}>
              <span className="swatch" style={{ background: s.color }} aria-hidden="true" />
              {visibleText(seriesName(s))}: <strong>{String(p.v)}</strong>
              {p.t !== atMs && <span className="muted"> at {clockTime(p.t)}</span>}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
