import { describe, expect, it } from 'vitest';
import { PALETTE, paletteColor } from './palette';

describe('paletteColor', () => {
  it('gives distinct colours and wraps around', () => {
    expect(new Set(PALETTE).size).toBe(PALETTE.length);
    expect(paletteColor(0)).toBe(PALETTE[0]);
    expect(paletteColor(PALETTE.length + 1)).toBe(PALETTE[1]);
  });

  it('never returns undefined for odd indexes', () => {
    expect(paletteColor(-1)).toBe(PALETTE[PALETTE.length - 1]);
    expect(paletteColor(2.7)).toBe(PALETTE[2]);
  });
});
