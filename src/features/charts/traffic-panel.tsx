import { useEffect, useMemo, useState } from 'react';
import { useServices } from '../../hooks/services-context';
import { formatBytes } from '../../domain/payload';
import type { TrafficHandle } from '../../services/traffic-service';
import { paletteColor } from '../../domain/palette';
import { RingPlot, type RingLine } from './ring-plot';
import { visibleText } from '../../domain/visible-text';

const TRAFFIC_WINDOW_MS = 5 * 60_000;
const rate = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/**
 * "What is flooding my broker": messages and bytes per second, overall and for the busiest
 * topics. Sampling (once per second) runs only while this is open.
 */
export function TrafficCharts() {
  const [open, setOpen] = useState(false);
  return (
    <div className="traffic">
      <button type="button" className="small" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? 'Hide traffic charts' : 'Show traffic charts'}
      </button>
      {open && <TrafficView />}
    </div>
  );
}

function TrafficView() {
  const services = useServices();
  const [traffic, setTraffic] = useState<TrafficHandle['history'] | undefined>(undefined);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const handle = services.traffic.open();
    setTraffic(handle.history);
    const timer = setInterval(
      () => setTick(handle.history.tick),
      services.traffic.sampleIntervalMs,
    );
    return () => {
      clearInterval(timer);
      handle.release();
    };
  }, [services]);

  const topKey = traffic?.top.join('\n') ?? '';
  const lines = useMemo(() => {
    if (!traffic) return { messages: [], bytes: [] };
    const all = [
      traffic.overall,
      ...topKey
        .split('\n')
        .filter(Boolean)
        .map((t) => traffic.topics.get(t)!),
    ];
    const pick = (which: 'messagesPerSec' | 'bytesPerSec'): RingLine[] =>
      all.map((s, i) => ({
        name: s.name,
        color: paletteColor(i),
        ring: s[which],
      }));
    return { messages: pick('messagesPerSec'), bytes: pick('bytesPerSec') };
  }, [traffic, topKey]);

  if (!traffic) return null;
  const last = (ring: RingLine['ring']) => ring.valueAt(ring.size - 1) ?? 0;
  return (
    <div className="traffic-view">
      <div className="chart-grid">
        <RingPlot
          label="Traffic: messages per second"
          lines={lines.messages}
          windowMs={TRAFFIC_WINDOW_MS}
          tick={tick}
          format={(v) => rate.format(v)}
        />
        <RingPlot
          label="Traffic: bytes per second"
          lines={lines.bytes}
          windowMs={TRAFFIC_WINDOW_MS}
          tick={tick}
          format={(v) => formatBytes(v)}
        />
      </div>
      <table className="legend" aria-label="Busiest topics">
        <thead>
          <tr>
            <th scope="col">Topic</th>
            <th scope="col">Messages/s</th>
            <th scope="col">Bytes/s</th>
          </tr>
        </thead>
        <tbody>
          {lines.messages.map((l, i) => (
            <tr key={l.name}>
              <td>
                <span className="swatch" style={{ background: l.color }} aria-hidden="true" />
                {visibleText(l.name)}
              </td>
              <td>{rate.format(last(l.ring))}</td>
              <td>{formatBytes(last(lines.bytes[i]!.ring))}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
