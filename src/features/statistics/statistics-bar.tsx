import { useFrame } from '../../hooks/use-live';
import { formatBytes } from '../../domain/payload';
import { useHeapUsage } from './use-heap-usage';

const number = new Intl.NumberFormat('en-US');

export function StatisticsBar() {
  const received = useFrame((s) => s.received);
  const dropped = useFrame((s) => s.dropped);
  const rate = useFrame((s) => s.rates.messagesPerSec);
  const bytesPerSec = useFrame((s) => s.rates.bytesPerSec);
  const topics = useFrame((s) => s.topicCount);
  const keptBytes = useFrame((s) => s.keptBytes);
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
