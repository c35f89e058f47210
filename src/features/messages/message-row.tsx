import { memo } from 'react';
import { formatBytes } from '../../domain/payload';
import { isRetained, qosOf, type StoredMessage } from '../../domain/stored-message';
import { useServices } from '../../hooks/services-context';
import { useDecodingStore } from '../../stores/decoding-store';
import { paletteColor } from '../../domain/palette';
import { visibleText } from '../../domain/visible-text';

interface Props {
  message: StoredMessage | undefined;
  /** Row index in the view, newest first. */
  index: number;
  heightPx: number;
  /** Rows in the view, for assistive technology (only a window of them is rendered). */
  setSize: number;
  /** The broker data comes from now: a message from another one says so. */
  currentSource: string;
  selected: boolean;
  /** The list's one tab stop: the active row, or the first one shown when none is active. */
  tabbable: boolean;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));
const pad3 = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : String(n));
/** hh:mm:ss.mmm in local time; by hand, since toLocaleTimeString per row per frame is costly. */
const time = (ms: number) => {
  const d = new Date(ms);
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}.${pad3(d.getMilliseconds())}`;
};

/**
 * A kept message never changes, so a row renders again only when it moves or another message
 * takes its place (in a flood), or its selection or tab stop changes. Clicks and keys are
 * handled once, on the list (see messages-panel).
 */
export const MessageRow = memo(function MessageRow({
  message,
  index,
  heightPx,
  setSize,
  currentSource,
  selected,
  tabbable,
}: Props) {
  const top = index * heightPx;
  const { decoding } = useServices();
  // Decoded previews change when rules, schemas or the decoders module change.
  useDecodingStore((s) => s.version);
  if (!message) {
    return (
      <li
        className="log-row gone"
        style={{ top, height: heightPx }}
        aria-posinset={index + 1}
        aria-setsize={setSize}
      >
        (no longer kept)
      </li>
    );
  }
  const colorIndex = message.entry.data?.colorIndex ?? -1;
  return (
    <li
      className={`log-row${selected ? ' selected' : ''}`}
      style={{ top, height: heightPx }}
      data-seq={message.seq}
      tabIndex={tabbable ? 0 : -1}
      aria-current={selected ? 'true' : undefined}
      aria-posinset={index + 1}
      aria-setsize={setSize}
    >
      {colorIndex >= 0 && (
        <span
          className="swatch"
          style={{ background: paletteColor(colorIndex) }}
          aria-hidden="true"
        />
      )}
      <span className="time muted">{time(message.receivedAtMs)}</span>
      <span className="topic">{visibleText(message.topic)}</span>
      <span className="qos muted">QoS {qosOf(message)}</span>
      {isRetained(message) && <span className="badge">Retained</span>}
      {message.source !== currentSource && (
        <span className="badge broker-mark">from {message.source}</span>
      )}
      <span className="size muted">{formatBytes(message.payload.byteLength)}</span>
      <span className="preview">{visibleText(decoding.preview(message))}</span>
    </li>
  );
});
