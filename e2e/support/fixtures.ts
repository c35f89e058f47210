/**
 * The Playwright `test` for every spec: a `console.error` on the page (its workers included) or
 * an uncaught page error fails the test. A spec that provokes an error on purpose (e.g. a broker
 * that goes away) declares it with `consoleErrors.allow(/pattern/)`.
 *
 * A Content-Security-Policy violation (a `securitypolicyviolation` event in the page or in one of
 * its workers) fails the test too, and cannot be allowed: the app must run under its own policy.
 */
import { test as base, expect, type Page } from '@playwright/test';

export class ConsoleErrors {
  /** Errors seen so far, as "console.error: text (url:line)" or "pageerror: stack". */
  readonly errors: string[] = [];
  private readonly allowed: RegExp[] = [];

  record(text: string): void {
    if (!this.allowed.some((pattern) => pattern.test(text))) this.errors.push(text);
  }

  /** Ignore errors whose text matches, from now on; also forgives matching ones already seen. */
  allow(pattern: RegExp): void {
    this.allowed.push(pattern);
    const kept = this.errors.filter((text) => !pattern.test(text));
    this.errors.splice(0, this.errors.length, ...kept);
  }
}

/** How the page reports a violation (a console.error starting with this), and how it is told. */
export const CSP_VIOLATION_PREFIX = '[securitypolicyviolation]';

/**
 * Runs in the page before its own scripts: reports every violation of the policy as a
 * console.error starting with CSP_VIOLATION_PREFIX.
 */
function reportViolations(prefix: string): void {
  addEventListener(
    'securitypolicyviolation',
    (event) => {
      const e = event as SecurityPolicyViolationEvent;
      const where = e.sourceFile ? ` at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}` : '';
      console.error(
        `${prefix} ${e.effectiveDirective} blocked ${e.blockedURI || 'inline'}${where}` +
          ` (${e.disposition}${e.sample ? `, "${e.sample}"` : ''}; policy: ${e.originalPolicy})`,
      );
    },
    true,
  );
}

/** A violation as Chromium reports it to DevTools (Audits.issueAdded). */
interface CspIssue {
  code: string;
  details: {
    contentSecurityPolicyIssueDetails?: {
      violatedDirective: string;
      isReportOnly: boolean;
      contentSecurityPolicyViolationType: string;
      blockedURL?: string;
      sourceCodeLocation?: { url: string; lineNumber: number; columnNumber: number };
    };
  };
}

/** What was blocked, in the words a securitypolicyviolation event uses. */
const BLOCKED: Record<string, string> = {
  kEvalViolation: 'eval',
  kWasmEvalViolation: 'wasm-eval',
  kInlineViolation: 'inline',
};

/**
 * Calls `onViolation` with each Content-Security-Policy violation in `page` (from a
 * `securitypolicyviolation` listener) and in its workers. Playwright runs no init script in a
 * worker, and a worker may start before anything could be added to it: for workers the watch
 * reads Chromium's DevTools issues instead, which a worker keeps from its first line on and
 * hands over when asked.
 */
export async function watchCspViolations(
  page: Page,
  onViolation: (text: string) => void,
): Promise<void> {
  page.on('console', (msg) => {
    if (msg.type() !== 'error' || !msg.text().startsWith(CSP_VIOLATION_PREFIX)) return;
    onViolation(msg.text());
  });
  await page.addInitScript(reportViolations, CSP_VIOLATION_PREFIX);
  if (page.context().browser()?.browserType().name() !== 'chromium') return;

  const session = await page.context().newCDPSession(page);
  const workers = new Map<string, string>();
  session.on('Target.attachedToTarget', ({ sessionId, targetInfo }) => {
    if (targetInfo.type !== 'worker') return;
    workers.set(sessionId, targetInfo.url);
    const message = JSON.stringify({ id: 1, method: 'Audits.enable', params: {} });
    session.send('Target.sendMessageToTarget', { sessionId, message }).catch(() => {
      // The page, and with it the worker, is gone.
    });
  });
  session.on('Target.detachedFromTarget', ({ sessionId }) => {
    if (sessionId) workers.delete(sessionId);
  });
  session.on('Target.receivedMessageFromTarget', ({ sessionId, message }) => {
    const { method, params } = JSON.parse(message) as {
      method?: string;
      params?: { issue?: CspIssue };
    };
    const details = params?.issue?.details.contentSecurityPolicyIssueDetails;
    if (method !== 'Audits.issueAdded' || !details || details.isReportOnly) return;
    const type = details.contentSecurityPolicyViolationType;
    const location = details.sourceCodeLocation;
    const where = location
      ? ` at ${location.url}:${location.lineNumber + 1}:${location.columnNumber + 1}`
      : '';
    onViolation(
      `${CSP_VIOLATION_PREFIX} ${details.violatedDirective} blocked ` +
        `${details.blockedURL ?? BLOCKED[type] ?? type}${where} (in worker ${workers.get(sessionId)})`,
    );
  });
  await session.send('Target.setAutoAttach', {
    autoAttach: true,
    waitForDebuggerOnStart: false,
    flatten: false,
  });
}

export const test = base.extend<{ consoleErrors: ConsoleErrors; cspViolations: string[] }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form.
  consoleErrors: async ({}, use) => {
    await use(new ConsoleErrors());
  },
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form.
  cspViolations: async ({}, use) => {
    await use([]);
  },
  // Overriding `page` (rather than an auto fixture) keeps Node-only tests free of a browser.
  page: async ({ page, consoleErrors, cspViolations }, use) => {
    await watchCspViolations(page, (text) => cspViolations.push(text));
    page.on('console', (msg) => {
      if (msg.type() !== 'error' || msg.text().startsWith(CSP_VIOLATION_PREFIX)) return;
      const { url, lineNumber } = msg.location();
      consoleErrors.record(`console.error: ${msg.text()}${url ? ` (${url}:${lineNumber})` : ''}`);
    });
    page.on('pageerror', (err) => consoleErrors.record(`pageerror: ${err.stack ?? err.message}`));
    await use(page);
    expect(cspViolations, 'Content-Security-Policy violations').toEqual([]);
    expect(consoleErrors.errors, 'console errors and uncaught page errors').toEqual([]);
  },
});

export { expect };
