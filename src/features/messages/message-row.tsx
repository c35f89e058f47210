import { memo } from 'react';
import { formatBytes, previewPayload } from '../../domain/payload';
import { isRetained, qosOf, type StoredMessage } from '../../ingest/stored-message';
import { SUBSCRIPTION_COLORS } from '../../stores/subscriptions-store';

interface Props {
  message: StoredMessage | undefined;
  top: number;
  heightPx: number;
  selected: boolean;
  onSelect: () => void;
}

const time = (ms: number) => {
  const d = new Date(ms);
  return `${d.toLocaleTimeString('en-GB', { hour12: false })}.${String(d.getMilliseconds()).padStart(3, '0')}`;
};

/** A kept message never changes, so a row renders once per message. */
export const MessageRow = memo(function MessageRow({
  message,
  top,
  heightPx,
  selected,
  onSelect,
}: Props) {
  if (!message) {
    return (
      <li className="log-row gone" style={{ top, height: heightPx }}>
        (no longer kept)
      </li>
    );
  }
  const colorIndex = message.entry.data?.colorIndex ?? -1;
  return (
    <li
      className={`log-row${selected ? ' selected' : ''}`}
      style={{ top, height: heightPx }}
      tabIndex={0}
      aria-current={selected ? 'true' : undefined}
      onClick={onSelect}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onSelect();
        }
      }}
    >
      {colorIndex >= 0 && (
        <span
          className="swatch"
          style={{ background: SUBSCRIPTION_COLORS[colorIndex] }}
          aria-hidden="true"
        />
      )}
      <span className="time muted">{time(message.receivedAtMs)}</span>
      <span className="topic">{message.topic}</span>
      <span className="qos muted">QoS {qosOf(message)}</span>
      {isRetained(message) && <span className="badge">Retained</span>}
      <span className="size muted">{formatBytes(message.payload.byteLength)}</span>
      <span className="preview">{previewPayload(message.payload, 100)}</span>
    </li>
  );
});
