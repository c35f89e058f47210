import { useMemo, useRef, useState } from 'react';
import { useFixedRowWindow } from '../../components/use-fixed-row-window';
import { useServices } from '../../hooks/services-context';
import { useFrame, useLive } from '../../hooks/use-live';
import { useSelectionStore } from '../../stores/selection-store';
import { compileTopicFilter, validateTopicFilter } from '../../domain/topic-filter';
import { decodeUtf8 } from '../../domain/payload';
import type { StoredMessage } from '../../domain/stored-message';
import { LogView } from './log-view';
import { MessageRow } from './message-row';

const ROW_HEIGHT_PX = 26;
const TEXT_SEARCH_BYTES = 4096;
const number = new Intl.NumberFormat('en-US');

export function MessagesPanel() {
  const { live } = useServices();
  const selectMessage = useSelectionStore((s) => s.selectMessage);
  const selectedSeq = useSelectionStore((s) => s.seq);
  const [paused, setPaused] = useState(false);
  const [untilSeq, setUntilSeq] = useState<number | undefined>(undefined);
  const [topicFilter, setTopicFilter] = useState('');
  const [textFilter, setTextFilter] = useState('');
  const scrollRef = useRef<HTMLDivElement>(null);

  const filterError = topicFilter.trim() ? validateTopicFilter(topicFilter.trim()) : null;
  const matches = useMemo(() => {
    const topicMatch =
      topicFilter.trim() && !filterError ? compileTopicFilter(topicFilter.trim()) : undefined;
    const needle = textFilter.trim().toLowerCase();
    if (!topicMatch && !needle) return undefined;
    return (m: StoredMessage) =>
      (!topicMatch || topicMatch(m.topic)) &&
      (!needle ||
        m.topic.toLowerCase().includes(needle) ||
        decodeUtf8(m.payload.subarray(0, TEXT_SEARCH_BYTES)).toLowerCase().includes(needle));
  }, [topicFilter, textFilter, filterError]);

  const view = useMemo(() => new LogView({ matches, untilSeq }), [matches, untilSeq]);
  const count = useLive((reader) => view.refresh(reader.log), [view]);
  const keptCount = useFrame((s) => s.logSize);
  const currentSource = useLive((reader) => reader.source);
  const rowWindow = useFixedRowWindow(scrollRef, count, ROW_HEIGHT_PX);
  const rows = useLive(
    (reader) => {
      const shown: Array<{ index: number; message: StoredMessage | undefined }> = [];
      for (let i = rowWindow.start; i < rowWindow.end; i++) {
        shown.push({ index: i, message: view.at(reader.log, i) });
      }
      return shown;
    },
    [view, count, rowWindow.start, rowWindow.end],
  );

  const togglePause = () => {
    if (paused) {
      setPaused(false);
      setUntilSeq(undefined);
      // Back to the newest; never written per frame, since each write forces a layout.
      if (scrollRef.current) scrollRef.current.scrollTop = 0;
    } else {
      setPaused(true);
      setUntilSeq(live.reader.log.getNewest(0)?.seq ?? 0);
    }
  };

  return (
    <section className="panel panel-fill" aria-label="Messages">
      <div className="panel-head">
        <h2>Messages</h2>
        <span className="muted">
          {number.format(count)} shown · {number.format(keptCount)} kept
        </span>
      </div>
      <div className="toolbar">
        <button type="button" aria-pressed={paused} onClick={togglePause}>
          {paused ? 'Resume' : 'Pause'}
        </button>
        <input
          type="text"
          aria-label="Filter by topic"
          placeholder="Topic filter, e.g. plant/+/temperature"
          spellCheck={false}
          value={topicFilter}
          aria-invalid={filterError ? true : undefined}
          onChange={(e) => setTopicFilter(e.target.value)}
        />
        <input
          type="search"
          aria-label="Filter by text"
          placeholder="Text"
          value={textFilter}
          onChange={(e) => setTextFilter(e.target.value)}
        />
        <button type="button" onClick={() => live.clearLog()}>
          Clear log
        </button>
      </div>
      {filterError && (
        <p role="alert" className="error">
          {filterError}
        </p>
      )}
      {paused && <p className="muted small-note">Paused: counting goes on; the list is frozen.</p>}
      <div ref={scrollRef} className="log-scroll">
        <ul
          aria-label="Message log"
          className="log-list"
          style={{ height: rowWindow.totalHeightPx, position: 'relative' }}
        >
          {rows.map(({ index, message }) => {
            return (
              <MessageRow
                key={message?.seq ?? `gone-${index}`}
                message={message}
                top={index * ROW_HEIGHT_PX}
                heightPx={ROW_HEIGHT_PX}
                currentSource={currentSource}
                selected={message !== undefined && message.seq === selectedSeq}
                onSelect={() => message && selectMessage(message.topic, message.seq)}
              />
            );
          })}
        </ul>
      </div>
    </section>
  );
}
