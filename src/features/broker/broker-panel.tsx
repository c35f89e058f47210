import { useEffect, useState } from 'react';
import {
  counterRates,
  detectSysLayout,
  formatDuration,
  parseUptimeSeconds,
} from '../../domain/broker-sys';
import { MOSQUITTO_SYS } from '../../domain/sys-topics';
import { decodeUtf8, formatBytes } from '../../domain/payload';
import { visibleText } from '../../domain/visible-text';
import { selectIsConnected, useConnectionStore } from '../../stores/connection-store';
import { useServices } from '../../hooks/services-context';
import { useLive } from '../../hooks/use-live';
import type { LiveReader } from '../../services/live-data';
import { BrokerPlot, type PlotLine } from './broker-plot';

/** How long to wait for a first `$SYS` message before saying the broker has none. */
const SYS_WAIT_MS = 5_000;
const REFRESH_MS = 1_000;
const PLOT_WINDOW_MS = 10 * 60_000;
const RECEIVED_COLOR = '#2563eb';
const SENT_COLOR = '#dc2626';
const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** Region "Broker": the broker's own `$SYS` statistics, subscribed to only while shown. */
export function BrokerPanel() {
  const [open, setOpen] = useState(false);
  return (
    <section className="panel" aria-label="Broker">
      <div className="panel-head">
        <h2>Broker</h2>
        <button type="button" className="small" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? 'Hide broker statistics' : 'Show broker statistics'}
        </button>
      </div>
      {open ? (
        <BrokerStats />
      ) : (
        <p className="muted">Reads the broker’s $SYS topics (Mosquitto publishes them).</p>
      )}
    </section>
  );
}

function lastText(live: LiveReader, topic: string): string | undefined {
  const message = live.topic(topic)?.data?.lastMessage;
  return message ? decodeUtf8(message.payload).trim() : undefined;
}

