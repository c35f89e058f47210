// What the broker launchers (Mosquitto, Redis) share about the server process they spawn.

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
