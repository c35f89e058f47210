import { useEffect, useState } from 'react';

interface PerformanceWithMemory extends Performance {
  memory?: { usedJSHeapSize: number };
}

const HEAP_POLL_MS = 2_000;

/** Chromium's used JS heap, polled; undefined where the browser does not tell. */
export function useHeapUsage(): number | undefined {
  const read = () => (performance as PerformanceWithMemory).memory?.usedJSHeapSize;
  const [bytes, setBytes] = useState(read);
  useEffect(() => {
    const timer = setInterval(() => setBytes(read()), HEAP_POLL_MS);
    return () => clearInterval(timer);
  }, []);
  return bytes;
}
