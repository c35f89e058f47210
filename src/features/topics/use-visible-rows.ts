import { useRef } from 'react';
import { flattenVisible, type TreeSort, type VisibleRow } from '../../domain/topic-tree';
import { useServices } from '../../hooks/services-context';
import { useDecodingStore } from '../../stores/decoding-store';
import type { TopicData, TopicEntry } from '../../domain/stored-message';
import { useLiveMemo } from '../../hooks/use-live';
import { TREE_RESORT_MS } from '../../domain/limits';

/** `$SYS` is noise for most people: collapsed until opened. */
const defaultExpanded = (node: TopicEntry) => !(node.depth === 0 && node.name.startsWith('$'));

export interface RowQuery {
  sort: TreeSort;
  toggled: ReadonlySet<string>;
  filterText: string;
  searchPayloads: boolean;
  structureVersion: number;
  frame: number;
}

/**
 * Re-flattens only when the shape, the view options, or (for recency and count order) a
 * resort interval says so; counts on screen come straight from the nodes.
 */
export function useVisibleRows(q: RowQuery): VisibleRow<TopicData>[] {
  const lastResortMs = useRef(0);
  const { decoding } = useServices();
  // Payload search looks in decoded payloads too; a new decoding version searches again.
  const decodingVersion = useDecodingStore((s) => s.version);
  const resortKey = useRef(0);
  if (q.sort !== 'name' && performance.now() - lastResortMs.current > TREE_RESORT_MS) {
    lastResortMs.current = performance.now();
    resortKey.current++;
  }
  // Payload search looks at last payloads, which change every frame: refresh on the resort clock.
  if (
    q.filterText &&
    q.searchPayloads &&
    performance.now() - lastResortMs.current > TREE_RESORT_MS
  ) {
    lastResortMs.current = performance.now();
    resortKey.current++;
  }
  const key = resortKey.current;
  return useLiveMemo(
    (live) => {
      const needle = q.filterText.trim().toLowerCase();
      const matches = needle
        ? (node: TopicEntry) => {
            if (node.path.toLowerCase().includes(needle)) return true;
            const last = node.data?.lastMessage;
            if (!q.searchPayloads || !last) return false;
            return decoding.searchText(last).toLowerCase().includes(needle);
          }
        : undefined;
      return flattenVisible(live.tree, {
        sort: q.sort,
        toggled: q.toggled,
        defaultExpanded,
        matches,
      });
    },
    [q.sort, q.toggled, q.filterText, q.searchPayloads, q.structureVersion, key, decodingVersion],
  );
}
