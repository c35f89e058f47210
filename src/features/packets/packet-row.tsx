import { memo } from 'react';
import { formatPacketTime } from '../../domain/scenario-packets';
import type { PacketRecord } from '../../domain/mqtt-types';
import { visibleText } from '../../domain/visible-text';

interface Props {
  packet: PacketRecord;
  top: number;
  heightPx: number;
}

export const PacketRow = memo(function PacketRow({ packet, top, heightPx }: Props) {
  const refused = packet.reasonCode !== undefined && packet.reasonCode >= 0x80;
  // Topics and reason strings in the summary: invisible characters as marks.
  const summary = visibleText(packet.summary);
  return (
    <li
      className={`packet-row packet-${packet.direction}${refused ? ' packet-refused' : ''}`}
      style={{ position: 'absolute', top, left: 0, right: 0, height: heightPx }}
    >
      <span className="packet-time">{formatPacketTime(packet.atMs)}</span>{' '}
      <span className="packet-dir">
        <span aria-hidden="true">{packet.direction === 'out' ? '→ ' : '← '}</span>
        {packet.direction}
      </span>{' '}
      <span className="packet-type">{packet.type}</span>{' '}
      <span className="packet-id">{packet.packetId ? `id ${packet.packetId}` : ''}</span>{' '}
      <span className="packet-summary" title={summary}>
        {summary}
      </span>
    </li>
  );
});
