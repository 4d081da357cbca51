import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../../components/ui/dialog';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { Button } from '../../../components/ui/button';
import { ErrorMessage } from '../../../components/ui/error-message';
import { Loading } from '../../../components/ui/loading';
import { PageHeader } from '../../../components/ui/page-header';
import { Pager } from '../../../components/ui/pager';
import { toast } from '../../../components/ui/toast';
import { useFormatDate } from '../../../lib/format-date';
import { useDeliveries, useWebhook, useWebhookMutations } from '../api/use-webhooks';
import { WebhookForm } from '../components/webhook-form';

/** WebhookDetailRoute edits a webhook and shows its deliveries with their status and retries. */
export function WebhookDetailRoute() {
  const { t } = useTranslation();
  const fmt = useFormatDate();
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const hook = useWebhook(id);
  const deliveries = useDeliveries(id, params.get('cursor') || undefined);
  const { update, remove, rotate, test } = useWebhookMutations();
  const [secret, setSecret] = useState<string | null>(null);
  if (hook.isPending) return <Loading />;
  if (hook.error) return <ErrorMessage error={hook.error} />;
  const h = hook.data;
  return (
    <div>
      <PageHeader title={<span dir="ltr">{h.url}</span>} actions={<Link to="/webhooks">{t('webhooks.back')}</Link>} />
      <div className="two-columns">
        <section aria-labelledby="deliveries-title">
          <h2 id="deliveries-title">{t('webhooks.deliveries')}</h2>
          {deliveries.isPending && <Loading />}
          {deliveries.error && <ErrorMessage error={deliveries.error} />}
          {deliveries.data && deliveries.data.data.length === 0 && <p className="muted">{t('webhooks.noDeliveries')}</p>}
          {deliveries.data && deliveries.data.data.length > 0 && (
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t('webhooks.event')}</th>
                  <th scope="col">{t('webhooks.status')}</th>
                  <th scope="col">{t('webhooks.attempts')}</th>
                  <th scope="col">{t('webhooks.response')}</th>
                  <th scope="col">{t('webhooks.when')}</th>
                </tr>
              </thead>
              <tbody>
                {deliveries.data.data.map((d) => (
                  <tr key={d.id}>
                    <td dir="ltr">
                      <code>{d.event}</code>
                    </td>
                    <td>
                      <span className={`badge badge-delivery-${d.status}`}>{t(`webhooks.statuses.${d.status}`, { defaultValue: d.status })}</span>
                    </td>
                    <td>{d.attempts}</td>
                    <td dir="ltr">
                      {d.last_status_code ?? ''} {d.last_error}
                    </td>
                    <td>
                      {fmt(d.delivered_at ?? d.created_at)}
                      {d.next_attempt_at && <span className="muted small"> · {t('webhooks.nextAttempt', { time: fmt(d.next_attempt_at) })}</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <Pager nextCursor={deliveries.data?.next_cursor} />
        </section>
        <section aria-labelledby="hook-settings">
          <h2 id="hook-settings">{t('webhooks.settings')}</h2>
          <div className="button-row">
            <Button busy={test.isPending} disabled={!h.active} onClick={() => test.mutate(h, { onSuccess: () => toast(t('webhooks.testQueued')) })}>
              {t('webhooks.test')}
            </Button>
            <Button
              busy={rotate.isPending}
              onClick={() => {
                if (window.confirm(t('webhooks.confirmRotate'))) rotate.mutate(h, { onSuccess: (n) => setSecret(n.secret) });
              }}
            >
              {t('webhooks.rotate')}
            </Button>
          </div>
          {(test.error ?? rotate.error) != null && <ErrorMessage error={test.error ?? rotate.error} />}
          <p className="muted small">
            {t('webhooks.secret')}: <code dir="ltr">{h.secret}</code>
          </p>
          <WebhookForm key={h.version} hook={h} busy={update.isPending} error={update.error} onSubmit={(input) => update.mutate({ hook: h, input }, { onSuccess: () => toast(t('common.saved')) })} />
          <Button
            variant="danger"
            busy={remove.isPending}
            onClick={() => {
              if (window.confirm(t('webhooks.confirmDelete'))) remove.mutate(h, { onSuccess: () => navigate('/webhooks') });
            }}
          >
            {t('common.delete')}
          </Button>
          {remove.error && <ErrorMessage error={remove.error} />}
        </section>
      </div>
      <Dialog open={secret !== null} onClose={() => setSecret(null)} title={t('webhooks.secretTitle')} footer={<Button onClick={() => setSecret(null)}>{t('common.close')}</Button>}>
        <p>{t('webhooks.secretExplain')}</p>
        <code className="secret" dir="ltr">
          {secret}
        </code>
      </Dialog>
    </div>
  );
}
