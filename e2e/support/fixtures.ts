/**
 * The Playwright `test` for every spec: a `console.error` on the page (its workers included) or
 * an uncaught page error fails the test. A spec that provokes an error on purpose (e.g. a broker
 * that goes away) declares it with `consoleErrors.allow(/pattern/)`.
 */
import { test as base, expect } from '@playwright/test';

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

export const test = base.extend<{ consoleErrors: ConsoleErrors }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form.
  consoleErrors: async ({}, use) => {
    await use(new ConsoleErrors());
  },
  // Overriding `page` (rather than an auto fixture) keeps Node-only tests free of a browser.
  page: async ({ page, consoleErrors }, use) => {
    page.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      const { url, lineNumber } = msg.location();
      consoleErrors.record(`console.error: ${msg.text()}${url ? ` (${url}:${lineNumber})` : ''}`);
    });
    page.on('pageerror', (err) => consoleErrors.record(`pageerror: ${err.stack ?? err.message}`));
    await use(page);
    expect(consoleErrors.errors, 'console errors and uncaught page errors').toEqual([]);
  },
});

export { expect };
