// The TCP ports this machine listens on, and on which addresses, read from Linux's /proc: how the
// tests check that the servers and brokers the project starts are reachable on loopback only.
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

/**
 * An address as /proc/net/tcp{,6} writes it: 32-bit words in host (little-endian) order.
 * @param {string} hex
 */
function decodeAddress(hex) {
  const words = hex.match(/.{8}/g) ?? [];
  const bytes = words.flatMap((word) =>
    (word.match(/../g) ?? []).reverse().map((b) => parseInt(b, 16)),
  );
  if (bytes.length === 4) return bytes.join('.');
  const groups = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] << 8) | bytes[i + 1]).toString(16));
  // Not the shortest form: just enough to tell loopback (::1), any (::) and the rest apart.
  const text = groups.join(':');
  if (text === '0:0:0:0:0:0:0:0') return '::';
  if (text === '0:0:0:0:0:0:0:1') return '::1';
  if (text.startsWith('0:0:0:0:0:ffff:')) return `::ffff:${bytes.slice(12).join('.')}`;
  return text;
}

/**
 * Every TCP socket in the LISTEN state on this machine (its network namespace); [] without /proc.
 * @returns {Array<{ address: string, port: number, inode: number }>}
 */
export function listeningSockets() {
  /** @type {Array<{ address: string, port: number, inode: number }>} */
  const sockets = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.trim().split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const [local, state, inode] = [fields[1], fields[3], fields[9]];
      if (state !== '0A' || !local || !inode) continue; // 0A: LISTEN
      const [address = '', port = '0'] = local.split(':');
      sockets.push({
        address: decodeAddress(address),
        port: parseInt(port, 16),
        inode: Number(inode),
      });
    }
  }
  return sockets;
}

/**
 * The TCP sockets process `pid` listens on.
 * @param {number} pid
 */
export function listeningSocketsOf(pid) {
  /** @type {Set<number>} */
  const inodes = new Set();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    let target;
    try {
      target = readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      continue; // closed meanwhile
    }
    const match = /^socket:\[(\d+)\]$/.exec(target);
    if (match) inodes.add(Number(match[1]));
  }
  return listeningSockets().filter((socket) => inodes.has(socket.inode));
}

/**
 * Whether `address` (as listeningSockets() gives it) is a loopback address.
 * @param {string} address
 */
export function isLoopback(address) {
  return address.startsWith('127.') || address === '::1' || address.startsWith('::ffff:127.');
}
