import { useEffect, useRef, useState } from 'react';

/**
 * The value, changing at most once per interval (the last change always lands): for work such
 * as re-flattening a 10,000-topic tree that need not follow every frame.
 */
export function useThrottledValue<T>(value: T, intervalMs: number): T {
  const [shown, setShown] = useState(value);
  const lastSetMs = useRef(0);
  useEffect(() => {
    if (Object.is(value, shown)) return;
    const waitMs = Math.max(0, lastSetMs.current + intervalMs - performance.now());
    const timer = setTimeout(() => {
      lastSetMs.current = performance.now();
      setShown(value);
    }, waitMs);
    return () => clearTimeout(timer);
  }, [value, shown, intervalMs]);
  return shown;
}
