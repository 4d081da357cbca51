import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { hasRole, useMe } from '../../../api/me';
import type { Article } from '../../../api/types';
import { ErrorMessage } from '../../../components/ui/error-message';
import { Loading } from '../../../components/ui/loading';
import { PageHeader } from '../../../components/ui/page-header';
import { dirOf } from '../../../i18n/languages';
import { useFormatDate } from '../../../lib/format-date';
import { useArticles, type ArticleFilters } from '../api/use-articles';
import { NewArticleButton } from '../components/new-article-dialog';
import { StatusBadge } from '../components/status-badge';

/** DashboardRoute is a journalist's day at a glance, every panel a filter of GET /articles. */
export function DashboardRoute() {
  const { t } = useTranslation();
  const me = useMe();
  const myId = me.data?.id ?? '';
  const mine = useArticles({ status: 'draft', created_by: myId, limit: 50 }, { enabled: !!myId });
  const drafts = mine.data?.data.filter((a) => !a.changes_requested);
  const requested = mine.data?.data.filter((a) => a.changes_requested);
  return (
    <div className="dashboard">
      <PageHeader title={t('dashboard.title', { name: me.data?.name ?? '' })} actions={hasRole(me.data, 'writer', 'editor') ? <NewArticleButton /> : undefined} />
      <div className="panels">
        <Panel title={t('dashboard.changesRequested')} id="changes-requested" articles={requested} loading={mine.isPending} error={mine.error} more={{ status: 'draft', created_by: myId }} highlight />
        <Panel title={t('dashboard.myDrafts')} id="my-drafts" articles={drafts} loading={mine.isPending} error={mine.error} more={{ status: 'draft', created_by: myId }} />
        <QueryPanel title={t('dashboard.awaitingReview')} id="awaiting-review" filters={{ status: 'in_review', limit: 10 }} />
        <QueryPanel title={t('dashboard.scheduled')} id="scheduled" filters={{ status: 'scheduled', limit: 10 }} />
        <QueryPanel title={t('dashboard.recentlyPublished')} id="recently-published" filters={{ status: 'published', limit: 10 }} />
      </div>
    </div>
  );
}

function QueryPanel({ title, id, filters }: { title: string; id: string; filters: ArticleFilters }) {
  const q = useArticles(filters);
  const { limit: _limit, ...more } = filters;
  return <Panel title={title} id={id} articles={q.data?.data} loading={q.isPending} error={q.error} more={more} />;
}

interface PanelProps {
  title: string;
  id: string;
  articles: Article[] | undefined;
  loading: boolean;
  error: unknown;
  more: ArticleFilters;
  highlight?: boolean;
}

function Panel({ title, id, articles, loading, error, more, highlight }: PanelProps) {
  const { t } = useTranslation();
  const fmt = useFormatDate();
  const query = new URLSearchParams(Object.entries(more).filter(([, v]) => v) as [string, string][]).toString();
  return (
    <section className={['panel', highlight && articles?.length ? 'panel-highlight' : ''].join(' ')} aria-labelledby={`${id}-title`} data-panel={id}>
      <h2 id={`${id}-title`}>
        {title} {articles && <span className="count">{articles.length}</span>}
      </h2>
      {loading && <Loading />}
      {error != null && <ErrorMessage error={error} />}
      {articles && articles.length === 0 && <p className="muted">{t('dashboard.nothing')}</p>}
      {articles && articles.length > 0 && (
        <ul className="article-list">
          {articles.slice(0, 10).map((a) => (
            <li key={a.id}>
              <Link to={`/articles/${a.id}`} dir={dirOf(a.language)}>
                {a.headline}
              </Link>
              <span className="meta">
                <StatusBadge article={a} />
                <time dateTime={a.updated_at}>{a.status === 'scheduled' && a.publish_at ? fmt(a.publish_at) : fmt(a.updated_at, 'relative')}</time>
              </span>
            </li>
          ))}
        </ul>
      )}
      <Link className="more-link" to={`/articles?${query}`}>
        {t('dashboard.seeAll')}
      </Link>
    </section>
  );
}
