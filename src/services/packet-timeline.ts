/**
 * The packet timeline of the page's own connection. Capture runs in the worker only while a
 * timeline captures (it costs nothing per packet otherwise); each timeline keeps its own bounded
 * log.
 */
import type { Connection } from '../mqtt/connection';
import { PacketLog } from './packet-log';

export class PacketTimelineService {
  private capturing = 0;
  private readonly open = new Map<PacketLog, () => void>();

  constructor(private readonly connection: Pick<Connection, 'on' | 'setPacketCapture'>) {}

  /** Empties every open timeline (its packets belonged to another broker's connection). */
  clear(): void {
    for (const [log, onChange] of this.open) {
      log.clear();
      onChange();
    }
  }

  newLog(): PacketLog {
    return new PacketLog();
  }

  /** Captures into `log`; `onChange` runs after each batch of packets. Returns the stop. */
  capture(log: PacketLog, onChange: () => void): () => void {
    const off = this.connection.on('packets', (event) => {
      log.add(event);
      onChange();
    });
    this.open.set(log, onChange);
    if (this.capturing++ === 0) this.connection.setPacketCapture(true);
    let stopped = false;
    return () => {
      if (stopped) return;
      stopped = true;
      off();
      this.open.delete(log);
      if (--this.capturing === 0) this.connection.setPacketCapture(false);
    };
  }
}
