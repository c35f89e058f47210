#!/usr/bin/env node
/**
 * `npm test`: type check, lint, format check, unit tests, build, end-to-end tests, in that order.
 * Every step runs even after a failure, so that one run reports everything. The last line printed
 * is the one CI reads: `N passed, N failed` (plus `, N skipped` when tests were skipped).
 *
 * Counting: tsc, eslint, prettier and vite build are one test each. Vitest and Playwright count
 * their tests, read from their JSON reports in reports/; a runner whose report is missing (it
 * crashed) counts as 1 failed. A summary of every step goes to reports/summary.json.
 *
 * Flags: --no-e2e skips the Playwright step (quick local runs).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REPORTS_DIR = path.join(ROOT, 'reports');
const VITEST_REPORT = path.join(REPORTS_DIR, 'vitest.json');
const PLAYWRIGHT_REPORT = path.join(REPORTS_DIR, 'playwright.json');
const SUMMARY_REPORT = path.join(REPORTS_DIR, 'summary.json');

const args = new Set(process.argv.slice(2));
const skipE2e = args.has('--no-e2e');
for (const arg of args) {
  if (arg !== '--no-e2e') {
    console.error(`run-tests: unknown argument ${arg} (known: --no-e2e)`);
    process.exit(2);
  }
}

/** @type {{ name: string, passed: number, failed: number, skipped: number, exitCode: number | null, durationMs: number, note?: string }[]} */
const results = [];
/** Printed just before the summary: failed and flaky test names, crashed runners. */
const notes = [];

function bin(name) {
  return path.join(ROOT, 'node_modules', '.bin', name);
}

function banner(text) {
  console.log(`\n=== ${text} ${'='.repeat(Math.max(3, 76 - text.length))}`);
}

/** Runs a command with inherited output; resolves with its exit code (null if killed). */
function run(command, commandArgs, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, commandArgs, {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, ...env },
    });
    child.once('error', (err) => {
      console.error(`run-tests: cannot start ${command}: ${err.message}`);
      resolve(127);
    });
    child.once('exit', (code, signal) => {
      if (signal) console.error(`run-tests: ${path.basename(command)} killed by ${signal}`);
      resolve(code);
    });
  });
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

async function step(name, command, commandArgs, count, env) {
  banner(name);
  const startedAt = Date.now();
  const exitCode = await run(command, commandArgs, env);
  const durationMs = Date.now() - startedAt;
  const counts = count
    ? count(exitCode)
    : exitCode === 0
      ? { passed: 1, failed: 0, skipped: 0 }
      : { passed: 0, failed: 1, skipped: 0, note: `${name} failed (exit code ${exitCode})` };
  if (counts.note) notes.push(counts.note);
  results.push({ name, ...counts, exitCode, durationMs });
  return exitCode;
}

function countVitest(exitCode) {
  const report = readJson(VITEST_REPORT);
  if (!report) {
    return {
      passed: 0,
      failed: 1,
      skipped: 0,
      note: `vitest: no report at ${path.relative(ROOT, VITEST_REPORT)} (exit code ${exitCode})`,
    };
  }
  let failed = report.numFailedTests ?? 0;
  const passed = report.numPassedTests ?? 0;
  const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  const failedNames = [];
  for (const file of report.testResults ?? []) {
    const fileName = path.relative(ROOT, file.name ?? '?');
    const assertions = file.assertionResults ?? [];
    if (file.status === 'failed' && assertions.length === 0) {
      failed += 1;
      failedNames.push(`${fileName} (suite failed: ${firstLine(file.message)})`);
    }
    for (const test of assertions) {
      if (test.status === 'failed')
        failedNames.push(`${fileName} > ${test.fullName ?? test.title}`);
    }
  }
  let note;
  if (exitCode !== 0 && failed === 0) {
    // e.g. an unhandled error, or no test files found: vitest failed without a failed test.
    failed = 1;
    note = `vitest exited with code ${exitCode} without a failed test in its report`;
  }
  for (const name of failedNames) notes.push(`vitest failed: ${name}`);
  return { passed, failed, skipped, note };
}

function firstLine(text) {
  return String(text ?? '')
    .split('\n')[0]
    .slice(0, 200);
}

