import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { Button } from '../../../components/ui/button';
import { ErrorMessage } from '../../../components/ui/error-message';
import { Loading } from '../../../components/ui/loading';
import { PageHeader } from '../../../components/ui/page-header';
import { Pager } from '../../../components/ui/pager';
import { toast } from '../../../components/ui/toast';
import { useFormatDate } from '../../../lib/format-date';
import { useBanMutations, useBans } from '../api/use-comments';
import { BanDialog } from '../components/ban-dialog';

/** BansRoute lists banned commenters; moderators add and lift bans. */
export function BansRoute() {
  const { t } = useTranslation();
  const fmt = useFormatDate();
  const [params] = useSearchParams();
  const bans = useBans(params.get('cursor') || undefined);
  const { remove } = useBanMutations();
  const [adding, setAdding] = useState(false);
  return (
    <div>
      <PageHeader
        title={t('moderation.bans')}
        actions={
          <>
            <Link to="/comments">{t('moderation.title')}</Link>
            <Button variant="primary" onClick={() => setAdding(true)}>
              {t('moderation.newBan')}
            </Button>
          </>
        }
      />
      {bans.isPending && <Loading />}
      {bans.error && <ErrorMessage error={bans.error} onRetry={() => void bans.refetch()} />}
      {remove.error && <ErrorMessage error={remove.error} />}
      {bans.data && bans.data.data.length === 0 && <p className="muted">{t('moderation.noBans')}</p>}
      {bans.data && bans.data.data.length > 0 && (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('moderation.who')}</th>
              <th scope="col">{t('moderation.reason')}</th>
              <th scope="col">{t('moderation.until')}</th>
              <th scope="col">{t('moderation.since')}</th>
              <th scope="col">
                <span className="sr-only">{t('common.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {bans.data.data.map((b) => (
              <tr key={b.id}>
                <td>
                  <span dir="ltr">{b.label}</span> <span className="muted small">({t(`moderation.kinds.${b.kind}`, { defaultValue: b.kind })})</span>
                </td>
                <td dir="auto">{b.reason}</td>
                <td>{b.expires_at ? fmt(b.expires_at, 'date') : t('moderation.forever')}</td>
                <td>
                  {fmt(b.created_at, 'date')} · <span dir="auto">{b.created_by_name}</span>
                </td>
                <td>
                  {b.active ? (
                    <Button small onClick={() => remove.mutate(b, { onSuccess: () => toast(t('moderation.unbanned')) })}>
                      {t('moderation.unban')}
                    </Button>
                  ) : (
                    <span className="muted">{t('moderation.expired')}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager nextCursor={bans.data?.next_cursor} />
      {adding && <BanDialog onClose={() => setAdding(false)} />}
    </div>
  );
}
