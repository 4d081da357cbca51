import { describe, expect, it } from 'vitest';
import { formatDate, fromLocalInput, toLocalInput } from './format-date';

describe('formatDate', () => {
  const iso = '2026-03-05T14:30:00Z';
  it('formats in the interface language', () => {
    const ar = formatDate(iso, 'ar', 'date');
    const en = formatDate(iso, 'en', 'date');
    expect(en).toMatch(/2026/);
    expect(ar).not.toBe(en);
    expect(formatDate(null, 'ar')).toBe('');
    expect(formatDate('not a date', 'ar')).toBe('');
  });
  it('says how long ago in words', () => {
    const now = new Date('2026-03-05T14:35:00Z');
    expect(formatDate(iso, 'en', 'relative', now)).toBe('5 minutes ago');
  });
  it('round-trips a datetime-local value', () => {
    const d = new Date(2026, 2, 5, 9, 15);
    expect(toLocalInput(d)).toBe('2026-03-05T09:15');
    expect(fromLocalInput('2026-03-05T09:15')).toBe(d.toISOString());
    expect(fromLocalInput('')).toBe('');
  });
});
