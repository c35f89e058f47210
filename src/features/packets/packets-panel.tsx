import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useServices } from '../../hooks/services-context';
import { selectIsConnected, useConnectionStore } from '../../stores/connection-store';
import { PacketRow } from './packet-row';

const ROW_HEIGHT_PX = 24;
const PACKET_TYPES = [
  'CONNECT',
  'CONNACK',
  'PUBLISH',
  'PUBACK',
  'PUBREC',
  'PUBREL',
  'PUBCOMP',
  'SUBSCRIBE',
  'SUBACK',
  'UNSUBSCRIBE',
  'UNSUBACK',
  'PINGREQ',
  'PINGRESP',
  'DISCONNECT',
  'AUTH',
];
const number = new Intl.NumberFormat('en-US');

export function PacketsPanel() {
  const [open, setOpen] = useState(false);
  const listId = useId();
  return (
    <section className="panel" aria-label="Packets">
      <div className="panel-head">
        <h2>Packets</h2>
        <button
          type="button"
          aria-expanded={open}
          aria-controls={listId}
          onClick={() => setOpen(!open)}
        >
          {open ? 'Hide packets' : 'Show packets'}
        </button>
      </div>
      {open ? (
        <PacketTimeline id={listId} />
      ) : (
        <p className="muted small-note">
          The packet timeline lists every MQTT packet this page sends and receives. Capture is off
          while it is hidden, so it costs nothing.
        </p>
      )}
    </section>
  );
}

/** Mounted only while open: capture is on exactly as long as this lives. */
function PacketTimeline({ id }: { id: string }) {
  const services = useServices();
  const [version, setVersion] = useState(0);
  const log = useMemo(() => services.packets.newLog(), [services]);
  const [paused, setPaused] = useState(false);
  const [type, setType] = useState('');
  const [openedAtMs] = useState(() => Date.now());
  const connected = useConnectionStore(selectIsConnected);
  const scrollRef = useRef<HTMLDivElement>(null);

  // Capture is on exactly as long as this timeline is mounted; the worker posts at most one
  // event per 100 ms, so one render per event is cheap.
  useEffect(() => services.packets.capture(log, () => setVersion((v) => v + 1)), [services, log]);

  const rows = useMemo(() => {
    void version;
    return log.view(type || undefined);
  }, [log, type, version]);
  const summary = log.summaryText((n) => number.format(n));
  const sawHandshake = rows.some((p) => p.type === 'CONNACK') || type !== '';

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT_PX,
    overscan: 10,
  });

  // Follow the newest packet unless paused.
  useEffect(() => {
    const el = scrollRef.current;
    if (!paused && el) el.scrollTop = el.scrollHeight;
  }, [paused, version, type]);

  const togglePause = () => {
    log.paused = !paused;
    setPaused(!paused);
  };
  const reconnect = () => services.connection.reconnect();

  return (
    <div id={id}>
      <div className="toolbar">
        <button type="button" aria-pressed={paused} onClick={togglePause}>
          {paused ? 'Resume' : 'Pause'}
        </button>
        <label className="inline">
          Packet type
          <select value={type} onChange={(e) => setType(e.target.value)}>
            <option value="">All</option>
            {PACKET_TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          onClick={() => {
            log.clear();
            setVersion((v) => v + 1);
          }}
        >
          Clear packets
        </button>
        <span className="muted">
          {number.format(rows.length)} shown · {number.format(log.size)} kept
        </span>
      </div>
      {!sawHandshake && (
        <p className="muted small-note">
          CONNECT and CONNACK (with the broker’s limits and features) are exchanged when connecting:
          capture is on since {new Date(openedAtMs).toLocaleTimeString()}, so the handshake shows on
          the next connect.{' '}
          {connected && (
            <button type="button" className="small" onClick={reconnect}>
              Reconnect to capture the handshake
            </button>
          )}
        </p>
      )}
      {paused && (
        <p className="muted small-note">
          Paused: new packets are not kept ({number.format(log.missedWhilePaused)} so far).
        </p>
      )}
      {summary && (
        <p className="small-note" role="note" aria-label="Packets summarised">
          At a high rate only 200 packets per 100 ms are listed; also seen: {summary}.
        </p>
      )}
      {log.overwritten > 0 && (
        <p className="muted small-note">
          {number.format(log.overwritten)} older packets dropped (the timeline keeps the last{' '}
          {number.format(log.size)}).
        </p>
      )}
      <div ref={scrollRef} className="packet-scroll">
        <ul
          aria-label="Packet log"
          className="log-list"
          style={{ height: virtualizer.getTotalSize(), position: 'relative' }}
        >
          {virtualizer.getVirtualItems().map((item) => {
            const packet = rows[item.index];
            return packet ? (
              <PacketRow
                key={item.index}
                packet={packet}
                top={item.start}
                heightPx={ROW_HEIGHT_PX}
              />
            ) : null;
          })}
        </ul>
      </div>
    </div>
  );
}
