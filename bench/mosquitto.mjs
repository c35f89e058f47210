// The bench's private Mosquitto (see server/lib/mosquitto.mjs): a plain TCP listener for the
// producer and a WebSocket listener for the pages, on free local ports; per-client queues raised
// so that a page that keeps up never loses a QoS 0 message to the broker's default limit of 1000.
import { readFileSync } from 'node:fs';
import { startMosquitto as startPrivateMosquitto } from '../server/lib/mosquitto.mjs';

/** Messages queued per client before the broker drops: 10 s at 20k msg/s. */
export const MAX_QUEUED_MESSAGES = 200_000;

/**
 * CPU time (ms) a process has used so far, from /proc (Linux); null elsewhere.
 * @param {number | undefined} pid
 * @returns {number | null}
 */
export function processCpuMs(pid) {
  if (!pid) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

/** @param {{ log?: (...args: unknown[]) => void }} [options] */
export async function startMosquitto({ log = () => {} } = {}) {
  const mosquitto = await startPrivateMosquitto({
    name: 'bench',
    config: [
      `max_queued_messages ${MAX_QUEUED_MESSAGES}`,
      'max_queued_bytes 0',
      'set_tcp_nodelay true',
    ],
  });
  log(`[mosquitto] pid ${mosquitto.pid}, tcp ${mosquitto.tcpPort}, ws ${mosquitto.wsPort}`);
  return {
    pid: mosquitto.pid,
    tcpPort: mosquitto.tcpPort,
    wsUrl: mosquitto.wsUrl,
    stop: () => mosquitto.stop(),
  };
}
