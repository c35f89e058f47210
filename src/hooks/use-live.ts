/**
 * The one read path for live data. The frame loop commits at most one snapshot per frame to the
 * live store; views select counters from it, and read kept messages and topics only inside
 * `useLive` / `useLiveMemo`, whose explicit versions say when the reading runs again.
 */
import { useMemo, type DependencyList } from 'react';
import type { FrameSnapshot } from '../ingest/frame-loop';
import type { LiveReader } from '../services/live-data';
import { useLiveStore } from '../stores/live-store';
import { useServices } from './services-context';

/** A value of the per-frame counters snapshot; re-renders only when it changes. */
export function useFrame<T>(select: (snapshot: FrameSnapshot) => T): T {
  return useLiveStore(select);
}

/**
 * Reads kept messages or topics once per committed frame (and when `deps` change).
 * Example: `const size = useLive((live) => live.log.size);`
 */
export function useLive<T>(read: (live: LiveReader) => T, deps: DependencyList = []): T {
  const frame = useLiveStore((s) => s.frame);
  return useLiveMemo(read, [frame, ...deps]);
}

/**
 * Reads kept data again only when one of `deps` changes: for readings whose cost follows what
 * they show (a flattened tree), keyed on a slower version than the frame.
 */
export function useLiveMemo<T>(read: (live: LiveReader) => T, deps: DependencyList): T {
  const { live } = useServices();
  // `read` is new each render; the explicit deps are the version this reading belongs to.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useMemo(() => read(live.reader), [live, ...deps]);
}
