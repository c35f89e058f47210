// `npm start -- --broker=rabbitmq`: its option, and what it says when RabbitMQ is missing.
// Starting one for real is covered by bridges/amqp.test.mjs (through the same app server).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const START = path.join(path.dirname(fileURLToPath(import.meta.url)), 'start.mjs');

/** @param {string[]} args @param {Record<string, string>} [env] */
function run(args, env = {}) {
  const result = spawnSync(process.execPath, [START, ...args], {
    encoding: 'utf8',
    timeout: 10_000,
    env: { ...process.env, PORT: '', ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm start -- --broker=rabbitmq', () => {
  it('is listed in --help', () => {
    const { code, stdout } = run(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/--broker=embedded\|mosquitto\|rabbitmq/);
  });

  it('says how to install RabbitMQ when it is missing, and exits non-zero', () => {
    const { code, stderr } = run(['--broker=rabbitmq'], {
      RABBITMQ_SERVER_BIN: '/nonexistent/rabbitmq-server',
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(/RabbitMQ is not installed: .*apt-get install .*rabbitmq-server/);
  });

  it('refuses an unknown broker, naming the three it knows', () => {
    const { code, stderr } = run(['--broker=kafka']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/"embedded", "mosquitto" or "rabbitmq"/);
  });
});
