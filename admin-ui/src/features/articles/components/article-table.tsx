import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Article } from '../../../api/types';
import { Button } from '../../../components/ui/button';
import { dirOf } from '../../../i18n/languages';
import { useFormatDate } from '../../../lib/format-date';
import { DeleteArticleDialog } from './delete-article-dialog';
import { StatusBadge } from './status-badge';

/**
 * ArticleTable lists articles: headline (a link to the editor), status,
 * language, kind, last change, and a delete button on the drafts the API
 * says the user may delete.
 */
export function ArticleTable({ articles, caption }: { articles: Article[]; caption?: string }) {
  const { t } = useTranslation();
  const fmt = useFormatDate();
  const [deleting, setDeleting] = useState<Article | null>(null);
  const anyDeletable = articles.some((a) => a.allowed_actions.includes('delete'));
  return (
    <>
      <table className="data-table">
        {caption && <caption className="sr-only">{caption}</caption>}
        <thead>
          <tr>
            <th scope="col">{t('article.fields.headline')}</th>
            <th scope="col">{t('article.fields.status')}</th>
            <th scope="col">{t('article.fields.language')}</th>
            <th scope="col">{t('article.fields.kind')}</th>
            <th scope="col">{t('article.fields.updated_at')}</th>
            {anyDeletable && (
              <th scope="col">
                <span className="sr-only">{t('common.actions')}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {articles.map((a) => (
            <tr key={a.id}>
              <td dir={dirOf(a.language)} className="cell-headline">
                <Link to={`/articles/${a.id}`}>{a.headline}</Link>
              </td>
              <td>
                <StatusBadge article={a} />
              </td>
              <td>{t(`languages.${a.language}`, { defaultValue: a.language })}</td>
              <td>{t(`kinds.${a.kind}`, { defaultValue: a.kind })}</td>
              <td>
                <time dateTime={a.updated_at} title={fmt(a.updated_at)}>
                  {a.status === 'scheduled' && a.publish_at ? t('articles.scheduledFor', { time: fmt(a.publish_at) }) : fmt(a.updated_at, 'relative')}
                </time>
              </td>
              {anyDeletable && (
                <td className="cell-actions">
                  {a.allowed_actions.includes('delete') && (
                    <Button small variant="danger" aria-label={`${t('common.delete')}: ${a.headline}`} onClick={() => setDeleting(a)}>
                      {t('common.delete')}
                    </Button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <DeleteArticleDialog article={deleting} onClose={() => setDeleting(null)} />
    </>
  );
}
