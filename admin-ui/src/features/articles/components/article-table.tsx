import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Article } from '../../../api/types';
import { dirOf } from '../../../i18n/languages';
import { useFormatDate } from '../../../lib/format-date';
import { StatusBadge } from './status-badge';

/** ArticleTable lists articles: headline (a link to the editor), status, language, kind, last change. */
export function ArticleTable({ articles, caption }: { articles: Article[]; caption?: string }) {
  const { t } = useTranslation();
  const fmt = useFormatDate();
  return (
    <table className="data-table">
      {caption && <caption className="sr-only">{caption}</caption>}
      <thead>
        <tr>
          <th scope="col">{t('article.fields.headline')}</th>
          <th scope="col">{t('article.fields.status')}</th>
          <th scope="col">{t('article.fields.language')}</th>
          <th scope="col">{t('article.fields.kind')}</th>
          <th scope="col">{t('article.fields.updated_at')}</th>
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
          </tr>
        ))}
      </tbody>
    </table>
  );
}
