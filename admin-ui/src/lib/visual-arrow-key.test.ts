import { describe, expect, it } from 'vitest';
import { visualArrowKey } from './visual-arrow-key';

describe('visualArrowKey', () => {
  it('swaps left and right in right-to-left pages', () => {
    expect(visualArrowKey('ArrowLeft', 'rtl')).toBe('next');
    expect(visualArrowKey('ArrowRight', 'rtl')).toBe('prev');
    expect(visualArrowKey('ArrowLeft', 'ltr')).toBe('prev');
    expect(visualArrowKey('ArrowRight', 'ltr')).toBe('next');
    expect(visualArrowKey('ArrowDown', 'rtl')).toBe('next');
    expect(visualArrowKey('Enter', 'rtl')).toBeUndefined();
  });
});
