import { describe, expect, it } from 'vitest';
import { writerChips } from './live-writers';

describe('writerChips', () => {
  const known = [
    { id: 'w2', name: 'سلمى' },
    { id: 'w1', name: 'Omar' },
  ];
  it('names the assigned writers in their order', () => {
    expect(writerChips(['w1', 'w2'], known, 'Former writer', false)).toEqual([
      { id: 'w1', label: 'Omar' },
      { id: 'w2', label: 'سلمى' },
    ]);
  });
  it('says "…" while the names load, and names a writer the API no longer lists as such', () => {
    expect(writerChips(['w9'], known, 'Former writer', true)).toEqual([{ id: 'w9', label: '…' }]);
    expect(writerChips(['w9'], known, 'Former writer', false)).toEqual([{ id: 'w9', label: 'Former writer' }]);
  });
});
