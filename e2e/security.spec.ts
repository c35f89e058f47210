/**
 * The page's own safety: the app runs under its Content-Security-Policy (the fixture fails any
 * test that raises a violation; here every panel that does something unusual is used once), a
 * page from another origin cannot use the app's broker, and every server and broker the tests
 * started listens on loopback only.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { isLoopback, listeningSockets } from '../server/lib/listening-sockets.mjs';
import { publishFromNode, readE2eEnv, uniqueTopicPrefix } from './support/brokers';
import { expect, test, watchCspViolations } from './support/fixtures';
import { details, subscribe, subscriptionItem, treeItem } from './support/app';

const env = readE2eEnv();

/** A second web server, on another port of the same machine: another origin. */
async function startOtherOrigin(
  respond: (req: http.IncomingMessage, res: http.ServerResponse) => void,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer(respond);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** In the page: opens a WebSocket to `url` and says whether it opened. */
function tryWebSocket(url: string): Promise<string> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, 'mqtt');
    const timer = setTimeout(() => resolve('no answer'), 10_000);
    ws.onopen = () => {
      clearTimeout(timer);
      ws.close();
      resolve('opened');
    };
    ws.onerror = () => {
      clearTimeout(timer);
      resolve('refused');
    };
  });
}

async function download(page: Page, click: () => Promise<void>): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  return fs.readFileSync(await file.path());
}

test('the app runs under its policy: charts, PNG export, scenarios and packets raise no violation', async ({
  page,
}) => {
  const response = await page.goto(env.appUrl);
  const headers = response!.headers();
  expect(headers['content-security-policy']).toContain("script-src 'self';");
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['referrer-policy']).toBe('no-referrer');
  expect(headers['cross-origin-opener-policy']).toBe('same-origin');
  const meta = await page
    .locator('meta[http-equiv="Content-Security-Policy"]')
    .getAttribute('content');
  expect(meta).toContain("script-src 'self';");
  expect(meta).toContain("object-src 'none'");
  expect(meta).not.toMatch(/unsafe-eval|frame-ancestors/);
  expect(headers['content-security-policy']).toBe(`${meta}; frame-ancestors 'none'`);
  // A first visit connects to the embedded broker by itself (from the worker).
  await expect(page.getByRole('status', { name: 'Connection status' })).toHaveText(/^Connected/, {
    timeout: 15_000,
  });

  // Charts, and a PNG drawn from the chart's SVG through a blob: URL.
  const prefix = uniqueTopicPrefix(test.info());
  await subscribe(page, `${prefix}/#`, 1);
  await expect(subscriptionItem(page, `${prefix}/#`)).toContainText('QoS 1');
  await publishFromNode(
    env.embeddedTcpUrl,
    `${prefix}/kiln/t`,
    [18, 19.5, 21, 20.25, 22].map((celsius) => JSON.stringify({ celsius })),
    { qos: 1 },
  );
  await expect(treeItem(page, 't')).toHaveAccessibleName(/t 5 messages/);
  await treeItem(page, 't').click();
  await details(page).getByRole('button', { name: 'Chart celsius' }).click();
  const figure = page
    .getByRole('region', { name: 'Charts' })
    .getByRole('figure', { name: /Chart of .*kiln\/t celsius/ });
  // The lines are drawn on a canvas; it says how many samples it drew.
  await expect(figure.locator('canvas[data-samples]')).toHaveAttribute('data-samples', '5');
  const png = await download(page, () =>
    figure.getByRole('button', { name: 'Export PNG' }).click(),
  );
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));

  // Packets, with the handshake captured on a reconnect.
  const packets = page.getByRole('region', { name: 'Packets' });
  await packets.getByRole('button', { name: 'Show packets' }).click();
  await packets.getByRole('button', { name: 'Reconnect to capture the handshake' }).click();
  await expect(
    packets
      .getByRole('list', { name: 'Packet log' })
      .getByRole('listitem')
      .filter({ hasText: /in CONNACK/ })
      .first(),
  ).toBeAttached({ timeout: 15_000 });

  // A scenario, with its own connections.
  const name = 'Retained messages';
  await page
    .getByRole('article', { name, exact: true })
    .getByRole('button', { name: `Run ${name}`, exact: true })
    .click();
  await expect(page.getByRole('status', { name: `${name} outcome`, exact: true })).toHaveText(
    /^The late subscriber got the last value/,
    { timeout: 45_000 },
  );
});

test('a page from another origin cannot open the app broker’s WebSocket', async ({
  page,
  consoleErrors,
}) => {
  // Chromium logs the refused handshake.
  consoleErrors.allow(/WebSocket connection to .* failed/);
  const other = await startOtherOrigin((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>other</title>');
  });
  try {
    await page.goto(other.url);
    expect(await page.evaluate(tryWebSocket, env.embeddedWsUrl)).toBe('refused');
    // The same from the app's own origin opens: the refusal is about where the page came from.
    await page.goto(env.appUrl);
    expect(await page.evaluate(tryWebSocket, env.embeddedWsUrl)).toBe('opened');
  } finally {
    await other.close();
  }
});

test('the violation watch sees what the policy blocks, in a page and in its worker', async ({
  browser,
}) => {
  const policy = "script-src 'self'; worker-src 'self'";
  const other = await startOtherOrigin((req, res) => {
    if (req.url === '/worker.js') {
      // Its first line: the watch must already be listening.
      res.writeHead(200, { 'Content-Type': 'text/javascript', 'Content-Security-Policy': policy });
      res.end("try { eval('1'); } catch {} postMessage('started');");
      return;
    }
    if (req.url === '/main.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript' });
      res.end(
        "new Worker('/worker.js', { type: 'module' }).onmessage = (e) => { document.title = e.data; };",
      );
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html', 'Content-Security-Policy': policy });
    res.end('<!doctype html><script>inline()</script><script src="/main.js"></script>');
  });
  const page = await browser.newPage();
  try {
    const violations: string[] = [];
    await watchCspViolations(page, (text) => violations.push(text));
    await page.goto(other.url);
    await expect(page).toHaveTitle('started');
    await expect
      .poll(() => violations.map((v) => / (script-src\S*) blocked (\S+)/.exec(v)?.slice(1)).sort())
      .toEqual([
        ['script-src', 'eval'],
        ['script-src-elem', 'inline'],
      ]);
    expect(violations.find((v) => v.includes('eval'))).toContain('/worker.js');
  } finally {
    await page.close();
    await other.close();
  }
});

test('every server and broker the tests started listens on loopback only', () => {
  const ports = {
    app: Number(new URL(env.appUrl).port),
    'embedded TCP': env.embeddedTcpPort,
    'mosquitto TCP': env.mosquittoTcpPort,
    'mosquitto WebSocket': env.mosquittoWsPort,
    'auth TCP': env.authTcpPort,
    'auth WebSocket': env.authWsPort,
  };
  const sockets = listeningSockets();
  for (const [name, port] of Object.entries(ports)) {
    const bound = sockets.filter((s) => s.port === port).map((s) => s.address);
    expect(bound.length, `${name} (port ${port}) listens`).toBeGreaterThan(0);
    expect(
      bound.filter((address) => !isLoopback(address)),
      `${name} (port ${port})`,
    ).toEqual([]);
  }
});
