import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/admin-api';
import { queryString } from '../../../api/client';
import { keys } from '../../../api/query-keys';
import type { Article, ArticleInput, Page } from '../../../api/types';

/** The filters of GET /articles, as kept in the URL. */
export interface ArticleFilters {
  status?: string | undefined;
  section?: string | undefined;
  story?: string | undefined;
  tag?: string | undefined;
  author?: string | undefined;
  created_by?: string | undefined;
  language?: string | undefined;
  kind?: string | undefined;
  q?: string | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
}

export function fetchArticles(filters: ArticleFilters, signal?: AbortSignal) {
  return api.get<Page<Article>>(`/articles${queryString({ ...filters })}`, signal);
}

export function useArticles(filters: ArticleFilters, opts: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: keys.articles.list({ ...filters }),
    queryFn: ({ signal }) => fetchArticles(filters, signal),
    placeholderData: keepPreviousData,
    enabled: opts.enabled ?? true,
  });
}

export function useArticle(id: string) {
  return useQuery({
    queryKey: keys.articles.detail(id),
    queryFn: ({ signal }) => api.get<Article>(`/articles/${encodeURIComponent(id)}`, signal),
    // The editor keeps its own working state; a background refetch must not
    // pull the rug from under a typing journalist.
    refetchOnWindowFocus: false,
  });
}

export function useCreateArticle() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ArticleInput) => api.post<Article>('/articles', input),
    onSuccess: (article) => {
      qc.setQueryData(keys.articles.detail(article.id), article);
      void qc.invalidateQueries({ queryKey: keys.articles.lists() });
    },
  });
}

export function useDeleteArticle() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (a: Pick<Article, 'id' | 'version'>) => api.del(`/articles/${encodeURIComponent(a.id)}`, a.version),
    onSuccess: (_r, a) => {
      // Only what no screen shows now: the editor of the deleted draft is
      // still on screen until it navigates away, and removing its queries
      // would make them fetch the article again (a 404). Its cache goes when
      // the editor does.
      qc.removeQueries({ queryKey: keys.articles.detail(a.id), type: 'inactive' });
      void qc.invalidateQueries({ queryKey: keys.articles.lists() });
    },
  });
}
