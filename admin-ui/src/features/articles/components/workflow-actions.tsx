import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/client';
import type { Article, TransitionInput } from '../../../api/types';
import { Button } from '../../../components/ui/button';
import { Dialog } from '../../../components/ui/dialog';
import { ErrorMessage } from '../../../components/ui/error-message';
import { SelectField, TextArea, TextField } from '../../../components/ui/field';
import { toast } from '../../../components/ui/toast';
import { toLocalInput } from '../../../lib/format-date';
import { useTransition } from '../api/use-transition';
import { transitionInput } from './transition-input';

export interface WorkflowActionsProps {
  article: Article;
  /** before runs first: the editor saves pending changes and answers the version to act on (null stops the action). */
  before: () => Promise<number | null>;
  /** done receives the updated article. */
  done: (a: Article) => void;
}

/** The order buttons appear in; the API decides which ones exist. */
const order = ['submit', 'request_changes', 'publish', 'schedule', 'cancel_schedule', 'unpublish', 'archive'];
const rank = (a: string) => (order.includes(a) ? order.indexOf(a) : order.length);

/**
 * WorkflowActions shows exactly the actions in the article's allowed_actions
 * (never working them out from roles or status), with the confirmation or
 * input each needs (transitionInput): a confirmation to publish, a note to
 * request changes, a date and time to schedule, a reason to unpublish, an
 * optional note to archive. Notes show in the article's history.
 */
export function WorkflowActions({ article, before, done }: WorkflowActionsProps) {
  const { t } = useTranslation();
  const transition = useTransition(article.id);
  const [open, setOpen] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [when, setWhen] = useState('');
  const [correctionType, setCorrectionType] = useState('');
  const [formError, setFormError] = useState('');

  const actions = article.allowed_actions
    // Saving is the editor's business and deleting has its own button and dialog.
    .filter((a) => a !== 'edit' && a !== 'delete')
    .sort((a, b) => rank(a) - rank(b));
  if (actions.length === 0) return null;

  const start = (action: string) => {
    transition.reset();
    setNote('');
    setFormError('');
    setCorrectionType('');
    setWhen(toLocalInput(new Date(Date.now() + 60 * 60_000)));
    if (action === 'submit' || action === 'cancel_schedule') {
      void run(action, {});
      return;
    }
    setOpen(action);
  };

  const run = async (action: string, input: TransitionInput) => {
    const version = await before();
    if (version === null) {
      setOpen(null);
      return;
    }
    try {
      const updated = await transition.mutateAsync({ action, version, input });
      setOpen(null);
      done(updated);
      toast(t(`workflow.done.${action}`, { defaultValue: t('workflow.done.generic') }));
    } catch {
      // shown below the buttons or in the dialog from transition.error
    }
  };

  const confirm = () => {
    if (!open) return;
    setFormError('');
    const result = transitionInput(open, { note, when, correctionType }, Date.now());
    if ('error' in result) return setFormError(t(`workflow.${result.error}`));
    return void run(open, result.input);
  };

  const republish = open === 'publish' && !!article.first_published_at;
  const err = transition.error;

  return (
    <div className="workflow-actions">
      <div className="button-row" role="group" aria-label={t('workflow.label')}>
        {actions.map((a) => (
          <Button
            key={a}
            variant={a === 'publish' || a === 'submit' ? 'primary' : a === 'unpublish' || a === 'archive' ? 'danger' : 'secondary'}
            busy={transition.isPending && transition.variables?.action === a}
            disabled={transition.isPending}
            onClick={() => start(a)}
          >
            {t(`workflow.actions.${a}`, { defaultValue: a })}
          </Button>
        ))}
      </div>
      {err && !open && (
        <>
          <ErrorMessage error={err} />
          {err instanceof ApiError && err.status === 409 && err.allowedActions.length > 0 && (
            <p className="muted">{t('workflow.allowedNow', { actions: err.allowedActions.map((a) => t(`workflow.actions.${a}`, { defaultValue: a })).join('، ') })}</p>
          )}
        </>
      )}
      <Dialog
        open={open !== null}
        onClose={() => setOpen(null)}
        title={open ? t(`workflow.dialog.${open}.title`, { defaultValue: t(`workflow.actions.${open}`) }) : ''}
        footer={
          <>
            <Button variant={open === 'unpublish' || open === 'archive' ? 'danger' : 'primary'} busy={transition.isPending} onClick={confirm}>
              {open ? t(`workflow.dialog.${open}.confirm`, { defaultValue: t(`workflow.actions.${open}`) }) : ''}
            </Button>
            <Button onClick={() => setOpen(null)} disabled={transition.isPending}>
              {t('common.cancel')}
            </Button>
          </>
        }
      >
        {open && <p dir="auto">{t(`workflow.dialog.${open}.body`, { headline: article.headline, defaultValue: '' })}</p>}
        {open === 'request_changes' && (
          <TextArea label={t('workflow.note')} dir="auto" rows={4} required autoFocus value={note} onChange={(e) => setNote(e.target.value)} error={formError || undefined} />
        )}
        {open === 'archive' && (
          <TextArea label={t('workflow.archiveNote')} hint={t('workflow.noteInHistory')} dir="auto" rows={3} autoFocus value={note} onChange={(e) => setNote(e.target.value)} />
        )}
        {open === 'unpublish' && (
          <TextArea label={t('workflow.reason')} dir="auto" rows={3} autoFocus value={note} onChange={(e) => setNote(e.target.value)} error={formError || undefined} />
        )}
        {open === 'schedule' && (
          <TextField
            label={t('workflow.publishAt')}
            type="datetime-local"
            required
            autoFocus
            min={toLocalInput(new Date())}
            value={when}
            onChange={(e) => setWhen(e.target.value)}
            hint={t('workflow.timeZone', { zone: Intl.DateTimeFormat().resolvedOptions().timeZone })}
            error={formError || undefined}
          />
        )}
        {republish && (
          <>
            <SelectField label={t('workflow.correction')} value={correctionType} onChange={(e) => setCorrectionType(e.target.value)}>
              <option value="">{t('workflow.correctionNone')}</option>
              <option value="correction">{t('workflow.correctionTypes.correction')}</option>
              <option value="clarification">{t('workflow.correctionTypes.clarification')}</option>
              <option value="update">{t('workflow.correctionTypes.update')}</option>
            </SelectField>
            {correctionType && (
              <TextArea label={t('workflow.correctionNote')} dir="auto" rows={3} value={note} onChange={(e) => setNote(e.target.value)} error={formError || undefined} />
            )}
          </>
        )}
        {open !== 'request_changes' && open !== 'unpublish' && open !== 'schedule' && formError && (
          <p className="field-error" role="alert">
            {formError}
          </p>
        )}
        {err && open && <ErrorMessage error={err} />}
      </Dialog>
    </div>
  );
}
