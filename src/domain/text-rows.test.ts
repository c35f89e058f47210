import { describe, expect, it } from 'vitest';
import { textRows } from './text-rows';

const all = (text: string, width: number) => {
  const rows = textRows(text, width);
  return Array.from({ length: rows.count }, (_, i) => rows.row(i));
};

describe('textRows', () => {
  it('gives one row per line, empty lines included', () => {
    expect(all('a\n\nbc', 10)).toEqual(['a', '', 'bc']);
    expect(all('', 10)).toEqual(['']);
    expect(all('x\n', 10)).toEqual(['x', '']);
  });

  it('splits a long line into rows that join back to it', () => {
    const rows = textRows('abcdefg\nh', 3);
    expect(all('abcdefg\nh', 3)).toEqual(['abc', 'def', 'g', 'h']);
    expect([0, 1, 2, 3].map((i) => rows.continues(i))).toEqual([false, true, true, false]);
  });

  it('never cuts a surrogate pair', () => {
    const text = 'a😀b😀';
    const rows = all(text, 2);
    expect(rows.join('')).toBe(text);
    expect(rows.every((r) => !/[\ud800-\udbff]$/.test(r))).toBe(true);
  });

  it('handles a 10 MB line in bounded rows', () => {
    const rows = textRows('x'.repeat(10_000_000), 1000);
    expect(rows.count).toBe(10_000);
    expect(rows.row(9_999)).toHaveLength(1000);
  });
});
