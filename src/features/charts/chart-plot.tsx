import { useEffect, useLayoutEffect, useRef, type ReactNode } from 'react';
import type { ChartEngine } from './chart-engine';
import { ChartTooltip } from './chart-tooltip';

/**
 * How long the plot's place on screen is trusted between mouse moves (ms). Reading it on every
 * move would force a layout of the whole page at the start of each frame while messages flow;
 * a scroll or resize drops it at once.
 */
const PLOT_LEFT_FRESH_MS = 500;

/**
 * The plot: recharts' frame (passed in as `children`, so a hover never renders it again), the
 * lines canvas over its plot area, the crosshair canvas above and the tooltip box. Hover or
 * arrow keys pick a sample, read exactly from the rings; the engine marks it and fills the
 * tooltip (that sample, and each other series' nearest one) in its next animation frame, so a
 * mouse move renders nothing in React.
 */
export function ChartPlot({
  engine,
  widthPx,
  children,
}: {
  engine: ChartEngine;
  widthPx: number;
  children: ReactNode;
}) {
  const linesRef = useRef<HTMLCanvasElement>(null);
  const overlayRef = useRef<HTMLCanvasElement>(null);
  const tooltipRef = useRef<HTMLDivElement>(null);
  const tooltip = useRef<ChartTooltip | undefined>(undefined);
  const plotLeft = useRef<{ px: number; atMs: number } | undefined>(undefined);

  useLayoutEffect(() => {
    const lines = linesRef.current;
    const overlay = overlayRef.current;
    const box = tooltipRef.current;
    if (!lines || !overlay || !box) return;
    tooltip.current = new ChartTooltip(box);
    engine.attach(lines, overlay, tooltip.current);
    return () => engine.detach();
  }, [engine]);

  useLayoutEffect(() => tooltip.current?.setWidth(widthPx), [engine, widthPx]);

  useEffect(() => {
    const forget = () => (plotLeft.current = undefined);
    const options = { capture: true, passive: true };
    window.addEventListener('scroll', forget, options);
    window.addEventListener('resize', forget, options);
    return () => {
      window.removeEventListener('scroll', forget, options);
      window.removeEventListener('resize', forget, options);
    };
  }, []);

  /** The plot's left edge in the viewport (px), read again at most every PLOT_LEFT_FRESH_MS. */
  const leftOf = (plot: HTMLElement, nowMs: number) => {
    const known = plotLeft.current;
    if (known && nowMs - known.atMs < PLOT_LEFT_FRESH_MS) return known.px;
    const px = plot.getBoundingClientRect().left;
    plotLeft.current = { px, atMs: nowMs };
    return px;
  };

  return (
    <div
      className="chart-plot"
      role="group"
      aria-label="Chart values: arrow keys step through the samples"
      tabIndex={0}
      onMouseMove={(e) => {
        const t = engine.timeAtX(e.clientX - leftOf(e.currentTarget, performance.now()));
        engine.setHover(t === undefined ? undefined : engine.nearest(t));
      }}
      onMouseEnter={() => (plotLeft.current = undefined)}
      onMouseLeave={() => engine.setHover(undefined)}
      onFocus={() => engine.setHover(engine.last())}
      onBlur={() => engine.setHover(undefined)}
      onKeyDown={(e) => {
        const step = e.key === 'ArrowLeft' ? -1 : e.key === 'ArrowRight' ? 1 : 0;
        if (step === 0) return;
        e.preventDefault();
        const from = engine.hovered() ?? engine.last();
        if (!from) return;
        engine.setHover(engine.step(from, step) ?? from);
      }}
    >
      {children}
      <canvas ref={linesRef} className="chart-lines" aria-hidden="true" />
      <canvas ref={overlayRef} className="chart-overlay" aria-hidden="true" />
      {/* Filled and shown by the chart engine (ChartTooltip), never by a React render. */}
      <div className="chart-tooltip-layer">
        <div ref={tooltipRef} className="chart-tooltip" role="tooltip" hidden />
      </div>
    </div>
  );
}
