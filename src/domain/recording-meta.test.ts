import { describe, expect, it } from 'vitest';
import {
  defaultRecordingName,
  importedName,
  parseRecordFilters,
  readRecordingMeta,
  recordingDurationMs,
  recordingFileName,
  recordingLabel,
  type RecordingMeta,
} from './recording-meta';

const meta: RecordingMeta = {
  id: 'r1',
  name: 'Morning',
  createdAtMs: 1,
  origin: 'recorded',
  filters: ['plant/#'],
  state: 'done',
  count: 3,
  bytes: 10,
  chunks: 1,
  firstMs: 1_000,
  lastMs: 4_500,
  note: 'Stopped',
};

describe('recording meta', () => {
  it('reads back what was written and refuses what does not fit', () => {
    expect(readRecordingMeta(structuredClone(meta))).toEqual(meta);
    const empty: Partial<RecordingMeta> = { ...meta };
    delete empty.firstMs;
    delete empty.lastMs;
    delete empty.note;
    expect(readRecordingMeta(empty)).toEqual(empty);
    expect(readRecordingMeta({ ...meta, count: -1 })).toBeUndefined();
    expect(readRecordingMeta({ ...meta, origin: 'x' })).toBeUndefined();
    expect(readRecordingMeta({ ...meta, filters: [1] })).toBeUndefined();
    expect(readRecordingMeta('x')).toBeUndefined();
  });

  it('measures the duration', () => {
    expect(recordingDurationMs(meta)).toBe(3_500);
    expect(recordingDurationMs({ firstMs: undefined, lastMs: undefined })).toBe(0);
  });

  it('reads topic filters separated by commas or lines, and names the first wrong one', () => {
    expect(parseRecordFilters('')).toEqual({ filters: [] });
    expect(parseRecordFilters(' plant/# ,sensors/+/temp\nplant/#')).toEqual({
      filters: ['plant/#', 'sensors/+/temp'],
    });
    expect(parseRecordFilters('a/#/b')).toMatchObject({
      error: expect.stringContaining('"a/#/b"'),
    });
  });

  it('makes safe file names and names', () => {
    expect(recordingFileName('a/b:c?', '.ndjson')).toBe('a_b_c_.ndjson');
    expect(recordingFileName('  ', '.csv')).toBe('recording.csv');
    expect(importedName('plant.ndjson.gz')).toBe('plant');
    expect(importedName('x.jsonl')).toBe('x');
    expect(importedName('data.txt')).toBe('data.txt');
    expect(defaultRecordingName(new Date(2025, 4, 1, 9, 5, 7).getTime())).toBe(
      'Recording 2025-05-01 09:05:07',
    );
    expect(recordingLabel('Morning')).toBe('Recording: Morning');
  });
});
