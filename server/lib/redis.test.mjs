import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { removeDir } from '../test-helpers.mjs';
import { isLoopback, listeningSocketsOf } from './listening-sockets.mjs';
import { canConnect, freePort } from './ports.mjs';
import { findRedisServer, isRedisRunning, startRedisServer, stopRedisByPid } from './redis.mjs';

/** @type {Array<() => Promise<unknown> | unknown>} */
let cleanups = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

describe('private redis-server', () => {
  it('is installed (CI installs it; a missing binary must fail loudly rather than skip)', () => {
    expect(findRedisServer(), 'apt-get install redis-server').not.toBeNull();
  });

  it('answers on 127.0.0.1 only, keeps nothing on disk, and stops cleanly', async () => {
    const redisServer = await startRedisServer();
    cleanups.push(() => redisServer.stop());
    expect(redisServer.url).toBe(`redis://127.0.0.1:${redisServer.port}`);
    const bound = listeningSocketsOf(redisServer.pid);
    expect(bound.length).toBeGreaterThan(0);
    expect(bound.every((socket) => isLoopback(socket.address))).toBe(true);
    const client = new Redis(redisServer.url, { protocol: 2 });
    try {
      expect(await client.ping()).toBe('PONG');
      expect(await client.config('GET', 'save')).toEqual(['save', '']);
      expect(await client.config('GET', 'appendonly')).toEqual(['appendonly', 'no']);
    } finally {
      client.disconnect();
    }
    await redisServer.stop();
    expect(await redisServer.exited).toMatch(/exited/);
    expect(existsSync(redisServer.dir)).toBe(false);
    expect(await canConnect(redisServer.port)).toBe(false);
  }, 20000);

  it('says so when the binary is missing', async () => {
    const saved = process.env.REDIS_SERVER_BIN;
    process.env.REDIS_SERVER_BIN = '/nonexistent/redis-server';
    try {
      await expect(startRedisServer()).rejects.toThrow(
        /redis-server not found at REDIS_SERVER_BIN=\/nonexistent\/redis-server/,
      );
    } finally {
      if (saved === undefined) delete process.env.REDIS_SERVER_BIN;
      else process.env.REDIS_SERVER_BIN = saved;
    }
  });

  it('reports its own log when it does not start (port taken)', async () => {
    const first = await startRedisServer();
    cleanups.push(() => first.stop());
    await expect(startRedisServer({ port: first.port })).rejects.toThrow(
      /redis-server did not start: exited[\s\S]*(in use|bind)/i,
    );
  }, 20000);

  it('stops by PID and starts again on the same port in a kept folder', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'brokerscope-redis-test-'));
    cleanups.push(() => removeDir(dir));
    const port = await freePort();
    const first = await startRedisServer({ port, dir });
    cleanups.push(() => first.stop());
    expect(isRedisRunning(first.pid, port)).toBe(true);
    expect(isRedisRunning(first.pid, port + 1)).toBe(false);
    await stopRedisByPid(first, { signal: 'SIGKILL' });
    expect(await first.exited).toMatch(/SIGKILL/);
    expect(isRedisRunning(first.pid, port)).toBe(false);

    const again = await startRedisServer({ port, dir });
    cleanups.push(() => again.stop());
    expect(again.pid).not.toBe(first.pid);
    expect(await canConnect(port)).toBe(true);
    await again.stop();
    expect(existsSync(dir)).toBe(true);
  }, 20000);
});
