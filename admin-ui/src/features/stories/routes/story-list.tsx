import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { Story } from '../../../api/types';
import { Button } from '../../../components/ui/button';
import { Dialog } from '../../../components/ui/dialog';
import { ErrorMessage } from '../../../components/ui/error-message';
import { SelectField, TextField } from '../../../components/ui/field';
import { Loading } from '../../../components/ui/loading';
import { PageHeader } from '../../../components/ui/page-header';
import { Pager } from '../../../components/ui/pager';
import { toast } from '../../../components/ui/toast';
import { firstPage } from '../../../lib/cursor';
import { useFormatDate } from '../../../lib/format-date';
import { useStories, useStoryMutations } from '../api/use-stories';
import { StoryForm } from '../components/story-form';

/** StoryListRoute lists running stories; editors create them and put them on the home strip. */
export function StoryListRoute() {
  const { t } = useTranslation();
  const fmt = useFormatDate();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const { create, update } = useStoryMutations();
  const filters = { q: params.get('q') || undefined, status: params.get('status') || undefined, featured: params.get('featured') || undefined, cursor: params.get('cursor') || undefined };
  const list = useStories(filters);
  const setFilter = (k: string, v: string) => {
    const next = firstPage(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next);
  };
  return (
    <div>
      <PageHeader
        title={t('stories.title')}
        actions={
          <Button variant="primary" onClick={() => { create.reset(); setCreating(true); }}>
            {t('stories.new')}
          </Button>
        }
      />
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <TextField label={t('common.search')} type="search" dir="auto" defaultValue={filters.q} onKeyDown={(e) => e.key === 'Enter' && setFilter('q', e.currentTarget.value.trim())} onBlur={(e) => setFilter('q', e.target.value.trim())} />
        <SelectField label={t('stories.fields.status')} value={filters.status ?? ''} onChange={(e) => setFilter('status', e.target.value)}>
          <option value="">{t('articles.any')}</option>
          <option value="developing">{t('stories.status.developing')}</option>
          <option value="concluded">{t('stories.status.concluded')}</option>
        </SelectField>
        <SelectField label={t('stories.fields.featured')} value={filters.featured ?? ''} onChange={(e) => setFilter('featured', e.target.value)}>
          <option value="">{t('articles.any')}</option>
          <option value="true">{t('stories.onHomeStrip')}</option>
        </SelectField>
      </form>
      {list.isPending && <Loading />}
      {list.error && <ErrorMessage error={list.error} />}
      {list.data && (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('stories.fields.title')}</th>
              <th scope="col">{t('stories.fields.status')}</th>
              <th scope="col">{t('stories.fields.featured')}</th>
              <th scope="col">{t('stories.published')}</th>
              <th scope="col">{t('article.fields.updated_at')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.data.map((s) => (
              <tr key={s.id}>
                <td dir="auto">
                  <Link to={`/stories/${s.id}`}>{s.title}</Link>
                </td>
                <td>{t(`stories.status.${s.status}`, { defaultValue: s.status })}</td>
                <td>
                  <FeatureToggle story={s} update={update} onSaved={() => toast(t('common.saved'))} />
                  {s.featured && <span className="muted small"> #{s.position}</span>}
                </td>
                <td>{t('stories.articleCount', { count: s.published_count })}</td>
                <td>{fmt(s.updated_at, 'relative')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {update.error && <ErrorMessage error={update.error} />}
      <Pager nextCursor={list.data?.next_cursor} />
      <Dialog open={creating} onClose={() => setCreating(false)} title={t('stories.new')}>
        {creating && (
          <StoryForm
            busy={create.isPending}
            error={create.error}
            submitLabel={t('common.create')}
            onSubmit={(input) =>
              create.mutate(input, {
                onSuccess: (s) => {
                  setCreating(false);
                  navigate(`/stories/${s.id}`);
                },
              })
            }
          />
        )}
      </Dialog>
    </div>
  );
}

/**
 * FeatureToggle puts a story on the home strip or takes it off; the box shows
 * the new value at once while it is saved, and keeps showing it until the
 * list holds the saved story: the list's cache is updated a moment after the
 * save returns, and clearing the pending value on return made the box flip
 * back for that moment.
 */
function FeatureToggle({ story, update, onSaved }: { story: Story; update: ReturnType<typeof useStoryMutations>['update']; onSaved: () => void }) {
  const { t } = useTranslation();
  const [pending, setPending] = useState<boolean | null>(null);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (pending !== null && !saving && story.featured === pending) setPending(null);
  }, [pending, saving, story.featured]);
  return (
    <input
      type="checkbox"
      checked={pending ?? story.featured}
      aria-label={t('stories.featureStory', { title: story.title })}
      disabled={pending !== null}
      onChange={(e) => {
        const featured = e.target.checked;
        setPending(featured);
        setSaving(true);
        update.mutate(
          { story, input: { featured } },
          {
            onSuccess: (saved) => {
              if (saved.featured !== featured) setPending(null);
              onSaved();
            },
            onError: () => setPending(null),
            onSettled: () => setSaving(false),
          },
        );
      }}
    />
  );
}
