// The bench's handle on the producer process (bench/producer.mjs).
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PRODUCER_PATH = path.join(path.dirname(fileURLToPath(import.meta.url)), 'producer.mjs');

/**
 * @typedef {{ sent: number, startMs: number, endMs: number, cpuMs: number, cpuShare: number }}
 *   PublishResult cpuShare: the producer's CPU time over wall time (1 = one full core)
 */

/**
 * Starts the producer and connects it to the broker's TCP listener.
 * @param {{ host: string, port: number, log?: (...args: unknown[]) => void }} options
 */
export async function startProducer({ host, port, log = () => {} }) {
  const child = fork(PRODUCER_PATH, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let exited = false;
  child.once('exit', () => (exited = true));
  let nextId = 1;
  /** @type {Map<number, { resolve: (v: any) => void, reject: (e: Error) => void }>} */
  const pending = new Map();
  child.on('message', (/** @type {any} */ message) => {
    const call = pending.get(message.id);
    if (!call) {
      if (message.type === 'error') log(`[producer] ${message.message}`);
      return;
    }
    pending.delete(message.id);
    if (message.type === 'error') call.reject(new Error(`producer: ${message.message}`));
    else call.resolve(message);
  });
  child.once('exit', (code) => {
    for (const call of pending.values()) call.reject(new Error(`producer exited (${code})`));
    pending.clear();
  });
  /** @param {Record<string, unknown>} message @returns {Promise<any>} */
  const call = (message) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      child.send({ ...message, id });
    });

  await call({ cmd: 'connect', host, port });
  log(`[producer] pid ${child.pid}`);
  return {
    pid: child.pid,
    /**
     * Publishes for `durationMs`; resolves when the last message is written.
     * @param {{ prefix: string, topics: number, ratePerSec: number, durationMs: number }} run
     *   ratePerSec 0 floods
     * @returns {Promise<PublishResult>}
     */
    async publish(run) {
      const reply = await call({ cmd: 'publish', run });
      return reply.result;
    },
    /**
     * How far the publish under way has got; null when none is running.
     * @returns {Promise<{ startMs: number, sent: number, atMs: number } | null>}
     */
    async progress() {
      const reply = await call({ cmd: 'progress' });
      return reply.progress ? { ...reply.progress, atMs: reply.atMs } : null;
    },
    async stop() {
      if (exited) return;
      const gone = new Promise((r) => child.once('exit', r));
      child.send({ cmd: 'quit' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await gone;
      clearTimeout(timer);
    },
  };
}
