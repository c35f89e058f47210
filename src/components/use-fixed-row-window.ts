import { useCallback, useEffect, useState, type RefObject } from 'react';

export interface RowWindow {
  /** First row index to render. */
  start: number;
  /** One past the last row index to render. */
  end: number;
  totalHeightPx: number;
}

/**
 * Windowing for a list of fixed-height rows: O(rows on screen) per render. The message log
 * changes its row count with every commit; a general virtualizer re-measures every row when
 * the count changes (about 7 % of the main thread at 8k msg/s with 100,000 rows kept).
 */
export function useFixedRowWindow(
  scrollRef: RefObject<HTMLElement | null>,
  count: number,
  rowHeightPx: number,
  overscanRows = 4,
): RowWindow {
  const [viewport, setViewport] = useState({ scrollTopPx: 0, heightPx: 600 });
  const read = useCallback(() => {
    const element = scrollRef.current;
    if (!element) return;
    setViewport((previous) =>
      previous.scrollTopPx === element.scrollTop && previous.heightPx === element.clientHeight
        ? previous
        : { scrollTopPx: element.scrollTop, heightPx: element.clientHeight },
    );
  }, [scrollRef]);
  useEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    read();
    element.addEventListener('scroll', read, { passive: true });
    const observer = new ResizeObserver(read);
    observer.observe(element);
    return () => {
      element.removeEventListener('scroll', read);
      observer.disconnect();
    };
  }, [scrollRef, read]);
  const first = Math.floor(viewport.scrollTopPx / rowHeightPx);
  const visible = Math.ceil(viewport.heightPx / rowHeightPx);
  return {
    start: Math.max(0, Math.min(count, first - overscanRows)),
    end: Math.max(0, Math.min(count, first + visible + overscanRows)),
    totalHeightPx: count * rowHeightPx,
  };
}
