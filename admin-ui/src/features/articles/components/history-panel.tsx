import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hasRole, useMe } from '../../../api/me';
import type { Article } from '../../../api/types';
import { Button } from '../../../components/ui/button';
import { Dialog } from '../../../components/ui/dialog';
import { ErrorMessage } from '../../../components/ui/error-message';
import { Loading } from '../../../components/ui/loading';
import { toast } from '../../../components/ui/toast';
import { dirOf } from '../../../i18n/languages';
import { useFormatDate } from '../../../lib/format-date';
import { useDiff, useHistory, useRestoreRevision, useRevisions } from '../api/use-revisions';
import { RevisionDiff } from './revision-diff';

export interface HistoryPanelProps {
  article: Article;
  /** before saves pending changes first and answers the version to act on; null stops a restore. */
  before: () => Promise<number | null>;
  /** restored receives the article after a restore. */
  restored: (a: Article) => void;
}

/** HistoryPanel shows the workflow history and the revisions, compares two revisions and restores one. */
export function HistoryPanel({ article, before, restored }: HistoryPanelProps) {
  const { t } = useTranslation();
  const fmt = useFormatDate();
  const me = useMe();
  const history = useHistory(article.id);
  const revisions = useRevisions(article.id);
  const restore = useRestoreRevision(article.id);
  const list = useMemo(() => revisions.data?.data ?? [], [revisions.data]);
  const [pair, setPair] = useState<{ n?: number; against?: number }>({});
  const [confirm, setConfirm] = useState<number | null>(null);

  // Compare the newest revision with the one before it until the user picks.
  useEffect(() => {
    if (pair.n === undefined && list.length >= 2) setPair({ n: list[0]!.number, against: list[1]!.number });
  }, [list, pair.n]);

  const diff = useDiff(article.id, pair.n, pair.against);
  const mayRestore = hasRole(me.data, 'editor');

  const doRestore = async (n: number) => {
    const version = await before();
    if (version === null) return;
    try {
      const a = await restore.mutateAsync({ n, version });
      setConfirm(null);
      restored(a);
      toast(t('history.restored', { n }));
    } catch {
      // shown in the dialog
    }
  };

  return (
    <div className="history">
      <section aria-labelledby="workflow-history">
        <h2 id="workflow-history">{t('history.workflow')}</h2>
        {history.isPending && <Loading />}
        {history.error && <ErrorMessage error={history.error} />}
        <ol className="timeline">
          {history.data?.map((e) => (
            <li key={e.id}>
              <time dateTime={e.created_at}>{fmt(e.created_at)}</time>{' '}
              <strong dir="auto">{e.actor_name || t('history.system')}</strong>{' '}
              {t(`history.actions.${e.action}`, { defaultValue: e.action })}
              {e.from_status && e.to_status && e.from_status !== e.to_status && (
                <span className="muted">
                  {' '}
                  ({t(`status.${e.from_status}`, { defaultValue: e.from_status })} {t('history.to')} {t(`status.${e.to_status}`, { defaultValue: e.to_status })})
                </span>
              )}
              {e.note && (
                <blockquote className="note" dir="auto">
                  {e.note}
                </blockquote>
              )}
            </li>
          ))}
        </ol>
      </section>
      <section aria-labelledby="revisions-title">
        <h2 id="revisions-title">{t('history.revisions')}</h2>
        {revisions.isPending && <Loading />}
        {revisions.error && <ErrorMessage error={revisions.error} />}
        {list.length > 0 && (
          <table className="revisions">
            <thead>
              <tr>
                <th scope="col">{t('history.number')}</th>
                <th scope="col">{t('history.when')}</th>
                <th scope="col">{t('history.who')}</th>
                <th scope="col">{t('history.compareFrom')}</th>
                <th scope="col">{t('history.compareTo')}</th>
                {mayRestore && <th scope="col"><span className="sr-only">{t('history.restore')}</span></th>}
              </tr>
            </thead>
            <tbody>
              {list.map((r) => (
                <tr key={r.number}>
                  <td>
                    {r.number}
                    {r.restored_from != null && <span className="muted small"> {t('history.restoredFrom', { n: r.restored_from })}</span>}
                  </td>
                  <td>
                    <time dateTime={r.created_at}>{fmt(r.created_at)}</time>
                  </td>
                  <td dir="auto">{r.author_name}</td>
                  <td>
                    <input
                      type="radio"
                      name="against"
                      aria-label={t('history.compareFromN', { n: r.number })}
                      checked={pair.against === r.number}
                      onChange={() => setPair((p) => ({ ...p, against: r.number }))}
                    />
                  </td>
                  <td>
                    <input
                      type="radio"
                      name="n"
                      aria-label={t('history.compareToN', { n: r.number })}
                      checked={pair.n === r.number}
                      onChange={() => setPair((p) => ({ ...p, n: r.number }))}
                    />
                  </td>
                  {mayRestore && (
                    <td>
                      {r.number !== list[0]?.number && (
                        <Button small onClick={() => setConfirm(r.number)}>
                          {t('history.restoreN', { n: r.number })}
                        </Button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {list.length < 2 && !revisions.isPending && <p className="muted">{t('history.onlyOne')}</p>}
        {pair.n !== undefined && pair.against !== undefined && (
          <div className="diff-panel">
            <h3>{t('diff.title', { from: pair.against, to: pair.n })}</h3>
            {pair.n === pair.against && <p className="muted">{t('diff.same')}</p>}
            {diff.isFetching && <Loading />}
            {diff.error && <ErrorMessage error={diff.error} />}
            {diff.data && <RevisionDiff diff={diff.data} dir={dirOf(article.language)} />}
          </div>
        )}
      </section>
      <Dialog
        open={confirm !== null}
        onClose={() => setConfirm(null)}
        title={t('history.restoreTitle', { n: confirm ?? 0 })}
        footer={
          <>
            <Button variant="primary" busy={restore.isPending} onClick={() => confirm !== null && void doRestore(confirm)}>
              {t('history.restore')}
            </Button>
            <Button onClick={() => setConfirm(null)}>{t('common.cancel')}</Button>
          </>
        }
      >
        <p>{t('history.restoreBody')}</p>
        {restore.error && <ErrorMessage error={restore.error} />}
      </Dialog>
    </div>
  );
}
