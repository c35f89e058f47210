import {
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type FocusEvent,
  type KeyboardEvent,
  type MouseEvent,
} from 'react';
import { useFixedRowWindow } from '../../components/use-fixed-row-window';
import { useServices } from '../../hooks/services-context';
import { useFrame, useLive } from '../../hooks/use-live';
import { BUSY_RATE_PER_SEC } from '../../domain/limits';
import { useSelectionStore } from '../../stores/selection-store';
import { compileTopicFilter, validateTopicFilter } from '../../domain/topic-filter';
import { useDecodingStore } from '../../stores/decoding-store';
import { formatCount } from '../../domain/count-text';
import { logEmptyText } from '../../domain/empty-text';
import { moveIndex, rowsPerPage, scrollTopToShow } from '../../domain/list-navigation';
import type { StoredMessage } from '../../domain/stored-message';
import { LogView } from './log-view';
import { MessageRow } from './message-row';
import { ExportLogSelection } from './export-log-selection';

const ROW_HEIGHT_PX = 26;
const OVERSCAN_ROWS = 4;

/** The sequence number of the message whose row holds `target`, if it is a row of `list`. */
function rowSeqOf(target: EventTarget | null, list: HTMLElement | null): number | undefined {
  if (!(target instanceof Element) || !list) return undefined;
  const row = target.closest<HTMLElement>('li[data-seq]');
  return row && list.contains(row) ? Number(row.dataset.seq) : undefined;
}

