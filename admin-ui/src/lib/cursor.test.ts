import { describe, expect, it } from 'vitest';
import { firstPage, hasPrevPage, nextPage, prevPage } from './cursor';

describe('cursor paging in the URL', () => {
  it('goes forward and back through the pages, keeping the filters', () => {
    const p1 = new URLSearchParams('status=draft');
    const p2 = nextPage(p1, 'c2');
    const p3 = nextPage(p2, 'c3');
    expect(p3.get('cursor')).toBe('c3');
    expect(p3.get('status')).toBe('draft');
    expect(hasPrevPage(p1)).toBe(false);
    expect(hasPrevPage(p3)).toBe(true);
    const back2 = prevPage(p3);
    expect(back2.get('cursor')).toBe('c2');
    const back1 = prevPage(back2);
    expect(back1.toString()).toBe('status=draft');
  });

  it('starts again from the first page when a filter changes', () => {
    const p = nextPage(nextPage(new URLSearchParams('q=x'), 'a'), 'b');
    expect(firstPage(p).toString()).toBe('q=x');
  });
});
