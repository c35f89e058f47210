// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clockTime } from '../../domain/time-format';
import { ChartTooltip, TOOLTIP_TEXT_EVERY_MS, type TooltipRow } from './chart-tooltip';

const T0 = Date.UTC(2026, 0, 2, 3, 4, 5, 6);
const row = (name: string, value: number, atMs = T0): TooltipRow => ({
  name,
  color: '#2563eb',
  value,
  atMs,
});

describe('ChartTooltip', () => {
  let box: HTMLDivElement;
  let tooltip: ChartTooltip;
  beforeEach(() => {
    vi.useFakeTimers();
    box = document.createElement('div');
    document.body.append(box);
    tooltip = new ChartTooltip(box);
    tooltip.setWidth(600);
  });
  afterEach(() => {
    box.remove();
    vi.useRealTimers();
  });

  const shownRows = () =>
    [...box.querySelectorAll('li')].filter((li) => !li.hidden).map((li) => li.textContent);

  it('starts hidden and shows each series with a sample: its exact value, and its time when it differs', () => {
    expect(box.hidden).toBe(true);
    tooltip.show(T0, [row('a/b v', 0.1 + 0.2), undefined, row('c d', -7, T0 - 1500)], 100);
    expect(box.hidden).toBe(false);
    expect(box.querySelector('.chart-tooltip-time')?.textContent).toBe(clockTime(T0));
    expect(shownRows()).toEqual([
      'a/b v: 0.30000000000000004',
      `c d: -7 at ${clockTime(T0 - 1500)}`,
    ]);
  });

  it('sits beside the crosshair on the side with more room', () => {
    tooltip.show(T0, [row('a', 1)], 100);
    expect(box.style.transform).toBe('translateX(108px)');
    tooltip.show(T0, [row('a', 1)], 500);
    expect(box.style.transform).toBe('translateX(calc(492px - 100%))');
  });

  it('follows every move but writes new text at most every TOOLTIP_TEXT_EVERY_MS, then the last', () => {
    tooltip.show(T0, [row('a', 1)], 100);
    vi.advanceTimersByTime(10);
    tooltip.show(T0 + 1, [row('a', 2, T0 + 1)], 120);
    tooltip.show(T0 + 2, [row('a', 3, T0 + 2)], 140);
    // The box moved at once; its text waits.
    expect(box.style.transform).toBe('translateX(148px)');
    expect(shownRows()).toEqual(['a: 1']);
    vi.advanceTimersByTime(TOOLTIP_TEXT_EVERY_MS);
    expect(shownRows()).toEqual(['a: 3']);
    expect(box.querySelector('.chart-tooltip-time')?.textContent).toBe(clockTime(T0 + 2));
  });

  it('drops text still waiting when hidden, and shows fresh text at once when shown again', () => {
    tooltip.show(T0, [row('a', 1)], 100);
    tooltip.show(T0 + 1, [row('a', 2, T0 + 1)], 100);
    tooltip.hide();
    expect(box.hidden).toBe(true);
    vi.advanceTimersByTime(TOOLTIP_TEXT_EVERY_MS);
    expect(shownRows()).toEqual(['a: 1']);
    tooltip.show(T0 + 5, [row('b', 9, T0 + 5)], 100);
    expect(shownRows()).toEqual(['b: 9']);
  });

  it('hides the rows of series that are gone', () => {
    tooltip.show(T0, [row('a', 1), row('b', 2)], 100);
    tooltip.hide();
    tooltip.show(T0, [row('a', 1)], 100);
    expect(shownRows()).toEqual(['a: 1']);
  });
});
