import { useTranslation } from 'react-i18next';
import type { Article } from '../../../api/types';

/** StatusBadge shows the working copy's status, and whether readers see a live version. */
export function StatusBadge({ article }: { article: Pick<Article, 'status' | 'live' | 'changes_requested' | 'has_unpublished_changes'> }) {
  const { t } = useTranslation();
  return (
    <span className="badges">
      <span className={`badge badge-${article.status}`}>{t(`status.${article.status}`, { defaultValue: article.status })}</span>
      {article.changes_requested && <span className="badge badge-changes">{t('status.changesRequested')}</span>}
      {article.live && <span className="badge badge-live">{t('status.live')}</span>}
      {article.live && article.has_unpublished_changes && <span className="badge badge-pending">{t('status.unpublishedChanges')}</span>}
    </span>
  );
}
