// What the broker launchers (Mosquitto, Redis) share about the server process they spawn.
import { readFileSync } from 'node:fs';

/** Sends a signal to a process that may be gone already. @param {number} pid @param {NodeJS.Signals} signal */
export function killQuietly(pid, signal) {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

/**
 * Watches a spawned server: it is killed if this Node process exits without stopping it;
 * `exited` resolves, with why, once it has exited; `stop` signals it and kills it when it has
 * not ended after `stopTimeoutMs`.
 * @param {import('node:child_process').ChildProcess} child
 * @param {string} binary what was run, for the message when it could not be
 * @param {number} stopTimeoutMs
 */
export function superviseChild(child, binary, stopTimeoutMs) {
  const pid = child.pid;
  // If this process exits without stop() (process.exit, an uncaught error), don't orphan it.
  const killOnExit = () => {
    if (pid) killQuietly(pid, 'SIGKILL');
  };
  process.once('exit', killOnExit);

  /** @type {string | null} */
  let exitReason = null;
  /** @type {Promise<string>} */
  const exited = new Promise((resolve) => {
    const finish = (/** @type {string} */ reason) => {
      if (exitReason !== null) return;
      exitReason = reason;
      process.off('exit', killOnExit);
      resolve(reason);
    };
    child.once('exit', (code, signal) => finish(`exited (${signal ?? `code ${code}`})`));
    child.once('error', (err) => finish(`could not run ${binary}: ${err.message}`));
  });

  return {
    pid,
    exited,
    /** Why it exited, or null while it runs. */
    exitReason: () => exitReason,
    /** @param {NodeJS.Signals} signal */
    async stop(signal) {
      if (exitReason !== null) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Whether `pid` is alive and its command line passes `matches` (guards against a reused PID,
 * e.g. of a server another process started and recorded). Without /proc the PID is trusted.
 * @param {number} pid
 * @param {(cmdline: string) => boolean} matches
 */
export function runsCommand(pid, matches) {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return matches(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
  } catch {
    return true; // no /proc: trust the PID
  }
}

/**
 * Stops a process by PID, whoever started it, as long as `running()` says it is still the one
 * meant: `signal`, then SIGKILL after `timeoutMs`; resolves once it is gone.
 * @param {number} pid
 * @param {() => boolean} running
 * @param {{ signal: NodeJS.Signals, timeoutMs: number }} options
 */
export async function stopWhileRunning(pid, running, { signal, timeoutMs }) {
  const sleep = () => new Promise((resolve) => setTimeout(resolve, 25));
  if (!running()) return;
  killQuietly(pid, signal);
  const deadline = Date.now() + timeoutMs;
  while (running() && Date.now() < deadline) await sleep();
  if (running()) killQuietly(pid, 'SIGKILL');
  while (running()) await sleep();
}
