// What a workflow action sends, from what its dialog holds: the one place
// that knows which action takes a note, a reason, a time or a correction.
import type { TransitionInput } from '../../../api/types';
import { fromLocalInput } from '../../../lib/format-date';

/** TransitionForm is what the action dialog holds. */
export interface TransitionForm {
  /** The note (request changes, archive), the reason (unpublish) or the correction's note (republish). */
  note: string;
  /** The publication time of schedule, as a datetime-local value. */
  when: string;
  /** The type of a public correction carried by a republish, '' for none. */
  correctionType: string;
}

/** TransitionFormError names the i18n key under workflow. of what is missing. */
export type TransitionFormError = 'noteRequired' | 'scheduleInFuture' | 'correctionNoteRequired';

/** transitionInput is the body of an action, or the error to show instead of sending it. */
export function transitionInput(action: string, form: TransitionForm, now: number): { input: TransitionInput } | { error: TransitionFormError } {
  const note = form.note.trim();
  switch (action) {
    case 'request_changes':
      // The writer needs to know what to change; the API refuses it without a note too.
      return note ? { input: { note } } : { error: 'noteRequired' };
    case 'schedule': {
      const at = fromLocalInput(form.when);
      if (!at || Date.parse(at) <= now) return { error: 'scheduleInFuture' };
      return { input: { publish_at: at } };
    }
    case 'unpublish':
      return { input: { reason: note } };
    case 'archive':
      // Optional: why the draft is put away, for the history.
      return { input: note ? { note } : {} };
    case 'publish':
      if (!form.correctionType) return { input: {} };
      if (!note) return { error: 'correctionNoteRequired' };
      return { input: { correction: { type: form.correctionType, note } } };
    default:
      return { input: {} };
  }
}
