import type { QoS } from '../domain/mqtt-types';

/** The QoS 0 / 1 / 2 picker used wherever a form asks for a QoS; labelled by its form's label. */
export function QosSelect({
  id,
  value,
  onChange,
}: {
  id: string;
  value: QoS;
  onChange: (qos: QoS) => void;
}) {
  return (
    <select id={id} value={value} onChange={(e) => onChange(Number(e.target.value) as QoS)}>
      <option value={0}>0</option>
      <option value={1}>1</option>
      <option value={2}>2</option>
    </select>
  );
}
