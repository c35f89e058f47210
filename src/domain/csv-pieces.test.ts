import { describe, expect, it } from 'vitest';
import { CSV_HEADER, csvPieces, isoTimeFormatter } from './csv-pieces';

describe('isoTimeFormatter', () => {
  it('writes what toISOString writes', () => {
    const iso = isoTimeFormatter();
    let seed = 11;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const times = [0, 999, 1000, -1, -1001, 1.9, -0.5, 1_700_000_000_123, 253_402_300_800_000];
    for (let i = 0; i < 2000; i++) times.push(Math.floor(next() * 4e12) - 1e12);
    for (let i = 0; i < 200; i++) times.push(1_700_000_000_000 + i * 7.25);
    for (const t of times) expect(iso(t)).toBe(new Date(t).toISOString());
  });

  it('writes nothing for a time no Date can hold', () => {
    const iso = isoTimeFormatter();
    expect(iso(Number.NaN)).toBe('');
    expect(iso(9e15)).toBe('');
  });
});

describe('csvPieces', () => {
  it('writes the header and one line per sample, text cells guarded', () => {
    const text = [
      ...csvPieces([
        { name: 'a/b "x"', xs: [0, 1500], ys: [1.5, Number.NaN] },
        { name: '=HYPERLINK(evil)/t', xs: [2], ys: [-3] },
      ]),
    ].join('');
    expect(text).toBe(
      CSV_HEADER +
        '"a/b ""x""",1970-01-01T00:00:00.000Z,0,1.5\n' +
        '"a/b ""x""",1970-01-01T00:00:01.500Z,1500,\n' +
        `"'=HYPERLINK(evil)/t",1970-01-01T00:00:00.002Z,2,-3\n`,
    );
  });

  it('cuts a long export into pieces of about the asked size, whole lines each', () => {
    const n = 50_000;
    const xs = Float64Array.from({ length: n }, (_, i) => 1_700_000_000_000 + i);
    const ys = Float64Array.from({ length: n }, (_, i) => i / 3);
    const pieces = [...csvPieces([{ name: 'plant/t', xs, ys }], 64 * 1024)];
    expect(pieces.length).toBeGreaterThan(10);
    for (const p of pieces) {
      expect(p.length).toBeLessThan(64 * 1024 + 200);
      expect(p.endsWith('\n')).toBe(true);
    }
    const lines = pieces.join('').trimEnd().split('\n');
    expect(lines).toHaveLength(n + 1);
    expect(lines[n]).toBe(
      `"plant/t",${new Date(xs[n - 1]!).toISOString()},${xs[n - 1]},${ys[n - 1]}`,
    );
  });

  it('gives the header alone when there is nothing to export', () => {
    expect([...csvPieces([])]).toEqual([CSV_HEADER]);
  });
});
