/**
 * What the app keeps about each recording beside its chunks: its name, how it was made, its
 * counts and time span. Written with each chunk in the same transaction, so after a reload or a
 * crash it always agrees with the chunks stored.
 */
import { validateTopicFilter } from './topic-filter';

export interface RecordingMeta {
  id: string;
  name: string;
  createdAtMs: number;
  /** Recorded from the page's connection, or imported from a file. */
  origin: 'recorded' | 'imported';
  /** The topic filters it recorded ([] for everything). */
  filters: string[];
  /** Still being written (a recorder or an import is at work, or the page closed meanwhile). */
  state: 'recording' | 'done';
  count: number;
  /** Payload bytes. */
  bytes: number;
  chunks: number;
  /** First and last time, ms since the epoch (running maximum); undefined while empty. */
  firstMs: number | undefined;
  lastMs: number | undefined;
  /** How it ended when not by Stop (storage full, page closed), or an import's report. */
  note?: string;
}

/** A stored meta record as written, or undefined when it cannot be read. */
export function readRecordingMeta(raw: unknown): RecordingMeta | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  const count = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
  const time = (v: unknown) => v === undefined || (typeof v === 'number' && Number.isFinite(v));
  if (
    typeof r.id !== 'string' ||
    typeof r.name !== 'string' ||
    typeof r.createdAtMs !== 'number' ||
    (r.origin !== 'recorded' && r.origin !== 'imported') ||
    !Array.isArray(r.filters) ||
    !r.filters.every((f) => typeof f === 'string') ||
    (r.state !== 'recording' && r.state !== 'done') ||
    !count(r.count) ||
    !count(r.bytes) ||
    !count(r.chunks) ||
    !time(r.firstMs) ||
    !time(r.lastMs) ||
    (r.note !== undefined && typeof r.note !== 'string')
  ) {
    return undefined;
  }
  const meta: RecordingMeta = {
    id: r.id,
    name: r.name,
    createdAtMs: r.createdAtMs,
    origin: r.origin,
    filters: r.filters as string[],
    state: r.state,
    count: r.count as number,
    bytes: r.bytes as number,
    chunks: r.chunks as number,
    firstMs: r.firstMs as number | undefined,
    lastMs: r.lastMs as number | undefined,
  };
  if (r.note !== undefined) meta.note = r.note as string;
  return meta;
}

/** The recording's length in ms (0 while it has fewer than two messages). */
export function recordingDurationMs(meta: Pick<RecordingMeta, 'firstMs' | 'lastMs'>): number {
  return meta.firstMs !== undefined && meta.lastMs !== undefined ? meta.lastMs - meta.firstMs : 0;
}

/**
 * Topic filters typed as a list ("plant/#, sensors/+/temp" or one per line): [] for
 * everything, or the first problem in plain words.
 */
export function parseRecordFilters(text: string): { filters: string[] } | { error: string } {
  const filters = text
    .split(/[\n,]/)
    .map((f) => f.trim())
    .filter((f) => f !== '');
  for (const f of filters) {
    const problem = validateTopicFilter(f);
    if (problem) return { error: `"${f}": ${problem}` };
  }
  return { filters: [...new Set(filters)] };
}

/** A file name from a recording's name: no path separators or control characters. */
export function recordingFileName(name: string, extension: string): string {
  // eslint-disable-next-line no-control-regex
  const safe = name.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, '_').trim() || 'recording';
  return `${safe.slice(0, 120)}${extension}`;
}

/** "Recording 2025-05-01 14:03": a name for a new recording. */
export function defaultRecordingName(nowMs: number): string {
  const d = new Date(nowMs);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `Recording ${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** The name an imported file's recording takes: the file's, without .ndjson/.jsonl/.gz. */
export function importedName(fileName: string): string {
  return fileName.replace(/(\.(ndjson|jsonl|json))?(\.gz)?$/i, '') || fileName;
}

/** The source label of a recording's messages on screen: what "Recording: <name>" shows. */
export const recordingLabel = (name: string): string => `Recording: ${name}`;
