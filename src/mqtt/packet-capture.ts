import type { MqttClient } from 'mqtt';
import type { PacketRecord } from '../domain/mqtt-types';
import { summarizePacket } from './packet-summary';
import type { PacketsEvent } from './worker-protocol';

/** How often captured packets are posted to the page. */
const PACKET_FLUSH_MS = 100;
/** Above this many packets per flush, the rest are only counted by type. */
const MAX_PACKETS_PER_FLUSH = 200;

/**
 * Listens to mqtt.js's packetsend/packetreceive only while the timeline is open: no listener,
 * no cost per packet.
 */
export class PacketCapture {
  private enabled = false;
  private client: MqttClient | null = null;
  private pending: PacketRecord[] = [];
  private summarized: Record<string, number> = {};
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly post: (event: PacketsEvent) => void) {}

  private readonly onSend = (packet: unknown) => this.record(packet, 'out');
  private readonly onReceive = (packet: unknown) => this.record(packet, 'in');

  attach(client: MqttClient): void {
    this.detach();
    this.client = client;
    if (this.enabled) this.listen();
  }

  setEnabled(enabled: boolean, client: MqttClient | null): void {
    this.enabled = enabled;
    if (client && client !== this.client) this.attach(client);
    else if (enabled) this.listen();
    else this.detach(false);
    if (enabled && !this.timer) this.timer = setInterval(() => this.flush(), PACKET_FLUSH_MS);
    if (!enabled && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
      this.pending = [];
      this.summarized = {};
    }
  }

  private listen(): void {
    if (!this.client) return;
    this.client.removeListener('packetsend', this.onSend);
    this.client.removeListener('packetreceive', this.onReceive);
    this.client.on('packetsend', this.onSend);
    this.client.on('packetreceive', this.onReceive);
  }

  private detach(forget = true): void {
    this.client?.removeListener('packetsend', this.onSend);
    this.client?.removeListener('packetreceive', this.onReceive);
    if (forget) this.client = null;
  }

  private record(packet: unknown, direction: 'in' | 'out'): void {
    if (this.pending.length < MAX_PACKETS_PER_FLUSH) {
      this.pending.push(summarizePacket(packet, direction, Date.now()));
      return;
    }
    const type = String((packet as { cmd?: string }).cmd ?? 'unknown').toUpperCase();
    this.summarized[type] = (this.summarized[type] ?? 0) + 1;
  }

  private flush(): void {
    if (this.pending.length === 0 && Object.keys(this.summarized).length === 0) return;
    this.post({ type: 'packets', packets: this.pending, summarized: this.summarized });
    this.pending = [];
    this.summarized = {};
  }
}
