import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/admin-api';
import { queryString } from '../../../api/client';
import { keys } from '../../../api/query-keys';
import type { Article, Page, Story, StoryArticle, StoryInput } from '../../../api/types';

export function useStories(filters: { q?: string | undefined; status?: string | undefined; featured?: string | undefined; cursor?: string | undefined }) {
  return useQuery({
    queryKey: keys.stories.list({ ...filters }),
    queryFn: ({ signal }) => api.get<Page<Story>>(`/stories${queryString({ ...filters, limit: 50 })}`, signal),
    placeholderData: keepPreviousData,
  });
}

export function useStory(id: string) {
  return useQuery({
    queryKey: keys.stories.detail(id),
    queryFn: ({ signal }) => api.get<Story>(`/stories/${encodeURIComponent(id)}`, signal),
  });
}

/** useStoryArticles loads the whole timeline (every page): ordering needs all of it. */
export function useStoryArticles(id: string) {
  return useQuery({
    queryKey: keys.stories.sub(id, 'articles'),
    queryFn: async ({ signal }) => {
      const all: StoryArticle[] = [];
      let cursor: string | undefined;
      for (let i = 0; i < 20; i++) {
        const page = await api.get<Page<StoryArticle>>(`/stories/${encodeURIComponent(id)}/articles${queryString({ cursor, limit: 100 })}`, signal);
        all.push(...page.data);
        if (!page.next_cursor) break;
        cursor = page.next_cursor;
      }
      return all;
    },
  });
}

export function useSearchArticles(q: string) {
  return useQuery({
    queryKey: keys.articles.list({ q, limit: 10, picker: true }),
    queryFn: ({ signal }) => api.get<Page<Article>>(`/articles${queryString({ q, limit: 10 })}`, signal),
    enabled: q.trim().length > 0,
  });
}

export function useStoryMutations() {
  const qc = useQueryClient();
  const done = (s: Story) => {
    qc.setQueryData(keys.stories.detail(s.id), s);
    // The lists show the new copy at once; the refetch then brings the order.
    qc.setQueriesData<Page<Story>>({ queryKey: keys.stories.lists() }, (page) => page && { ...page, data: page.data.map((x) => (x.id === s.id ? s : x)) });
    void qc.invalidateQueries({ queryKey: keys.stories.lists() });
  };
  const create = useMutation({ mutationFn: (input: StoryInput) => api.post<Story>('/stories', input), onSuccess: done });
  const update = useMutation({
    mutationFn: ({ story, input }: { story: Pick<Story, 'id' | 'version'>; input: StoryInput }) => api.patch<Story>(`/stories/${encodeURIComponent(story.id)}`, input, story.version),
    onSuccess: done,
  });
  const remove = useMutation({
    mutationFn: (story: Story) => api.del(`/stories/${encodeURIComponent(story.id)}`, story.version),
    onSuccess: (_r, s) => {
      qc.removeQueries({ queryKey: keys.stories.detail(s.id) });
      void qc.invalidateQueries({ queryKey: keys.stories.all });
    },
  });
  const order = useMutation({
    mutationFn: ({ story, ids }: { story: Story; ids: string[] }) => api.put<Story>(`/stories/${encodeURIComponent(story.id)}/articles`, { article_ids: ids }, story.version),
    onSuccess: (s) => {
      done(s);
      void qc.invalidateQueries({ queryKey: keys.stories.detail(s.id) });
      void qc.invalidateQueries({ queryKey: keys.articles.all });
    },
  });
  return { create, update, remove, order };
}
