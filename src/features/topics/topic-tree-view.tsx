import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { VisibleRow } from '../../domain/topic-tree';
import type { TopicData } from '../../domain/stored-message';
import { useSelectionStore } from '../../stores/selection-store';
import { useLive } from '../../hooks/use-live';
import { TopicRow } from './topic-row';

const ROW_HEIGHT_PX = 28;

interface Props {
  rows: VisibleRow<TopicData>[];
  onToggle: (path: string) => void;
  /** Re-render each committed frame so counts stay live. */
  frame: number;
  /** What the tree says when it shows no row: no topic yet, or a filter that matches none. */
  emptyText: string;
}

export function TopicTreeView({ rows, onToggle, emptyText }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const selectedTopic = useSelectionStore((s) => s.topic);
  const selectTopic = useSelectionStore((s) => s.selectTopic);
  const [activePath, setActivePath] = useState<string | undefined>(undefined);
  const currentSource = useLive((live) => live.source);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT_PX,
    overscan: 8,
  });

  const activeIndex = Math.max(
    0,
    rows.findIndex((r) => r.node.path === (activePath ?? selectedTopic)),
  );
  const active = rows[activeIndex];

  useEffect(() => {
    if (activePath !== undefined) virtualizer.scrollToIndex(activeIndex, { align: 'auto' });
  }, [activePath, activeIndex, virtualizer]);

  const moveTo = (index: number) => {
    const row = rows[Math.min(rows.length - 1, Math.max(0, index))];
    if (row) setActivePath(row.node.path);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (!active) return;
    switch (event.key) {
      case 'ArrowDown':
        moveTo(activeIndex + 1);
        break;
      case 'ArrowUp':
        moveTo(activeIndex - 1);
        break;
      case 'Home':
        moveTo(0);
        break;
      case 'End':
        moveTo(rows.length - 1);
        break;
      case 'ArrowRight':
        if (active.hasChildren && !active.expanded) onToggle(active.node.path);
        else if (active.expanded) moveTo(activeIndex + 1);
        break;
      case 'ArrowLeft':
        if (active.expanded) onToggle(active.node.path);
        else if (active.node.parent && active.node.parent.depth >= 0)
          setActivePath(active.node.parent.path);
        break;
      case 'Enter':
      case ' ':
        selectTopic(active.node.path);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  return (
    <div
      ref={scrollRef}
      className="tree-scroll"
      role="tree"
      aria-label="Topic tree"
      tabIndex={0}
      aria-activedescendant={active ? `topic-${active.node.id}` : undefined}
      onKeyDown={onKeyDown}
    >
      {rows.length === 0 && <p className="muted empty">{emptyText}</p>}
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index]!;
          return (
            <TopicRow
              key={row.node.id}
              row={row}
              top={item.start}
              heightPx={ROW_HEIGHT_PX}
              currentSource={currentSource}
              selected={row.node.path === selectedTopic}
              active={row === active && activePath !== undefined}
              onSelect={() => {
                setActivePath(row.node.path);
                selectTopic(row.node.path);
              }}
              onToggle={() => onToggle(row.node.path)}
            />
          );
        })}
      </div>
    </div>
  );
}
