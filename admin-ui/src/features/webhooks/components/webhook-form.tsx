import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/client';
import { Button } from '../../../components/ui/button';
import { ErrorMessage } from '../../../components/ui/error-message';
import { Checkbox, TextField } from '../../../components/ui/field';
import type { Webhook, WebhookInput } from '../../../api/types';
import { webhookEvents } from '../api/use-webhooks';

/** WebhookForm edits a webhook's URL, events and whether it is active. */
export function WebhookForm({ hook, busy, error, onSubmit }: { hook?: Webhook; busy: boolean; error: unknown; onSubmit: (input: WebhookInput) => void }) {
  const { t } = useTranslation();
  const [url, setUrl] = useState(hook?.url ?? 'https://');
  const [events, setEvents] = useState<string[]>(hook?.events ?? ['article.published']);
  const [active, setActive] = useState(hook?.active ?? true);
  const [description, setDescription] = useState(hook?.description ?? '');
  const fields = error instanceof ApiError ? error.fields : {};
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        const input: WebhookInput = {};
        if (!hook || url !== hook.url) input.url = url.trim();
        if (!hook || events.join() !== hook.events.join()) input.events = events;
        if (!hook || active !== hook.active) input.active = active;
        if (!hook || description !== hook.description) input.description = description.trim();
        onSubmit(input);
      }}
    >
      <TextField label={t('webhooks.url')} type="url" dir="ltr" required value={url} onChange={(e) => setUrl(e.target.value)} error={fields['url']} />
      <TextField label={t('webhooks.description')} dir="auto" value={description} onChange={(e) => setDescription(e.target.value)} error={fields['description']} />
      <fieldset className="fieldset">
        <legend>{t('webhooks.events')}</legend>
        {webhookEvents.map((ev) => (
          <Checkbox key={ev} label={<code>{ev}</code>} checked={events.includes(ev)} onChange={(e) => setEvents(e.target.checked ? [...events, ev] : events.filter((x) => x !== ev))} />
        ))}
        {fields['events'] && <p className="field-error">{fields['events']}</p>}
      </fieldset>
      <Checkbox label={t('webhooks.active')} checked={active} onChange={(e) => setActive(e.target.checked)} />
      {error != null && !Object.keys(fields).length && <ErrorMessage error={error} />}
      <Button type="submit" variant="primary" busy={busy}>
        {t('common.save')}
      </Button>
    </form>
  );
}
