import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { Button } from '../../../components/ui/button';
import { Dialog } from '../../../components/ui/dialog';
import { ErrorMessage } from '../../../components/ui/error-message';
import { Loading } from '../../../components/ui/loading';
import { PageHeader } from '../../../components/ui/page-header';
import { Pager } from '../../../components/ui/pager';
import { toast } from '../../../components/ui/toast';
import type { Webhook } from '../../../api/types';
import { useWebhookMutations, useWebhooks } from '../api/use-webhooks';
import { WebhookForm } from '../components/webhook-form';

/** WebhookListRoute: admins register URLs that hear of publishing and other events. */
export function WebhookListRoute() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const list = useWebhooks(params.get('cursor') || undefined);
  const { create } = useWebhookMutations();
  const [adding, setAdding] = useState(false);
  const [secretOf, setSecretOf] = useState<Webhook | null>(null);
  return (
    <div>
      <PageHeader title={t('webhooks.title')} actions={<Button variant="primary" onClick={() => { create.reset(); setAdding(true); }}>{t('webhooks.new')}</Button>} />
      <p className="muted">{t('webhooks.explain')}</p>
      {list.isPending && <Loading />}
      {list.error && <ErrorMessage error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && list.data.data.length === 0 && <p className="muted">{t('webhooks.none')}</p>}
      {list.data && list.data.data.length > 0 && (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('webhooks.url')}</th>
              <th scope="col">{t('webhooks.events')}</th>
              <th scope="col">{t('webhooks.active')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.data.map((h) => (
              <tr key={h.id}>
                <td dir="ltr">
                  <Link to={`/webhooks/${h.id}`}>{h.url}</Link>
                  {h.description && (
                    <span className="muted small" dir="auto">
                      {' '}
                      — {h.description}
                    </span>
                  )}
                </td>
                <td dir="ltr">{h.events.join(', ')}</td>
                <td>{h.active ? t('users.activeYes') : t('users.activeNo')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager nextCursor={list.data?.next_cursor} />
      <Dialog open={adding} onClose={() => setAdding(false)} title={t('webhooks.new')}>
        {adding && (
          <WebhookForm
            busy={create.isPending}
            error={create.error}
            onSubmit={(input) =>
              create.mutate(input, {
                onSuccess: (h) => {
                  setAdding(false);
                  toast(t('common.saved'));
                  setSecretOf(h);
                },
              })
            }
          />
        )}
      </Dialog>
      <Dialog open={secretOf !== null} onClose={() => setSecretOf(null)} title={t('webhooks.secretTitle')} footer={<Button onClick={() => setSecretOf(null)}>{t('common.close')}</Button>}>
        <p>{t('webhooks.secretExplain')}</p>
        <code className="secret" dir="ltr">
          {secretOf?.secret}
        </code>
      </Dialog>
    </div>
  );
}