/** Walks Playwright's JSON suites and yields [titlePath, test]. */
function* playwrightTests(suites, titles = []) {
  for (const suite of suites ?? []) {
    const here = suite.title ? [...titles, suite.title] : titles;
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) yield [[...here, spec.title].join(' › '), test];
    }
    yield* playwrightTests(suite.suites, here);
  }
}

function countPlaywright(exitCode) {
  const report = readJson(PLAYWRIGHT_REPORT);
  if (!report?.stats) {
    return {
      passed: 0,
      failed: 1,
      skipped: 0,
      note: `playwright: no report at ${path.relative(ROOT, PLAYWRIGHT_REPORT)} (exit code ${exitCode})`,
    };
  }
  const { expected = 0, unexpected = 0, flaky = 0, skipped = 0 } = report.stats;
  for (const [title, test] of playwrightTests(report.suites)) {
    if (test.status === 'unexpected') notes.push(`playwright failed: ${title}`);
    if (test.status === 'flaky') notes.push(`playwright flaky (counted as passed): ${title}`);
    if (test.status === 'skipped') notes.push(`playwright skipped: ${title}`);
  }
  let failed = unexpected;
  let note;
  const errors = report.errors ?? [];
  for (const error of errors) notes.push(`playwright error: ${firstLine(error.message)}`);
  if (failed === 0 && (errors.length > 0 || exitCode !== 0)) {
    // e.g. the global setup threw: no test failed, yet the run did.
    failed = 1;
    note = `playwright exited with code ${exitCode} without a failed test in its report`;
  }
  return { passed: expected + flaky, failed, skipped, note };
}

fs.mkdirSync(REPORTS_DIR, { recursive: true });
// A stale report must never stand in for a runner that crashed this time.
for (const file of [VITEST_REPORT, PLAYWRIGHT_REPORT, SUMMARY_REPORT])
  fs.rmSync(file, { force: true });

await step('typecheck (tsc --noEmit)', bin('tsc'), ['--noEmit']);
await step('lint (eslint .)', bin('eslint'), ['.']);
await step('format (prettier --check .)', bin('prettier'), ['--check', '.']);
await step(
  'unit tests (vitest run)',
  bin('vitest'),
  ['run', '--reporter=default', '--reporter=json', `--outputFile=${VITEST_REPORT}`],
  countVitest,
);
const buildExit = await step('build (vite build)', bin('vite'), ['build']);

if (skipE2e) {
  banner('end-to-end tests (playwright test)');
  console.log('Skipped: --no-e2e');
  notes.push('end-to-end tests skipped (--no-e2e)');
} else if (buildExit !== 0) {
  banner('end-to-end tests (playwright test)');
  console.log('Not run: the build failed, so dist/ is missing or stale.');
  notes.push('playwright not run because the build failed (counted as 1 failed)');
  results.push({
    name: 'end-to-end tests (playwright test)',
    passed: 0,
    failed: 1,
    skipped: 0,
    exitCode: null,
    durationMs: 0,
  });
} else {
  await step('end-to-end tests (playwright test)', bin('playwright'), ['test'], countPlaywright, {
    PLAYWRIGHT_JSON_OUTPUT_FILE: PLAYWRIGHT_REPORT,
  });
}

const total = results.reduce(
  (sum, r) => ({
    passed: sum.passed + r.passed,
    failed: sum.failed + r.failed,
    skipped: sum.skipped + r.skipped,
  }),
  { passed: 0, failed: 0, skipped: 0 },
);
fs.writeFileSync(
  SUMMARY_REPORT,
  JSON.stringify({ ...total, e2eSkipped: skipE2e, steps: results, notes }, null, 2) + '\n',
);

banner('summary');
for (const r of results) {
  const status = r.failed > 0 ? 'FAIL' : 'ok  ';
  const skipped = r.skipped ? `, ${r.skipped} skipped` : '';
  const seconds = (r.durationMs / 1000).toFixed(1);
  console.log(
    `${status} ${r.name}: ${r.passed} passed, ${r.failed} failed${skipped} (${seconds} s)`,
  );
}
for (const note of notes) console.log(`- ${note}`);
const skippedSuffix = total.skipped > 0 ? `, ${total.skipped} skipped` : '';
console.log(`${total.passed} passed, ${total.failed} failed${skippedSuffix}`);
process.exitCode = total.failed > 0 ? 1 : 0;
