import { useEffect, useRef, useState } from 'react';

/** A ref for an element and its content width in px (at least minPx), kept current on resize. */
export function useElementWidth<T extends HTMLElement>(initialPx: number, minPx = 200) {
  const ref = useRef<T>(null);
  const [widthPx, setWidthPx] = useState(initialPx);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const resize = new ResizeObserver(([e]) => {
      if (e) setWidthPx(Math.max(minPx, Math.floor(e.contentRect.width)));
    });
    resize.observe(element);
    return () => resize.disconnect();
  }, [minPx]);
  return { ref, widthPx };
}
