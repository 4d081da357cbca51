import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { hasRole, useMe } from '../../../api/me';
import { ErrorMessage } from '../../../components/ui/error-message';
import { SelectField, TextField } from '../../../components/ui/field';
import { Loading } from '../../../components/ui/loading';
import { PageHeader } from '../../../components/ui/page-header';
import { Pager } from '../../../components/ui/pager';
import { firstPage } from '../../../lib/cursor';
import { useDebouncedValue } from '../../../lib/use-debounced-value';
import { useArticles } from '../api/use-articles';
import { useSections } from '../api/use-lookups';
import { ArticleTable } from '../components/article-table';
import { NewArticleButton } from '../components/new-article-dialog';

const statuses = ['draft', 'in_review', 'scheduled', 'published', 'unpublished', 'archived'];

/** ArticleListRoute lists articles with filters and search; filters and the page live in the URL. */
export function ArticleListRoute() {
  const { t } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const sections = useSections();
  const get = (k: string) => params.get(k) ?? '';
  const [q, setQ] = useState(get('q'));
  const debounced = useDebouncedValue(q, 350);

  const setFilter = (k: string, v: string) => {
    const next = firstPage(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next);
  };

  useEffect(() => {
    if (debounced !== (params.get('q') ?? '')) setFilter('q', debounced.trim());
    // only the debounced text drives the URL
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debounced]);

  const filters = {
    status: get('status') || undefined,
    section: get('section') || undefined,
    language: get('language') || undefined,
    kind: get('kind') || undefined,
    created_by: get('created_by') || undefined,
    q: get('q') || undefined,
    cursor: get('cursor') || undefined,
    limit: 25,
  };
  const list = useArticles(filters);

  return (
    <div>
      <PageHeader title={t('articles.title')} actions={hasRole(me.data, 'writer', 'editor') ? <NewArticleButton /> : undefined} />
      <form className="filters" role="search" aria-label={t('articles.filters')} onSubmit={(e) => e.preventDefault()}>
        <TextField label={t('articles.search')} type="search" dir="auto" value={q} onChange={(e) => setQ(e.target.value)} />
        <SelectField label={t('article.fields.status')} value={get('status')} onChange={(e) => setFilter('status', e.target.value)}>
          <option value="">{t('articles.any')}</option>
          {statuses.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('article.fields.section_id')} value={get('section')} onChange={(e) => setFilter('section', e.target.value)}>
          <option value="">{t('articles.any')}</option>
          {sections.data?.data.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('article.fields.language')} value={get('language')} onChange={(e) => setFilter('language', e.target.value)}>
          <option value="">{t('articles.any')}</option>
          <option value="ar">{t('languages.ar')}</option>
          <option value="en">{t('languages.en')}</option>
        </SelectField>
        <SelectField label={t('article.fields.kind')} value={get('kind')} onChange={(e) => setFilter('kind', e.target.value)}>
          <option value="">{t('articles.any')}</option>
          <option value="standard">{t('kinds.standard')}</option>
          <option value="live">{t('kinds.live')}</option>
          <option value="video">{t('kinds.video')}</option>
        </SelectField>
        {get('created_by') && (
          <button type="button" className="btn btn-ghost btn-small" onClick={() => setFilter('created_by', '')}>
            {t('articles.clearMine')}
          </button>
        )}
      </form>
      {list.isPending && <Loading />}
      {list.error && <ErrorMessage error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && list.data.data.length === 0 && <p className="muted">{t('articles.none')}</p>}
      {list.data && list.data.data.length > 0 && <ArticleTable articles={list.data.data} caption={t('articles.title')} />}
      <Pager nextCursor={list.data?.next_cursor} />
    </div>
  );
}
