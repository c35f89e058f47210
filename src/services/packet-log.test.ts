import { describe, expect, it } from 'vitest';
import type { PacketRecord } from '../domain/mqtt-types';
import { PacketLog } from './packet-log';

const packet = (type: string, packetId?: number): PacketRecord => ({
  atMs: 1,
  direction: 'out',
  type,
  packetId,
  summary: '',
});

describe('PacketLog', () => {
  it('keeps packets oldest first and filters by type', () => {
    const log = new PacketLog();
    log.add({
      packets: [packet('PUBLISH', 1), packet('PUBREC', 1), packet('PUBLISH', 2)],
      summarized: {},
    });
    expect(log.view().map((p) => p.type)).toEqual(['PUBLISH', 'PUBREC', 'PUBLISH']);
    expect(log.view('PUBLISH').map((p) => p.packetId)).toEqual([1, 2]);
  });

  it('stays bounded and counts what fell out', () => {
    const log = new PacketLog(2);
    log.add({ packets: [packet('A'), packet('B'), packet('C')], summarized: {} });
    expect(log.size).toBe(2);
    expect(log.overwritten).toBe(1);
    expect(log.view().map((p) => p.type)).toEqual(['B', 'C']);
  });

  it('adds up summarised counts by type, largest first', () => {
    const log = new PacketLog();
    log.add({ packets: [], summarized: { PUBLISH: 1000, PUBACK: 3 } });
    log.add({ packets: [], summarized: { PUBLISH: 200 } });
    expect(log.summaryText()).toBe('PUBLISH 1200 · PUBACK 3');
  });

  it('keeps nothing while paused but counts it', () => {
    const log = new PacketLog();
    log.paused = true;
    log.add({ packets: [packet('A')], summarized: { PUBLISH: 5 } });
    expect(log.size).toBe(0);
    expect(log.missedWhilePaused).toBe(6);
  });
});
