import { describe, expect, it } from 'vitest';
import { toLocalInput } from '../../../lib/format-date';
import { transitionInput } from './transition-input';

const now = Date.parse('2026-03-01T10:00:00Z');
const form = (over: Partial<{ note: string; when: string; correctionType: string }> = {}) => ({ note: '', when: '', correctionType: '', ...over });

describe('transitionInput', () => {
  it('requires the note of a request for changes and sends it trimmed', () => {
    expect(transitionInput('request_changes', form({ note: '   ' }), now)).toEqual({ error: 'noteRequired' });
    expect(transitionInput('request_changes', form({ note: ' أضف مصدر الخبر \n' }), now)).toEqual({ input: { note: 'أضف مصدر الخبر' } });
  });

  it('sends an archive note only when there is one', () => {
    expect(transitionInput('archive', form(), now)).toEqual({ input: {} });
    expect(transitionInput('archive', form({ note: 'مكرر' }), now)).toEqual({ input: { note: 'مكرر' } });
  });

  it('sends the reason of an unpublish as reason', () => {
    expect(transitionInput('unpublish', form({ note: 'خطأ في الخبر' }), now)).toEqual({ input: { reason: 'خطأ في الخبر' } });
  });

  it('schedules only in the future', () => {
    expect(transitionInput('schedule', form({ when: toLocalInput(new Date(now - 60_000)) }), now)).toEqual({ error: 'scheduleInFuture' });
    expect(transitionInput('schedule', form({ when: '' }), now)).toEqual({ error: 'scheduleInFuture' });
    const later = transitionInput('schedule', form({ when: toLocalInput(new Date(now + 3_600_000)) }), now);
    expect('input' in later && Date.parse(later.input.publish_at ?? '')).toBe(now + 3_600_000);
  });

  it('asks for the note of a public correction on a republish', () => {
    expect(transitionInput('publish', form(), now)).toEqual({ input: {} });
    expect(transitionInput('publish', form({ correctionType: 'correction' }), now)).toEqual({ error: 'correctionNoteRequired' });
    expect(transitionInput('publish', form({ correctionType: 'update', note: 'أضيفت أرقام' }), now)).toEqual({ input: { correction: { type: 'update', note: 'أضيفت أرقام' } } });
  });

  it('sends nothing for actions without input', () => {
    expect(transitionInput('submit', form({ note: 'x' }), now)).toEqual({ input: {} });
    expect(transitionInput('cancel_schedule', form(), now)).toEqual({ input: {} });
  });
});