export function MessagesPanel() {
  const { live, decoding } = useServices();
  // Text search looks in decoded payloads too; a new decoding version searches again.
  const decodingVersion = useDecodingStore((s) => s.version);
  const selectMessage = useSelectionStore((s) => s.selectMessage);
  const selectedSeq = useSelectionStore((s) => s.seq);
  const [paused, setPaused] = useState(false);
  /**
   * Following (newest at the top) stops while someone moves through the list or looks at a
   * message selected in it, so that the message stays where it is; Resume follows again.
   */
  const [looking, setLooking] = useState(false);
  /** The row the keys move, named by its message: rows move down as messages arrive. */
  const [activeSeq, setActiveSeq] = useState<number | undefined>(undefined);
  const [topicFilter, setTopicFilter] = useState('');
  const [textFilter, setTextFilter] = useState('');
  const scrollRef = useRef<HTMLDivElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  /** Set by a key or a focus: the next layout scrolls the active row into view and focuses it. */
  const revealActive = useRef(false);

  // A message selected (here or in the details) pauses following; a topic or nothing resumes it.
  const [seenSelectedSeq, setSeenSelectedSeq] = useState(selectedSeq);
  if (selectedSeq !== seenSelectedSeq) {
    setSeenSelectedSeq(selectedSeq);
    setLooking(selectedSeq !== undefined);
  }
  const frozen = paused || looking;

  const trimmedTopicFilter = topicFilter.trim();
  const filterError = trimmedTopicFilter ? validateTopicFilter(trimmedTopicFilter) : null;
  const activeTopicFilter = trimmedTopicFilter && !filterError ? trimmedTopicFilter : undefined;
  const matches = useMemo(() => {
    const topicMatch = activeTopicFilter ? compileTopicFilter(activeTopicFilter) : undefined;
    const needle = textFilter.trim().toLowerCase();
    if (!topicMatch && !needle) return undefined;
    return (m: StoredMessage) =>
      (!topicMatch || topicMatch(m.topic)) &&
      (!needle ||
        m.topic.toLowerCase().includes(needle) ||
        decoding.searchText(m).toLowerCase().includes(needle));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `decodingVersion` says when to search again.
  }, [activeTopicFilter, textFilter, decoding, decodingVersion]);

  // One view for the panel's life: it keeps its freeze point when the filters change.
  const [view] = useState(() => new LogView());
  const count = useLive(
    (reader) => view.refresh(reader.log, matches, frozen),
    [view, matches, frozen],
  );
  const keptCount = useFrame((s) => s.logSize);
  const received = useFrame((s) => s.received);
  const muted = useFrame((s) => s.muted);
  /**
   * In a flood every row on screen shows another message at each redraw, faster than anyone
   * could pick one: rows are then keyed by their place, so a new message changes a row's text
   * instead of the row being removed and made again. Slower, a row is its message's, and a
   * pointer or a test that follows a row follows that message.
   */
  const keyByPlace = useFrame((s) => s.rates.messagesPerSec > BUSY_RATE_PER_SEC);
  const currentSource = useLive((reader) => reader.source);
  const rowWindow = useFixedRowWindow(scrollRef, count, ROW_HEIGHT_PX, OVERSCAN_ROWS);
  // Constant time without a filter, logarithmic with one: never a walk over the kept messages.
  const activeIndex = useLive(
    (reader) => (activeSeq === undefined ? -1 : view.indexOf(reader.log, activeSeq)),
    [view, activeSeq, count, matches, frozen],
  );
  const rows = useLive(
    (reader) => {
      const shown: Array<{ index: number; message: StoredMessage | undefined }> = [];
      // The active row is always rendered, even scrolled out of the window, so it keeps focus.
      if (activeIndex >= 0 && activeIndex < rowWindow.start)
        shown.push({ index: activeIndex, message: view.at(reader.log, activeIndex) });
      for (let i = rowWindow.start; i < rowWindow.end; i++) {
        shown.push({ index: i, message: view.at(reader.log, i) });
      }
      if (activeIndex >= rowWindow.end)
        shown.push({ index: activeIndex, message: view.at(reader.log, activeIndex) });
      return shown;
    },
    [view, count, rowWindow.start, rowWindow.end, activeIndex],
  );
  // The list's one tab stop: the active row, else the first row on screen.
  const tabStopIndex =
    activeIndex >= 0
      ? activeIndex
      : rowWindow.start === 0
        ? 0
        : Math.min(count - 1, rowWindow.start + OVERSCAN_ROWS);

  useLayoutEffect(() => {
    if (!revealActive.current) return;
    revealActive.current = false;
    const scroller = scrollRef.current;
    if (!scroller || activeIndex < 0) return;
    // Written only after a key or a focus: each write forces a layout.
    const top = scrollTopToShow(
      activeIndex,
      ROW_HEIGHT_PX,
      scroller.scrollTop,
      scroller.clientHeight,
    );
    if (top !== scroller.scrollTop) scroller.scrollTop = top;
    const row = listRef.current?.querySelector<HTMLElement>(`li[data-seq="${activeSeq}"]`);
    if (row && row !== document.activeElement) row.focus({ preventScroll: true });
  });

  const follow = () => {
    setPaused(false);
    setLooking(false);
    setActiveSeq(undefined);
    // Back to the newest; never written per frame, since each write forces a layout.
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
  };
  const togglePause = () => (frozen ? follow() : setPaused(true));

  const messageOfRow = (seq: number | undefined) =>
    seq === undefined ? undefined : rows.find((r) => r.message?.seq === seq)?.message;

  const onListKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    if (event.key === 'Enter' || event.key === ' ') {
      const message = messageOfRow(rowSeqOf(event.target, listRef.current));
      if (!message) return;
      event.preventDefault();
      setActiveSeq(message.seq);
      setLooking(true);
      selectMessage(message.topic, message.seq);
      return;
    }
    const pageRows = rowsPerPage(scrollRef.current?.clientHeight ?? 0, ROW_HEIGHT_PX);
    const next = moveIndex(event.key, activeIndex, count, pageRows);
    if (next === undefined) return;
    event.preventDefault();
    // Read at the key press: the view still shows what the last frame rendered.
    const message = view.at(live.reader.log, next);
    if (!message) return;
    revealActive.current = true;
    setActiveSeq(message.seq);
    setLooking(true);
  };

  const onListFocus = (event: FocusEvent<HTMLUListElement>) => {
    const seq = rowSeqOf(event.target, listRef.current);
    if (seq === undefined) return;
    // Tab into the list, or a click: that row becomes the active one and stays put.
    if (seq !== activeSeq) {
      revealActive.current = true;
      setActiveSeq(seq);
    }
    setLooking(true);
  };

  const onListClick = (event: MouseEvent<HTMLUListElement>) => {
    const message = messageOfRow(rowSeqOf(event.target, listRef.current));
    if (!message) return;
    setActiveSeq(message.seq);
    setLooking(true);
    selectMessage(message.topic, message.seq);
  };

  const note = paused
    ? 'Paused: counting goes on; the list is frozen.'
    : looking
      ? 'Following paused while you look at a message; Resume follows the newest.'
      : '';

  return (
    <section className="panel panel-fill" aria-label="Messages">
      <div className="panel-head">
        <h2>Messages</h2>
        <span className="muted">
          {formatCount(count)} shown · {formatCount(keptCount)} kept
        </span>
      </div>
      <div className="toolbar">
        <button type="button" aria-pressed={frozen} onClick={togglePause}>
          {frozen ? 'Resume' : 'Pause'}
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
        <ExportLogSelection view={view} count={count} />
      </div>
      {filterError && (
        <p role="alert" className="error">
          {filterError}
        </p>
      )}
      <p role="status" className="muted small-note log-note">
        {note}
      </p>
      <div ref={scrollRef} className="log-scroll">
        {count === 0 && (
          <p className="muted log-empty">
            {logEmptyText({
              topicFilter: activeTopicFilter,
              text: textFilter,
              keptCount,
              received,
              muted,
              frozen,
            })}
          </p>
        )}
        <ul
          ref={listRef}
          aria-label="Message log"
          className="log-list"
          style={{ height: rowWindow.totalHeightPx, position: 'relative' }}
          onKeyDown={onListKeyDown}
          onFocus={onListFocus}
          onClick={onListClick}
        >
          {rows.map(({ index, message }) => (
            <MessageRow
              // By place in a flood (see keyByPlace); the rows stand still while someone looks
              // at one (a focused or selected row freezes the list).
              key={keyByPlace ? index : (message?.seq ?? `gone-${index}`)}
              message={message}
              index={index}
              heightPx={ROW_HEIGHT_PX}
              setSize={count}
              currentSource={currentSource}
              selected={message !== undefined && message.seq === selectedSeq}
              tabbable={index === tabStopIndex}
            />
          ))}
        </ul>
      </div>
    </section>
  );
}
