import { useState } from 'react';
import { useFrame } from '../../hooks/use-live';
import type { TreeSort } from '../../domain/topic-tree';
import { useVisibleRows } from './use-visible-rows';
import { TopicTreeView } from './topic-tree-view';
import { useThrottledValue } from '../../components/use-throttled-value';
import { countText, TOPIC } from '../../domain/count-text';
import { treeEmptyText } from '../../domain/empty-text';

const STRUCTURE_REFRESH_MS = 150;

export function TopicsPanel() {
  const frame = useFrame((s) => s.frame);
  // New topics re-flatten the tree; under a flood of new topics, at most a few times a second.
  const structureVersion = useThrottledValue(
    useFrame((s) => s.structureVersion),
    STRUCTURE_REFRESH_MS,
  );
  const topicCount = useFrame((s) => s.topicCount);
  const [sort, setSort] = useState<TreeSort>('name');
  const [toggled, setToggled] = useState<ReadonlySet<string>>(() => new Set());
  const [filterText, setFilterText] = useState('');
  const [searchPayloads, setSearchPayloads] = useState(false);
  const rows = useVisibleRows({
    sort,
    toggled,
    filterText,
    searchPayloads,
    structureVersion,
    frame,
  });

  const toggle = (path: string) =>
    setToggled((previous) => {
      const next = new Set(previous);
      if (next.has(path)) next.delete(path);
      else next.add(path);
      return next;
    });

  return (
    <section className="panel panel-fill" aria-label="Topics">
      <div className="panel-head">
        <h2>Topics</h2>
        <span className="muted">{countText(topicCount, TOPIC)}</span>
      </div>
      <div className="toolbar">
        <input
          type="search"
          aria-label="Filter topics"
          placeholder="Filter topics"
          value={filterText}
          onChange={(e) => setFilterText(e.target.value)}
        />
        <label className="checkbox">
          <input
            type="checkbox"
            checked={searchPayloads}
            onChange={(e) => setSearchPayloads(e.target.checked)}
          />
          Search payloads
        </label>
        {/* One element, so the label never wraps away from its menu. */}
        <label className="inline">
          <span>Sort by</span>
          <select
            aria-label="Sort topics by"
            value={sort}
            onChange={(e) => setSort(e.target.value as TreeSort)}
          >
            <option value="name">Name</option>
            <option value="recent">Last update</option>
            <option value="count">Message count</option>
          </select>
        </label>
      </div>
      <TopicTreeView
        rows={rows}
        onToggle={toggle}
        frame={frame}
        emptyText={treeEmptyText({ filterText, searchPayloads, topicCount })}
      />
    </section>
  );
}
