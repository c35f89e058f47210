import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { removeDir } from '../test-helpers.mjs';
import {
  findMosquitto,
  isMosquittoRunning,
  launchMosquitto,
  startMosquitto,
  stopMosquittoByPid,
} from './mosquitto.mjs';
import { isLoopback, listeningSocketsOf } from './listening-sockets.mjs';
import { canConnect } from './ports.mjs';

/** @type {Array<() => Promise<unknown> | unknown>} */
let cleanups = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

/** @param {Parameters<typeof startMosquitto>[0]} options */
async function start(options) {
  const mosquitto = await startMosquitto(options);
  cleanups.push(() => mosquitto.stop());
  return mosquitto;
}

/** An IPv4 address of this machine other than loopback, if it has one. */
function externalIpv4() {
  for (const addresses of Object.values(os.networkInterfaces())) {
    for (const address of addresses ?? []) {
      if (address.family === 'IPv4' && !address.internal) return address.address;
    }
  }
  return null;
}

describe('private mosquitto', () => {
  it('is installed (CI installs it; a missing binary must fail loudly rather than skip)', () => {
    expect(findMosquitto(), 'apt-get install mosquitto').not.toBeNull();
  });

  it('serves MQTT and MQTT over WebSocket on loopback only, then stops and cleans up', async () => {
    const mosquitto = await start({
      config: (dir) => [`password_file ${path.join(dir, 'passwords')}`],
      files: { passwords: '' },
    });
    expect(mosquitto.tcpUrl).toBe(`mqtt://127.0.0.1:${mosquitto.tcpPort}`);
    expect(mosquitto.wsUrl).toBe(`ws://127.0.0.1:${mosquitto.wsPort}`);
    for (const url of [mosquitto.tcpUrl, mosquitto.wsUrl]) {
      const client = await mqtt.connectAsync(url, { reconnectPeriod: 0 });
      await client.endAsync();
    }
    const external = externalIpv4();
    if (external) {
      expect(await canConnect(mosquitto.tcpPort, external)).toBe(false);
      expect(await canConnect(mosquitto.wsPort, external)).toBe(false);
    }
    const config = await fs.readFile(mosquitto.configPath, 'utf8');
    expect(config).toContain(`password_file ${path.join(mosquitto.dir, 'passwords')}`);
    expect(config).toMatch(/protocol websockets\nsocket_domain ipv4\n/);

    await mosquitto.stop();
    expect(isMosquittoRunning(mosquitto.pid, mosquitto.configPath)).toBe(false);
    expect(await canConnect(mosquitto.tcpPort)).toBe(false);
    expect(existsSync(mosquitto.dir)).toBe(false);
  }, 20000);

  it('listens on 127.0.0.1 only, the WebSocket listener included (no 0.0.0.0 or ::)', async () => {
    const mosquitto = await start({ config: ['max_queued_messages 100'] });
    const bound = listeningSocketsOf(mosquitto.pid)
      .map((s) => `${s.address}:${s.port}`)
      .sort();
    expect(bound).toEqual(
      [`127.0.0.1:${mosquitto.tcpPort}`, `127.0.0.1:${mosquitto.wsPort}`].sort(),
    );
    expect(bound.every((address) => isLoopback(address.replace(/:\d+$/, '')))).toBe(true);
  }, 20000);

  it('refuses config lines that would open a listener of their own', async () => {
    for (const line of [
      'listener 1884',
      'port 1884',
      '  bind_address 0.0.0.0',
      'bind_interface eth0',
    ]) {
      await expect(start({ config: [line] }), line).rejects.toThrow(
        /opens a listener|listeners are/,
      );
    }
    await expect(start({ config: () => ['listener 1884'] })).rejects.toThrow(/opens a listener/);
  }, 20000);

  it("reports Mosquitto's own output when it does not start, and leaves nothing behind", async () => {
    const tmp = path.join(os.tmpdir(), 'brokerscope-mosquitto-');
    const before = new Set((await fs.readdir(os.tmpdir())).map((f) => path.join(os.tmpdir(), f)));
    const failure = startMosquitto({ name: 'broken', config: ['no_such_option 1'] });
    await expect(failure).rejects.toThrow(/Mosquitto "broken" did not start: exited/);
    await expect(failure).rejects.toThrow(/no_such_option/);
    const after = (await fs.readdir(os.tmpdir())).map((f) => path.join(os.tmpdir(), f));
    expect(after.filter((f) => f.startsWith(tmp) && !before.has(f))).toEqual([]);
  }, 20000);

  it('says so when the binary is missing', async () => {
    const saved = process.env.MOSQUITTO_BIN;
    process.env.MOSQUITTO_BIN = '/nonexistent/mosquitto';
    try {
      await expect(startMosquitto()).rejects.toThrow(/Mosquitto not found at MOSQUITTO_BIN=/);
    } finally {
      if (saved === undefined) delete process.env.MOSQUITTO_BIN;
      else process.env.MOSQUITTO_BIN = saved;
    }
  });

  it('stops by PID and starts again from the same config on the same ports', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'brokerscope-mosquitto-test-'));
    cleanups.push(() => removeDir(dir));
    const first = await start({ dir, name: 'kept' });
    await stopMosquittoByPid(first, { signal: 'SIGKILL' });
    expect(await first.exited).toMatch(/SIGKILL/);
    expect(existsSync(first.configPath)).toBe(true);

    const again = await launchMosquitto(first);
    cleanups.push(() => again.stop());
    expect(again.pid).not.toBe(first.pid);
    expect([again.tcpPort, again.wsPort]).toEqual([first.tcpPort, first.wsPort]);
    expect(await canConnect(again.wsPort)).toBe(true);
    await again.stop();
    expect(existsSync(dir)).toBe(true);
  }, 20000);
});
