import { describe, expect, it } from 'vitest';
import { gridKeyTarget } from './grid-keys';

describe('gridKeyTarget', () => {
  // Seven items in rows of three: 0 1 2 / 3 4 5 / 6
  it('moves along the row in reading order, swapped in right-to-left', () => {
    expect(gridKeyTarget('ArrowRight', 1, 7, 3, 'ltr')).toBe(2);
    expect(gridKeyTarget('ArrowLeft', 1, 7, 3, 'ltr')).toBe(0);
    expect(gridKeyTarget('ArrowRight', 1, 7, 3, 'rtl')).toBe(0);
    expect(gridKeyTarget('ArrowLeft', 1, 7, 3, 'rtl')).toBe(2);
  });
  it('moves a row up and down, and stops at the edges', () => {
    expect(gridKeyTarget('ArrowDown', 1, 7, 3, 'rtl')).toBe(4);
    expect(gridKeyTarget('ArrowUp', 4, 7, 3, 'ltr')).toBe(1);
    expect(gridKeyTarget('ArrowUp', 1, 7, 3, 'ltr')).toBeUndefined();
    expect(gridKeyTarget('ArrowDown', 4, 7, 3, 'ltr')).toBeUndefined();
    expect(gridKeyTarget('ArrowDown', 3, 7, 3, 'ltr')).toBe(6);
    expect(gridKeyTarget('ArrowLeft', 0, 7, 3, 'ltr')).toBeUndefined();
    expect(gridKeyTarget('ArrowLeft', 6, 7, 3, 'rtl')).toBeUndefined();
  });
  it('goes to the first and last with Home and End', () => {
    expect(gridKeyTarget('Home', 5, 7, 3, 'ltr')).toBe(0);
    expect(gridKeyTarget('End', 2, 7, 3, 'rtl')).toBe(6);
    expect(gridKeyTarget('End', 6, 7, 3, 'rtl')).toBeUndefined();
  });
  it('ignores other keys, empty grids and a column count of zero', () => {
    expect(gridKeyTarget('Enter', 1, 7, 3, 'ltr')).toBeUndefined();
    expect(gridKeyTarget('ArrowDown', 0, 0, 3, 'ltr')).toBeUndefined();
    expect(gridKeyTarget('ArrowDown', 0, 7, 0, 'ltr')).toBe(1);
  });
});
