import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openReportArchive } from './report-card-archive';
import {
  compareReports,
  readReport,
  resultText,
  toMarkdown,
  type BrokerReport,
} from './report-card';

const report = (
  id: string,
  rows: BrokerReport['rows'],
  startedAt = '2026-11-30T10:00:00.000Z',
): BrokerReport => ({
  format: 1,
  id,
  brokerUrl: 'ws://localhost:9001',
  protocolVersion: 5,
  startedAt,
  durationMs: 61_000,
  complete: true,
  measured: true,
  rows,
});
const row = (id: string, status: BrokerReport['rows'][number]['status'], observed: string) => ({
  id,
  feature: `Feature ${id}`,
  status,
  observed,
  spec: 'The spec | says',
  note: 'a note',
});

describe('report card', () => {
  it('writes Markdown with one table row per feature, pipes escaped', () => {
    const md = toMarkdown(
      report('a', [row('x', 'supported', 'fine'), row('y', 'could not test', 'needs MQTT 5.0')]),
    );
    expect(md).toContain('| Feature | Observed result | What the spec says | Note |');
    expect(md).toContain('| Feature x | supported: fine | The spec \\| says | a note |');
    expect(md).toContain('| Feature y | could not test (needs MQTT 5.0) |');
    expect(md).toContain(
      '1 supported, 0 not supported, 0 differs from the spec, 1 could not test.',
    );
    expect(resultText(row('z', 'differs from the spec', 'lost 3'))).toBe(
      'differs from the spec: lost 3',
    );
  });

  it('compares two reports row by row', () => {
    const a = report('a', [
      row('x', 'supported', 'fine'),
      row('y', 'supported', '3 ms'),
      row('only-a', 'supported', ''),
    ]);
    const b = report('b', [
      row('x', 'not supported', 'no'),
      row('y', 'supported', '5 ms'),
      row('only-b', 'supported', ''),
    ]);
    expect(compareReports(a, b).map((r) => [r.id, r.change])).toEqual([
      ['x', 'status'],
      ['y', 'details'],
      ['only-a', 'only-a'],
      ['only-b', 'only-b'],
    ]);
  });

  it('reads back only what is a report', () => {
    const good = report('a', [row('x', 'supported', 'fine')]);
    expect(readReport(JSON.parse(JSON.stringify(good)))).toEqual(good);
    expect(readReport({ ...good, rows: [{ ...good.rows[0], status: 'great' }] })).toBeUndefined();
    expect(readReport(null)).toBeUndefined();
    expect(readReport({ format: 2 })).toBeUndefined();
  });

  it('keeps saved reports in IndexedDB, newest first', async () => {
    const archive = openReportArchive(`test-reports-${Math.random()}`);
    await archive.save(report('old', [row('x', 'supported', 'a')], '2026-11-29T10:00:00.000Z'));
    await archive.save(report('new', [row('x', 'supported', 'b')], '2026-11-30T10:00:00.000Z'));
    expect((await archive.list()).map((r) => r.id)).toEqual(['new', 'old']);
    await archive.remove('old');
    expect((await archive.list()).map((r) => r.id)).toEqual(['new']);
  });
});
