import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { Button } from '../../../components/ui/button';
import { Dialog } from '../../../components/ui/dialog';
import { ErrorMessage } from '../../../components/ui/error-message';
import { TextField } from '../../../components/ui/field';
import { Loading } from '../../../components/ui/loading';
import { PageHeader } from '../../../components/ui/page-header';
import { Pager } from '../../../components/ui/pager';
import { useFormatDate } from '../../../lib/format-date';
import type { ApiKey } from '../../../api/types';
import { useApiKeyMutations, useApiKeys } from '../api/use-api-keys';

/** ApiKeyListRoute: admins issue keys for the delivery API (shown once) and revoke them. */
export function ApiKeyListRoute() {
  const { t } = useTranslation();
  const fmt = useFormatDate();
  const [params] = useSearchParams();
  const list = useApiKeys(params.get('cursor') || undefined);
  const { create, revoke } = useApiKeyMutations();
  const [name, setName] = useState('');
  const [issued, setIssued] = useState<ApiKey | null>(null);
  return (
    <div>
      <PageHeader title={t('apiKeys.title')} />
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate({ name: name.trim() }, { onSuccess: (k) => { setName(''); setIssued(k); } });
        }}
      >
        <TextField label={t('apiKeys.name')} hint={t('apiKeys.nameHint')} dir="auto" required value={name} onChange={(e) => setName(e.target.value)} />
        <Button type="submit" variant="primary" busy={create.isPending} disabled={!name.trim()}>
          {t('apiKeys.create')}
        </Button>
      </form>
      {create.error && <ErrorMessage error={create.error} />}
      {revoke.error && <ErrorMessage error={revoke.error} />}
      {list.isPending && <Loading />}
      {list.error && <ErrorMessage error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && list.data.data.length === 0 && <p className="muted">{t('apiKeys.none')}</p>}
      {list.data && list.data.data.length > 0 && (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('apiKeys.name')}</th>
              <th scope="col">{t('apiKeys.prefix')}</th>
              <th scope="col">{t('apiKeys.created')}</th>
              <th scope="col">{t('apiKeys.lastUsed')}</th>
              <th scope="col">
                <span className="sr-only">{t('common.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.data.map((k) => (
              <tr key={k.id} className={k.revoked_at ? 'row-muted' : ''}>
                <td dir="auto">{k.name}</td>
                <td dir="ltr">
                  <code>{k.prefix}…</code>
                </td>
                <td>{fmt(k.created_at)}</td>
                <td>{k.last_used_at ? fmt(k.last_used_at, 'relative') : '—'}</td>
                <td>
                  {k.revoked_at ? (
                    <span className="muted">{t('apiKeys.revokedAt', { time: fmt(k.revoked_at) })}</span>
                  ) : (
                  <Button
                    small
                    variant="danger"
                    onClick={() => {
                      if (window.confirm(t('apiKeys.confirmRevoke', { name: k.name }))) revoke.mutate(k);
                    }}
                  >
                    {t('apiKeys.revoke')}
                  </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager nextCursor={list.data?.next_cursor} />
      <Dialog open={issued !== null} onClose={() => setIssued(null)} title={t('apiKeys.issuedTitle')} footer={<Button onClick={() => setIssued(null)}>{t('common.close')}</Button>}>
        <p>{t('apiKeys.issuedExplain')}</p>
        <code className="secret" dir="ltr">
          {issued?.key}
        </code>
      </Dialog>
    </div>
  );
}
