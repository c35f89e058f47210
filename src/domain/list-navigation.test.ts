import { describe, expect, it } from 'vitest';
import { moveIndex, rowsPerPage, scrollTopToShow } from './list-navigation';

describe('moving the active row with keys', () => {
  it('steps with the arrows and stops at both ends', () => {
    expect(moveIndex('ArrowDown', 3, 10, 5)).toBe(4);
    expect(moveIndex('ArrowUp', 3, 10, 5)).toBe(2);
    expect(moveIndex('ArrowDown', 9, 10, 5)).toBe(9);
    expect(moveIndex('ArrowUp', 0, 10, 5)).toBe(0);
  });

  it('jumps to the ends with Home and End, and by a page with PageUp and PageDown', () => {
    expect(moveIndex('Home', 7, 10, 5)).toBe(0);
    expect(moveIndex('End', 2, 10, 5)).toBe(9);
    expect(moveIndex('PageDown', 2, 10, 5)).toBe(7);
    expect(moveIndex('PageDown', 7, 10, 5)).toBe(9);
    expect(moveIndex('PageUp', 7, 10, 5)).toBe(2);
    expect(moveIndex('PageUp', 3, 10, 5)).toBe(0);
    expect(moveIndex('PageDown', 0, 10, 0)).toBe(1);
  });

  it('starts at the first row (or the last, for End) when no row is active', () => {
    expect(moveIndex('ArrowDown', -1, 10, 5)).toBe(0);
    expect(moveIndex('PageDown', -1, 10, 5)).toBe(0);
    expect(moveIndex('End', -1, 10, 5)).toBe(9);
  });

  it('ignores other keys and empty lists', () => {
    expect(moveIndex('a', 3, 10, 5)).toBeUndefined();
    expect(moveIndex('Enter', -1, 10, 5)).toBeUndefined();
    expect(moveIndex('ArrowDown', 0, 0, 5)).toBeUndefined();
  });
});

describe('keeping a row in view', () => {
  it('leaves the scroll alone when the row is in view', () => {
    expect(scrollTopToShow(5, 20, 60, 200)).toBe(60);
  });

  it('scrolls up to a row above and down just enough for a row below', () => {
    expect(scrollTopToShow(1, 20, 60, 200)).toBe(20);
    expect(scrollTopToShow(20, 20, 60, 200)).toBe(220);
  });

  it('counts a page as the rows that fit, less one', () => {
    expect(rowsPerPage(420, 26)).toBe(15);
    expect(rowsPerPage(10, 26)).toBe(1);
  });
});
