import { useLiveStore } from '../../stores/live-store';
import { formatBytes } from '../../domain/payload';
import { useHeapUsage } from './use-heap-usage';

const number = new Intl.NumberFormat('en-US');

export function StatisticsBar() {
  const received = useLiveStore((s) => s.received);
  const dropped = useLiveStore((s) => s.dropped);
  const rate = useLiveStore((s) => s.rates.messagesPerSec);
  const bytesPerSec = useLiveStore((s) => s.rates.bytesPerSec);
  const topics = useLiveStore((s) => s.topicCount);
  const keptBytes = useLiveStore((s) => s.keptBytes);
  const heapBytes = useHeapUsage();
  return (
    <section className="stats" aria-label="Statistics">
      <Stat label="Messages received" value={number.format(received)} />
      <Stat label="Message rate" value={number.format(rate)} unit="msg/s" />
      <Stat label="Bytes per second" value={formatBytes(bytesPerSec)} unit="/s" />
      <Stat label="Messages dropped" value={number.format(dropped)} />
      <Stat label="Topics" value={number.format(topics)} />
      <Stat label="Message memory" value={formatBytes(keptBytes)} />
      {heapBytes !== undefined && <Stat label="JS heap" value={formatBytes(heapBytes)} />}
    </section>
  );
}

function Stat({ label, value, unit }: { label: string; value: string; unit?: string }) {
  return (
    <div className="stat">
      <span className="stat-label" aria-hidden="true">
        {label}
      </span>
      <output aria-label={label}>{value}</output>
      {unit && (
        <span className="stat-unit" aria-hidden="true">
          {unit}
        </span>
      )}
    </div>
  );
}
