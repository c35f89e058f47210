// `npm start`'s command line: the options that say who may use the broker and how much.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const START = path.join(path.dirname(fileURLToPath(import.meta.url)), 'start.mjs');

/** @param {string[]} args */
function run(args) {
  const result = spawnSync(process.execPath, [START, ...args], {
    encoding: 'utf8',
    timeout: 10_000,
    env: { ...process.env, PORT: '' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm start options', () => {
  it('--help lists the access options and limits', () => {
    const { code, stdout } = run(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/--host=H .*loopback/);
    expect(stdout).toMatch(/--allow-origin=URL [^-]*repeat/);
    expect(stdout).toMatch(/--max-payload=BYTES [^-]*16 MB/);
    expect(stdout).toMatch(/--max-connections=N .*200/);
  });

  it.each([
    [['--allow-origin'], /--allow-origin needs a value/],
    [['--allow-origin=evil.example'], /--allow-origin needs an http\(s\) origin/],
    [['--allow-origin=ftp://x.example'], /--allow-origin needs an http\(s\) origin/],
    [['--allow-origin=http://x.example/app'], /--allow-origin needs an http\(s\) origin/],
    [['--max-payload=0'], /--max-payload must be/],
    [['--max-payload=lots'], /--max-payload must be/],
    [['--max-connections=-1'], /--max-connections must be/],
    [['--max-connections=0'], /--max-connections must be/],
  ])('refuses %j', (args, message) => {
    const { code, stderr } = run(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });
});
