// Debian's Chromium, headless, driven over a plain Chrome DevTools Protocol socket. No
// Playwright: its page instrumentation reports every WebSocket frame to DevTools and was seen to
// halve the page's receive rate. Only Runtime, Performance and Page (for scripts that must run
// before the page's own) are enabled; never Network.
import { spawn } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';

const CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
const LAUNCH_TIMEOUT_MS = 20_000;
const CALL_TIMEOUT_MS = 60_000;
export const WINDOW_SIZE = { width: 1600, height: 1000 };

/** @returns {string} */
export function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  const found = CHROMIUM_PATHS.find((p) => existsSync(p));
  if (!found) {
    throw new Error('Chromium not found: apt-get install chromium (or set CHROMIUM_PATH)');
  }
  return found;
}

/** A CDP session on one page target. */
class CdpSession {
  /** @param {WebSocket} socket */
  constructor(socket) {
    this.socket = socket;
    this.nextId = 1;
    /** @type {Map<number, { resolve: (v: any) => void, reject: (e: Error) => void, method: string, timer: NodeJS.Timeout }>} */
    this.pending = new Map();
    /** @type {Map<string, Set<(params: any) => void>>} */
    this.listeners = new Map();
    socket.on('message', (data) => {
      const message = JSON.parse(String(data));
      if (typeof message.id === 'number') {
        const call = this.pending.get(message.id);
        if (!call) return;
        this.pending.delete(message.id);
        clearTimeout(call.timer);
        if (message.error) {
          call.reject(new Error(`${call.method}: ${message.error.message}`));
        } else call.resolve(message.result);
        return;
      }
      for (const listener of this.listeners.get(message.method) ?? []) listener(message.params);
    });
    socket.on('close', () => {
      for (const call of this.pending.values()) {
        clearTimeout(call.timer);
        call.reject(new Error(`${call.method}: DevTools connection closed`));
      }
      this.pending.clear();
    });
  }

  /**
   * @param {string} method
   * @param {Record<string, unknown>} [params]
   * @returns {Promise<any>}
   */
  send(method, params = {}) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method}: no answer in ${CALL_TIMEOUT_MS} ms`));
      }, CALL_TIMEOUT_MS);
      this.pending.set(id, { resolve, reject, method, timer });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  /** @param {string} event @param {(params: any) => void} listener */
  on(event, listener) {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
  }

  /**
   * Evaluates an expression in the page and returns its value (awaiting a promise).
   * @param {string} expression
   * @returns {Promise<any>}
   */
  async evaluate(expression) {
    const result = await this.send('Runtime.evaluate', {
      expression,
      awaitPromise: true,
      returnByValue: true,
    });
    if (result.exceptionDetails) {
      const details = result.exceptionDetails;
      throw new Error(
        `in page: ${details.exception?.description ?? details.text ?? 'evaluation failed'}`,
      );
    }
    return result.result.value;
  }

  /**
   * Navigates and waits until the new document has loaded.
   * @param {string} url
   */
  async navigate(url) {
    // Mark the current document so that the new one can be told apart from it.
    await this.evaluate('window.__benchOldDocument = true').catch(() => {});
    const { errorText } = await this.send('Page.navigate', { url });
    if (errorText) throw new Error(`navigation to ${url} failed: ${errorText}`);
    const deadline = Date.now() + 20_000;
    for (;;) {
      try {
        const ready = await this.evaluate(
          "!window.__benchOldDocument && document.readyState === 'complete'",
        );
        if (ready) return;
      } catch {
        // The old document's context went away mid-call: try again in the new one.
      }
      if (Date.now() > deadline) throw new Error(`${url} did not load within 20 s`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  close() {
    this.socket.close();
  }
}

/**
 * Launches Chromium headless on a fresh profile and opens a CDP session on its first page.
 * @param {{ log?: (...args: unknown[]) => void, windowSize?: { width: number, height: number } }}
 *   [options] windowSize: WINDOW_SIZE unless given
 */
export async function launchBrowser({ log = () => {}, windowSize = WINDOW_SIZE } = {}) {
  const executable = findChromium();
  const profileDir = await fs.mkdtemp(path.join(os.tmpdir(), 'brokerscope-bench-chromium-'));
  const args = [
    '--headless=new',
    '--remote-debugging-port=0',
    `--user-data-dir=${profileDir}`,
    `--window-size=${windowSize.width},${windowSize.height}`,
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
    '--disable-extensions',
    '--disable-default-apps',
    // The measured tab must run at full speed even though no one looks at it.
    '--disable-background-timer-throttling',
    '--disable-renderer-backgrounding',
    '--disable-backgrounding-occluded-windows',
    'about:blank',
  ];
  const child = spawn(executable, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let exited = false;
  child.once('exit', () => (exited = true));

  const browserWsUrl = await new Promise((resolve, reject) => {
    let stderr = '';
    const timer = setTimeout(() => {
      reject(new Error(`Chromium gave no DevTools address in time:\n${stderr.slice(-2000)}`));
    }, LAUNCH_TIMEOUT_MS);
    const onData = (/** @type {Buffer} */ chunk) => {
      stderr += chunk.toString();
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(
        new Error(`Chromium exited (${code}) before DevTools was up:\n${stderr.slice(-2000)}`),
      );
    });
  });
  // Keep draining stderr so Chromium never blocks on a full pipe.
  child.stderr.resume();

  const { host } = new URL(browserWsUrl);
  const targets = await (await fetch(`http://${host}/json/list`)).json();
  const page = targets.find((/** @type {{ type: string }} */ t) => t.type === 'page');
  if (!page) throw new Error('Chromium has no page target');
  const socket = new WebSocket(page.webSocketDebuggerUrl, { perMessageDeflate: false });
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const session = new CdpSession(socket);
  await session.send('Runtime.enable');
  await session.send('Performance.enable', { timeDomain: 'timeTicks' });
  // Only for addScriptToEvaluateOnNewDocument; its events are per navigation, not per frame.
  await session.send('Page.enable');
  log(`[chromium] pid ${child.pid}, ${executable}`);

  return {
    session,
    pid: child.pid,
    async close() {
      session.close();
      if (!exited) {
        const gone = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await gone;
        clearTimeout(timer);
      }
      await fs.rm(profileDir, { recursive: true, force: true }).catch(() => {});
    },
  };
}