function BrokerStats() {
  const connected = useConnectionStore(selectIsConnected);
  const [nowMs, setNowMs] = useState(() => Date.now());
  // The wait for a first $SYS message starts when the panel opens or the connection opens.
  const [waitFromMs, setWaitFromMs] = useState(nowMs);
  useEffect(() => {
    if (connected) setWaitFromMs(Date.now());
  }, [connected]);

  const services = useServices();
  useEffect(() => {
    // `$SYS/#` and the counters are held while the panel is open; a user's own subscription
    // and charts keep theirs.
    const release = services.broker.open();
    const timer = setInterval(() => setNowMs(Date.now()), REFRESH_MS);
    return () => {
      clearInterval(timer);
      release();
    };
  }, [services]);

  const sys = useLive((live) => {
    const node = live.tree.root.children.get('$SYS');
    const layout = detectSysLayout(node?.children.keys() ?? []);
    const count = (id: string, rest: string) => live.topic(`$SYS/${id}/${rest}`)?.ownCount ?? 0;
    return {
      layout,
      perBroker:
        layout.kind === 'per-broker-id'
          ? layout.brokerIds.map((id) => ({
              id,
              heartbeats: count(id, 'heartbeat'),
              connects: count(id, 'new/clients'),
              disconnects: count(id, 'disconnect/clients'),
            }))
          : [],
      version: lastText(live, MOSQUITTO_SYS.version),
      uptime: lastText(live, MOSQUITTO_SYS.uptime),
      clients: lastText(live, MOSQUITTO_SYS.clientsConnected),
      bytesReceived: lastText(live, MOSQUITTO_SYS.bytesReceived),
    };
  });
  const layout = sys.layout;

  if (!connected) return <p role="status">Connect to a broker to read its $SYS statistics.</p>;
  if (layout.kind === 'none') {
    return nowMs - waitFromMs < SYS_WAIT_MS ? (
      <p role="status">Waiting for $SYS messages…</p>
    ) : (
      <p role="status" className="note">
        No $SYS message arrived within {SYS_WAIT_MS / 1000} s: this broker does not publish $SYS
        statistics, or does not let this client read them. Brokerscope keeps listening.
      </p>
    );
  }
  if (layout.kind === 'per-broker-id') {
    return (
      <div className="broker-stats">
        <p role="status" className="note">
          This broker publishes $SYS/&lt;broker id&gt;/… (the layout of aedes): heartbeats and
          client connects and disconnects, but none of Mosquitto’s figures (version, clients
          connected, load, bytes, uptime).
        </p>
        <dl className="broker-figures">
          {sys.perBroker.map((b) => (
            <div key={b.id}>
              <dt>Broker id</dt>
              <dd>{visibleText(b.id)}</dd>
              <dt>Heartbeats seen</dt>
              <dd>{b.heartbeats}</dd>
              <dt>Client connects seen</dt>
              <dd>{b.connects}</dd>
              <dt>Client disconnects seen</dt>
              <dd>{b.disconnects}</dd>
            </div>
          ))}
        </dl>
      </div>
    );
  }

  const fromMs = nowMs - PLOT_WINDOW_MS;
  const window = (topic: string) => services.broker.counterWindow(topic, fromMs, nowMs);
  const rates = (topic: string) => {
    const w = window(topic);
    return counterRates(w.xs, w.ys);
  };
  const lastOf = (s: { ys: Float64Array }) => s.ys[s.ys.length - 1];
  const msgIn = rates(MOSQUITTO_SYS.messagesReceived);
  const msgOut = rates(MOSQUITTO_SYS.messagesSent);
  const bytesIn = rates(MOSQUITTO_SYS.bytesReceived);
  const bytesOut = rates(MOSQUITTO_SYS.bytesSent);
  const clients = window(MOSQUITTO_SYS.clientsConnected);
  const uptimeText = sys.uptime;
  const uptimeSec = uptimeText === undefined ? undefined : parseUptimeSeconds(uptimeText);
  const perSec = (v: number | undefined) => (v === undefined ? '–' : number.format(v));
  const bytesPerSec = (v: number | undefined) => (v === undefined ? '–' : `${formatBytes(v)}/s`);
  const line = (name: string, color: string, s: { xs: Float64Array; ys: Float64Array }) =>
    ({ name, color, xs: s.xs, ys: s.ys }) satisfies PlotLine;

  return (
    <div className="broker-stats">
      <dl className="broker-figures">
        <Figure label="Broker version" value={sys.version ?? '–'} />
        <Figure
          label="Broker uptime"
          value={uptimeSec === undefined ? (uptimeText ?? '–') : formatDuration(uptimeSec)}
        />
        <Figure label="Clients connected" value={sys.clients ?? '–'} />
        <Figure label="Broker messages in per second" value={perSec(lastOf(msgIn))} />
        <Figure label="Broker messages out per second" value={perSec(lastOf(msgOut))} />
        <Figure label="Broker bytes in per second" value={bytesPerSec(lastOf(bytesIn))} />
        <Figure label="Broker bytes out per second" value={bytesPerSec(lastOf(bytesOut))} />
        <Figure
          label="Broker bytes in, total"
          value={formatBytes(Number(sys.bytesReceived ?? 0))}
        />
      </dl>
      <p className="small-note">
        Rates come from the broker’s counters between two $SYS updates (every sys_interval seconds,
        10 s by default).
      </p>
      <div className="chart-grid">
        <BrokerPlot
          label="Broker: clients connected"
          lines={[line('clients connected', RECEIVED_COLOR, clients)]}
          fromMs={fromMs}
          toMs={nowMs}
          format={(v) => number.format(v)}
        />
        <BrokerPlot
          label="Broker: messages per second"
          lines={[line('received', RECEIVED_COLOR, msgIn), line('sent', SENT_COLOR, msgOut)]}
          fromMs={fromMs}
          toMs={nowMs}
          format={(v) => number.format(v)}
        />
        <BrokerPlot
          label="Broker: bytes per second"
          lines={[line('received', RECEIVED_COLOR, bytesIn), line('sent', SENT_COLOR, bytesOut)]}
          fromMs={fromMs}
          toMs={nowMs}
          format={(v) => formatBytes(v)}
        />
      </div>
    </div>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <dt id={`broker-${label.replace(/\W+/g, '-').toLowerCase()}`}>{label}</dt>
      <dd>
        <output
          aria-live="off"
          aria-labelledby={`broker-${label.replace(/\W+/g, '-').toLowerCase()}`}
        >
          {visibleText(value)}
        </output>
      </dd>
    </div>
  );
}
