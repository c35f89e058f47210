import { describe, expect, it } from 'vitest';
import { diffLines } from './line-diff';

describe('diffLines', () => {
  it('marks changed lines as removed then added and keeps the rest', () => {
    const diff = diffLines('{\n  "t": 1,\n  "v": 2\n}', '{\n  "t": 1,\n  "v": 3\n}')!;
    expect(diff.filter((l) => l.kind !== 'same')).toEqual([
      { kind: 'removed', text: '  "v": 2' },
      { kind: 'added', text: '  "v": 3' },
    ]);
    expect(diff.filter((l) => l.kind === 'same')).toHaveLength(3);
  });

  it('handles added and removed lines at the ends', () => {
    expect(diffLines('a', 'a\nb')).toEqual([
      { kind: 'same', text: 'a' },
      { kind: 'added', text: 'b' },
    ]);
    expect(diffLines('x\na', 'a')).toEqual([
      { kind: 'removed', text: 'x' },
      { kind: 'same', text: 'a' },
    ]);
  });

  it('refuses inputs too large to compare quickly', () => {
    const big = Array.from({ length: 2000 }, (_, i) => String(i)).join('\n');
    expect(diffLines(big, big)).toBeUndefined();
  });
});
