// Shared helpers for the server tests (not a test file itself).
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A temporary dist dir holding a minimal index.html. */
export async function makeDistDir() {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'brokerscope-dist-'));
  await fs.writeFile(path.join(dir, 'index.html'), '<!doctype html><title>test app</title>');
  await fs.mkdir(path.join(dir, 'assets'));
  await fs.writeFile(path.join(dir, 'assets', 'app.js'), 'console.log(1);');
  return dir;
}

/** @param {string} dir */
export async function removeDir(dir) {
  await fs.rm(dir, { recursive: true, force: true });
}

/**
 * Resolve with the first message matching `predicate`.
 * @param {import('mqtt').MqttClient} client
 * @param {(topic: string, payload: Buffer, packet: import('mqtt').IPublishPacket) => boolean} predicate
 * @param {number} [timeoutMs]
 * @returns {Promise<{ topic: string, payload: Buffer, packet: import('mqtt').IPublishPacket }>}
 */
export function nextMessage(client, predicate, timeoutMs = 8000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.off('message', onMessage);
      reject(new Error(`no matching message within ${timeoutMs} ms`));
    }, timeoutMs);
    /** @type {import('mqtt').OnMessageCallback} */
    const onMessage = (topic, payload, packet) => {
      if (!predicate(topic, payload, packet)) return;
      clearTimeout(timer);
      client.off('message', onMessage);
      resolve({ topic, payload, packet });
    };
    client.on('message', onMessage);
  });
}
