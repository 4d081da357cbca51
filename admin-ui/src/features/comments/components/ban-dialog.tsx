import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/client';
import type { BanInput, Comment } from '../../../api/types';
import { Button } from '../../../components/ui/button';
import { Dialog } from '../../../components/ui/dialog';
import { ErrorMessage } from '../../../components/ui/error-message';
import { Checkbox, SelectField, TextArea, TextField } from '../../../components/ui/field';
import { toast } from '../../../components/ui/toast';
import { useBanMutations } from '../api/use-comments';

/**
 * BanDialog bans a commenter: by e-mail or client address, typed in or taken
 * from one of their comments, for good or until a date. The ban also takes
 * their waiting comments out of the queue (rejected, or spam when ticked);
 * the toast says how many.
 */
export function BanDialog({ onClose, comment }: { onClose: () => void; comment?: Comment | undefined }) {
  const { t } = useTranslation();
  const { create } = useBanMutations();
  const [kind, setKind] = useState('email');
  const [value, setValue] = useState('');
  const [reason, setReason] = useState('');
  const [until, setUntil] = useState('');
  const [spam, setSpam] = useState(false);
  const fields = create.error instanceof ApiError ? create.error.fields : {};
  const submit = () => {
    const input: BanInput = { kind, reason: reason.trim(), expires_at: until ? new Date(`${until}T23:59:59`).toISOString() : null, spam };
    if (comment) input.comment_id = comment.id;
    else input.value = value.trim();
    create.mutate(input, {
      onSuccess: (ban) => {
        // The ban also takes the commenter's waiting comments out of the queue.
        const cleared = ban.cleared_comments ?? 0;
        toast(cleared > 0 ? t('moderation.bannedCleared', { count: cleared }) : t('moderation.banned'));
        onClose();
      },
    });
  };
  return (
    <Dialog
      open
      onClose={onClose}
      title={t('moderation.banTitle')}
      footer={
        <>
          <Button variant="danger" busy={create.isPending} onClick={submit} disabled={!comment && !value.trim()}>
            {t('moderation.ban')}
          </Button>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
        </>
      }
    >
      {comment && (
        <p>
          {t('moderation.banCommenter')} <strong dir="auto">{comment.author_name}</strong>{' '}
          <span dir="ltr" className="muted">
            {comment.author_email}
          </span>
        </p>
      )}
      <SelectField label={t('moderation.banBy')} value={kind} onChange={(e) => setKind(e.target.value)} error={fields['kind']}>
        <option value="email">{t('moderation.kinds.email')}</option>
        <option value="client">{t('moderation.kinds.client')}</option>
      </SelectField>
      {!comment && <TextField label={kind === 'email' ? t('moderation.email') : t('moderation.client')} dir="ltr" value={value} onChange={(e) => setValue(e.target.value)} autoFocus error={fields['value']} />}
      <TextArea label={t('moderation.reason')} dir="auto" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} error={fields['reason']} />
      <Checkbox label={t('moderation.banSpam')} checked={spam} onChange={(e) => setSpam(e.target.checked)} />
      <p className="muted">{t('moderation.banClears')}</p>
      <TextField label={t('moderation.until')} hint={t('moderation.untilHint')} type="date" value={until} onChange={(e) => setUntil(e.target.value)} error={fields['expires_at']} />
      {create.error != null && Object.keys(fields).length === 0 && <ErrorMessage error={create.error} />}
    </Dialog>
  );
}
