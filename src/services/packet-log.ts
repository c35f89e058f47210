/**
 * The packet timeline's memory: a bounded ring of the packets the worker itemised, plus counts
 * of those it only summarised under a high rate. No React here.
 */
import { RingBuffer } from '../domain/ring-buffer';
import type { PacketRecord } from '../domain/mqtt-types';
import type { PacketsEvent } from '../mqtt/worker-protocol';

export const PACKET_LOG_CAPACITY = 5000;

export class PacketLog {
  private readonly ring: RingBuffer<PacketRecord>;
  /** Packets counted but not itemised by the worker, by type. */
  readonly summarized = new Map<string, number>();
  /** Itemised packets that fell out of the ring. */
  overwritten = 0;
  /** Packets that arrived while paused (not kept). */
  missedWhilePaused = 0;
  paused = false;

  constructor(capacity = PACKET_LOG_CAPACITY) {
    this.ring = new RingBuffer(capacity);
  }

  get size(): number {
    return this.ring.size;
  }

  add(event: Pick<PacketsEvent, 'packets' | 'summarized'>): void {
    if (this.paused) {
      this.missedWhilePaused += event.packets.length;
      for (const count of Object.values(event.summarized)) this.missedWhilePaused += count;
      return;
    }
    for (const packet of event.packets) if (this.ring.push(packet)) this.overwritten++;
    for (const [type, count] of Object.entries(event.summarized))
      this.summarized.set(type, (this.summarized.get(type) ?? 0) + count);
  }

  /** Oldest first; only packets of `type` when given. */
  view(type?: string): PacketRecord[] {
    const out: PacketRecord[] = [];
    for (let i = 0; i < this.ring.size; i++) {
      const packet = this.ring.get(i);
      if (packet && (!type || packet.type === type)) out.push(packet);
    }
    return out;
  }

  /** "PUBLISH 1,200 · PUBACK 30", or '' when nothing was summarised. */
  summaryText(format: (n: number) => string = String): string {
    return [...this.summarized]
      .sort((a, b) => b[1] - a[1])
      .map(([type, count]) => `${type} ${format(count)}`)
      .join(' · ');
  }

  clear(): void {
    this.ring.clear();
    this.summarized.clear();
    this.overwritten = 0;
    this.missedWhilePaused = 0;
  }
}
