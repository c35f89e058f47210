/**
 * The broker report card's data: one row per feature with what was observed, what the spec
 * says and a note; a row's status is only ever one of four words, taken from what a run saw.
 * Also its Markdown and JSON forms and the comparison of two reports. Pure: no I/O, no React.
 */

export type RowStatus = 'supported' | 'not supported' | 'differs from the spec' | 'could not test';

export const ROW_STATUSES: readonly RowStatus[] = [
  'supported',
  'not supported',
  'differs from the spec',
  'could not test',
];

export interface ReportRow {
  /** Stable across runs, for comparing reports (e.g. "scenario:keepalive", "connack:receive-maximum"). */
  id: string;
  feature: string;
  status: RowStatus;
  /** What was seen; for "could not test", why not. */
  observed: string;
  spec: string;
  note: string;
}

export interface BrokerReport {
  /** Format of this record, for reading saved reports later. */
  format: 1;
  id: string;
  brokerUrl: string;
  protocolVersion: 4 | 5;
  /** ISO date-time. */
  startedAt: string;
  durationMs: number;
  /** False when it was stopped before every check ran. */
  complete: boolean;
  /** Whether the latency and rate measurements were part of the run. */
  measured: boolean;
  rows: ReportRow[];
}

/** The report's title: broker, MQTT version and when. */
export function reportTitle(report: BrokerReport): string {
  return `${report.brokerUrl} · MQTT ${report.protocolVersion === 5 ? '5.0' : '3.1.1'} · ${formatWhen(report.startedAt)}`;
}

function formatWhen(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The observed-result cell: "supported: …", "could not test (…)". */
export function resultText(row: ReportRow): string {
  if (row.status === 'could not test') return `could not test (${row.observed})`;
  return `${row.status}: ${row.observed}`;
}

const cell = (text: string) =>
  text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ');

export function toMarkdown(report: BrokerReport): string {
  const counts = ROW_STATUSES.map(
    (status) => `${report.rows.filter((r) => r.status === status).length} ${status}`,
  ).join(', ');
  const lines = [
    `# Broker report card: ${report.brokerUrl}`,
    '',
    `MQTT ${report.protocolVersion === 5 ? '5.0' : '3.1.1'}, run ${formatWhen(report.startedAt)} for ${Math.round(report.durationMs / 1000)} s${report.complete ? '' : ' (stopped before the end)'}${report.measured ? '' : ', without the latency and rate measurements'}. ${counts}.`,
    '',
    '| Feature | Observed result | What the spec says | Note |',
    '| --- | --- | --- | --- |',
    ...report.rows.map(
      (r) => `| ${cell(r.feature)} | ${cell(resultText(r))} | ${cell(r.spec)} | ${cell(r.note)} |`,
    ),
    '',
  ];
  return lines.join('\n');
}

export function toJson(report: BrokerReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

export type RowChange = 'same' | 'status' | 'details' | 'only-a' | 'only-b';

export interface ComparedRow {
  id: string;
  feature: string;
  a?: ReportRow;
  b?: ReportRow;
  change: RowChange;
}

/** Row by row, in A's order then B's extras: which status changed, which details only. */
export function compareReports(a: BrokerReport, b: BrokerReport): ComparedRow[] {
  const inB = new Map(b.rows.map((r) => [r.id, r]));
  const out: ComparedRow[] = a.rows.map((rowA) => {
    const rowB = inB.get(rowA.id);
    const change: RowChange = !rowB
      ? 'only-a'
      : rowB.status !== rowA.status
        ? 'status'
        : rowB.observed !== rowA.observed
          ? 'details'
          : 'same';
    return { id: rowA.id, feature: rowA.feature, a: rowA, b: rowB, change };
  });
  const inA = new Set(a.rows.map((r) => r.id));
  for (const rowB of b.rows)
    if (!inA.has(rowB.id))
      out.push({ id: rowB.id, feature: rowB.feature, b: rowB, change: 'only-b' });
  return out;
}

/** A saved report read back: undefined when it is not one (the store may hold anything). */
export function readReport(raw: unknown): BrokerReport | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Partial<BrokerReport>;
  if (
    r.format !== 1 ||
    typeof r.id !== 'string' ||
    typeof r.brokerUrl !== 'string' ||
    (r.protocolVersion !== 4 && r.protocolVersion !== 5) ||
    typeof r.startedAt !== 'string' ||
    typeof r.durationMs !== 'number' ||
    !Array.isArray(r.rows)
  )
    return undefined;
  const rows: ReportRow[] = [];
  for (const row of r.rows as unknown[]) {
    const x = row as Partial<ReportRow> | null;
    if (
      !x ||
      typeof x.id !== 'string' ||
      typeof x.feature !== 'string' ||
      !ROW_STATUSES.includes(x.status as RowStatus) ||
      typeof x.observed !== 'string' ||
      typeof x.spec !== 'string' ||
      typeof x.note !== 'string'
    )
      return undefined;
    rows.push({
      id: x.id,
      feature: x.feature,
      status: x.status as RowStatus,
      observed: x.observed,
      spec: x.spec,
      note: x.note,
    });
  }
  return {
    format: 1,
    id: r.id,
    brokerUrl: r.brokerUrl,
    protocolVersion: r.protocolVersion,
    startedAt: r.startedAt,
    durationMs: r.durationMs,
    complete: r.complete !== false,
    measured: r.measured !== false,
    rows,
  };
}
