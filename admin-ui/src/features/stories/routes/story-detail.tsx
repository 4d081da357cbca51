import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { Story, StoryArticle } from '../../../api/types';
import { Button } from '../../../components/ui/button';
import { ErrorMessage } from '../../../components/ui/error-message';
import { TextField } from '../../../components/ui/field';
import { Loading } from '../../../components/ui/loading';
import { PageHeader } from '../../../components/ui/page-header';
import { toast } from '../../../components/ui/toast';
import { useDebouncedValue } from '../../../lib/use-debounced-value';
import { useSearchArticles, useStory, useStoryArticles, useStoryMutations } from '../api/use-stories';
import { SortableList } from '../components/sortable-list';
import type { StorySlots } from '../components/slots';
import { StoryForm } from '../components/story-form';

/** StoryDetailRoute edits a story (with its cover image, through the ImageField slot) and orders its timeline by drag and drop. */
export function StoryDetailRoute({ ImageField }: StorySlots) {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const story = useStory(id);
  const timeline = useStoryArticles(id);
  const { update, order, remove } = useStoryMutations();
  const [items, setItems] = useState<StoryArticle[] | null>(null);
  const [q, setQ] = useState('');
  const query = useDebouncedValue(q);
  const search = useSearchArticles(query);

  useEffect(() => {
    if (timeline.data) setItems(timeline.data);
  }, [timeline.data]);

  if (story.isPending) return <Loading />;
  if (story.error) return <ErrorMessage error={story.error} />;
  const s = story.data;
  const dirty = items !== null && timeline.data !== undefined && items.map((i) => i.id).join() !== timeline.data.map((i) => i.id).join();

  return (
    <div>
      <PageHeader title={<span dir="auto">{s.title}</span>} actions={<Link to="/stories">{t('stories.back')}</Link>}>
        <p className="muted">
          {t('stories.articleCount', { count: s.published_count })} · {s.manual_order ? t('stories.manualOrder') : t('stories.newestFirst')}
        </p>
      </PageHeader>
      <div className="two-columns">
        <section aria-labelledby="timeline-title">
          <h2 id="timeline-title">{t('stories.timeline')}</h2>
          <p className="muted small">{t('stories.dragHint')}</p>
          {timeline.isPending && <Loading />}
          {timeline.error && <ErrorMessage error={timeline.error} />}
          {items && (
            <SortableList
              label={t('stories.timeline')}
              items={items}
              onChange={setItems}
              render={(a) => (
                <>
                  <Link to={`/articles/${a.id}`} dir="auto">
                    {a.headline}
                  </Link>{' '}
                  <span className="muted small">{t(`status.${a.status}`, { defaultValue: a.status })}</span>
                  <button type="button" className="btn btn-ghost btn-small" onClick={() => setItems(items.filter((x) => x.id !== a.id))}>
                    {t('stories.removeFromStory')}
                  </button>
                </>
              )}
            />
          )}
          <TextField label={t('stories.addArticle')} type="search" dir="auto" value={q} onChange={(e) => setQ(e.target.value)} />
          {search.data && (
            <ul className="search-results">
              {search.data.data
                .filter((a) => !items?.some((i) => i.id === a.id))
                .map((a) => (
                  <li key={a.id}>
                    <span dir="auto">{a.headline}</span>{' '}
                    <Button
                      small
                      onClick={() =>
                        setItems([
                          { id: a.id, headline: a.headline, kind: a.kind, language: a.language, live: a.live, position: 0, slug: a.slug, status: a.status, published_at: a.published_at ?? null, first_published_at: a.first_published_at ?? null },
                          ...(items ?? []),
                        ])
                      }
                    >
                      {t('stories.add')}
                    </Button>
                  </li>
                ))}
            </ul>
          )}
          <div className="button-row">
            <Button
              variant="primary"
              disabled={!dirty}
              busy={order.isPending}
              onClick={() => items && order.mutate({ story: s, ids: items.map((i) => i.id) }, { onSuccess: () => { toast(t('stories.orderSaved')); void timeline.refetch(); } })}
            >
              {t('stories.saveOrder')}
            </Button>
            {dirty && <Button onClick={() => setItems(timeline.data ?? [])}>{t('common.undo')}</Button>}
            {s.manual_order && !dirty && (
              <Button onClick={() => update.mutate({ story: s, input: { manual_order: false } }, { onSuccess: () => void timeline.refetch() })}>{t('stories.useNewestFirst')}</Button>
            )}
          </div>
          {order.error && <ErrorMessage error={order.error} />}
        </section>
        <section aria-labelledby="story-details">
          <h2 id="story-details">{t('stories.details')}</h2>
          <StoryFormWrapper key={s.version} story={s} update={update} ImageField={ImageField} />
          <Button
            variant="danger"
            busy={remove.isPending}
            onClick={() => {
              if (window.confirm(t('stories.confirmDelete'))) remove.mutate(s, { onSuccess: () => navigate('/stories') });
            }}
          >
            {t('common.delete')}
          </Button>
          {remove.error && <ErrorMessage error={remove.error} />}
        </section>
      </div>
    </div>
  );
}

function StoryFormWrapper({ story, update, ImageField }: { story: Story; update: ReturnType<typeof useStoryMutations>['update'] } & StorySlots) {
  const { t } = useTranslation();
  return <StoryForm story={story} ImageField={ImageField} busy={update.isPending} error={update.error} submitLabel={t('common.save')} onSubmit={(input) => update.mutate({ story, input }, { onSuccess: () => toast(t('common.saved')) })} />;
}
