// A private Mosquitto for the bench: a plain TCP listener (for the producer, and because
// Debian's 2.0.11 refuses to start with only a WebSocket listener) and a WebSocket listener (for
// the pages), both on free local ports; no persistence; per-client queues raised so that a
// page that keeps up never loses a QoS 0 message to the broker's default limit of 1000.
import { spawn } from 'node:child_process';
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const START_TIMEOUT_MS = 10_000;
/** Messages queued per client before the broker drops: 10 s at 20k msg/s. */
export const MAX_QUEUED_MESSAGES = 200_000;

/** @returns {Promise<number>} */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (probe.address());
      probe.close(() => resolve(port));
    });
  });
}

/** @param {number} port @param {() => string | null} failed */
async function waitForPort(port, failed) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const failure = failed();
    if (failure) throw new Error(failure);
    const open = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`mosquitto did not open port ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

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
  const binary = ['/usr/sbin/mosquitto', '/usr/bin/mosquitto'].find((p) => existsSync(p));
  if (!binary) throw new Error('Mosquitto not found: apt-get install mosquitto');
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'brokerscope-bench-mosquitto-'));
  const tcpPort = await freePort();
  const wsPort = await freePort();
  const config = [
    `listener ${tcpPort} 127.0.0.1`,
    'protocol mqtt',
    `listener ${wsPort} 127.0.0.1`,
    'protocol websockets',
    'allow_anonymous true',
    'persistence false',
    `max_queued_messages ${MAX_QUEUED_MESSAGES}`,
    'max_queued_bytes 0',
    'set_tcp_nodelay true',
    'log_dest stderr',
    'log_type error',
    'log_type warning',
    '',
  ].join('\n');
  const configPath = path.join(dir, 'mosquitto.conf');
  await fs.writeFile(configPath, config);

  const child = spawn(binary, ['-c', configPath], { stdio: ['ignore', 'ignore', 'pipe'] });
  /** @type {string | null} */
  let exitReason = null;
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  child.once('exit', (code, signal) => {
    exitReason = `mosquitto exited (${signal ?? code}): ${stderr.trim()}`;
  });
  const stop = async () => {
    if (exitReason === null) {
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await gone;
      clearTimeout(timer);
    }
    await fs.rm(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort(tcpPort, () => exitReason);
    await waitForPort(wsPort, () => exitReason);
  } catch (err) {
    await stop();
    throw err;
  }
  log(`[mosquitto] pid ${child.pid}, tcp ${tcpPort}, ws ${wsPort}`);
  return {
    pid: child.pid,
    tcpPort,
    wsUrl: `ws://127.0.0.1:${wsPort}`,
    stop,
  };
}
