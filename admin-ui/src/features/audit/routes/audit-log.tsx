import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ErrorMessage } from '../../../components/ui/error-message';
import { TextField } from '../../../components/ui/field';
import { Loading } from '../../../components/ui/loading';
import { PageHeader } from '../../../components/ui/page-header';
import { Pager } from '../../../components/ui/pager';
import { firstPage } from '../../../lib/cursor';
import { useFormatDate } from '../../../lib/format-date';
import { useAudit } from '../api/use-audit';

const filterNames = ['action', 'entity_type', 'entity_id', 'actor_id'] as const;

/** AuditLogRoute: every write, who made it and when, newest first (admins). */
export function AuditLogRoute() {
  const { t } = useTranslation();
  const fmt = useFormatDate();
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(filterNames.map((n) => [n, params.get(n) || undefined]));
  const list = useAudit({ ...filters, cursor: params.get('cursor') || undefined });
  const setFilter = (k: string, v: string) => {
    const next = firstPage(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next);
  };
  return (
    <div>
      <PageHeader title={t('audit.title')} />
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        {filterNames.map((n) => (
          <TextField key={n} label={t(`audit.fields.${n}`)} dir="ltr" defaultValue={params.get(n) ?? ''} onKeyDown={(e) => e.key === 'Enter' && setFilter(n, e.currentTarget.value.trim())} onBlur={(e) => setFilter(n, e.target.value.trim())} />
        ))}
      </form>
      {list.isPending && <Loading />}
      {list.error && <ErrorMessage error={list.error} />}
      {list.data && (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('audit.fields.time')}</th>
              <th scope="col">{t('audit.fields.actor')}</th>
              <th scope="col">{t('audit.fields.action')}</th>
              <th scope="col">{t('audit.fields.entity_type')}</th>
              <th scope="col">{t('audit.fields.details')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.data.map((e) => (
              <tr key={e.id}>
                <td>
                  <time dateTime={e.created_at}>{fmt(e.created_at)}</time>
                </td>
                <td dir="auto">
                  <button type="button" className="link-button" onClick={() => e.actor_id && setFilter('actor_id', e.actor_id)}>
                    {e.actor_name || t('history.system')}
                  </button>
                  {e.client_ip && (
                    <span className="muted small" dir="ltr">
                      {' '}
                      {e.client_ip}
                    </span>
                  )}
                </td>
                <td dir="ltr">
                  <code>{e.action}</code>
                </td>
                <td dir="ltr">
                  <button type="button" className="link-button" onClick={() => setFilter('entity_id', e.entity_id)}>
                    {e.entity_type} {e.entity_id.slice(0, 8)}…
                  </button>
                </td>
                <td dir="auto">{e.details && Object.keys(e.details).length > 0 && <code className="details">{JSON.stringify(e.details)}</code>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager nextCursor={list.data?.next_cursor} />
    </div>
  );
}
