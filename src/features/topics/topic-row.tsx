import type { VisibleRow } from '../../domain/topic-tree';
import type { TopicData } from '../../domain/stored-message';
import { useServices } from '../../hooks/services-context';
import { useDecodingStore } from '../../stores/decoding-store';
import { paletteColor } from '../../domain/palette';
import { countText, MESSAGE, TOPIC } from '../../domain/count-text';
import { visibleText } from '../../domain/visible-text';

const RECENT_MS = 800;
const number = new Intl.NumberFormat('en-US');

interface Props {
  row: VisibleRow<TopicData>;
  top: number;
  heightPx: number;
  /** The broker data comes from now: a topic last heard from another one says so. */
  currentSource: string;
  selected: boolean;
  active: boolean;
  onSelect: () => void;
  onToggle: () => void;
}

/** Rendered from the live node each frame; its accessible name is the level and its count. */
export function TopicRow({
  row,
  top,
  heightPx,
  currentSource,
  selected,
  active,
  onSelect,
  onToggle,
}: Props) {
  const node = row.node;
  const data = node.data;
  const { decoding } = useServices();
  // Decoded previews change when rules, schemas or the decoders module change.
  useDecodingStore((s) => s.version);
  // Invisible and bidi characters as marks (⟨RLO⟩…), in the accessible name too.
  const name = node.name === '' ? '(empty)' : visibleText(node.name);
  const recent = Date.now() - node.lastUpdateMs < RECENT_MS;
  const subtopics = node.topicCount - (node.ownCount > 0 ? 1 : 0);
  const color = data && data.colorIndex >= 0 ? paletteColor(data.colorIndex) : undefined;
  const otherBroker = data && data.source !== currentSource ? data.source : undefined;
  return (
    <div
      id={`topic-${node.id}`}
      role="treeitem"
      aria-level={row.level}
      aria-setsize={row.setSize}
      aria-posinset={row.positionInSet}
      aria-expanded={row.hasChildren ? row.expanded : undefined}
      aria-selected={selected}
      aria-label={`${name} ${countText(node.totalCount, MESSAGE)}${
        otherBroker ? `, from ${otherBroker}` : ''
      }`}
      className={`tree-row${selected ? ' selected' : ''}${active ? ' active' : ''}${recent ? ' recent' : ''}`}
      style={{ top, height: heightPx, paddingLeft: 4 + (row.level - 1) * 14 }}
      onClick={onSelect}
    >
      <span
        className="twisty"
        aria-hidden="true"
        onClick={(e) => {
          e.stopPropagation();
          if (row.hasChildren) onToggle();
        }}
      >
        {row.hasChildren ? (row.expanded ? '▾' : '▸') : ''}
      </span>
      {color && <span className="swatch" style={{ background: color }} aria-hidden="true" />}
      <span className="tree-name">{name}</span>
      <span className="count" aria-hidden="true" title="messages">
        {number.format(node.totalCount)}
      </span>
      {subtopics > 0 && (
        <span className="sub muted" aria-hidden="true" title="subtopics">
          {countText(subtopics, TOPIC)}
        </span>
      )}
      {data && data.ratePerSec > 0 && (
        <span className="rate muted" aria-hidden="true">
          {data.ratePerSec < 10 ? data.ratePerSec.toFixed(1) : Math.round(data.ratePerSec)}/s
        </span>
      )}
      {otherBroker && (
        <span className="badge broker-mark" aria-hidden="true" title={`from ${otherBroker}`}>
          from {otherBroker}
        </span>
      )}
      {data?.retained && (
        <span className="badge" aria-hidden="true" title="retained">
          R
        </span>
      )}
      {data && data.droppedCount > 0 && (
        <span className="muted" aria-hidden="true" title="dropped from this topic's history">
          {number.format(data.droppedCount)} dropped
        </span>
      )}
      {data?.lastMessage && (
        <span className="preview" aria-hidden="true">
          {visibleText(decoding.preview(data.lastMessage))}
        </span>
      )}
    </div>
  );
}
