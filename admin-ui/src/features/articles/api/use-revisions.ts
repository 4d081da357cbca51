import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/admin-api';
import { queryString } from '../../../api/client';
import { keys } from '../../../api/query-keys';
import type { Article, Diff, Page, PreviewLink, Revision, WorkflowEvent } from '../../../api/types';

const path = (id: string) => `/articles/${encodeURIComponent(id)}`;

export function useHistory(id: string) {
  return useQuery({
    queryKey: keys.articles.sub(id, 'history'),
    queryFn: ({ signal }) => api.get<WorkflowEvent[]>(`${path(id)}/history`, signal),
  });
}

export function useRevisions(id: string, cursor?: string) {
  return useQuery({
    queryKey: keys.articles.sub(id, 'revisions', { cursor }),
    queryFn: ({ signal }) => api.get<Page<Revision>>(`${path(id)}/revisions${queryString({ cursor, limit: 50 })}`, signal),
  });
}

export function useRevision(id: string, n: number | undefined) {
  return useQuery({
    queryKey: keys.articles.sub(id, 'revision', { n }),
    queryFn: ({ signal }) => api.get<Revision>(`${path(id)}/revisions/${n}`, signal),
    enabled: n !== undefined,
  });
}

export function useDiff(id: string, n: number | undefined, against: number | undefined) {
  return useQuery({
    queryKey: keys.articles.sub(id, 'diff', { n, against }),
    queryFn: ({ signal }) => api.get<Diff>(`${path(id)}/revisions/${n}/diff${queryString({ against })}`, signal),
    enabled: n !== undefined && against !== undefined && n !== against,
    staleTime: Infinity, // revisions never change
  });
}

export function useRestoreRevision(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ n, version }: { n: number; version: number }) => api.post<Article>(`${path(id)}/revisions/${n}/restore`, undefined, version),
    onSuccess: (article) => {
      qc.setQueryData(keys.articles.detail(id), article);
      void qc.invalidateQueries({ queryKey: keys.articles.detail(id) });
      void qc.invalidateQueries({ queryKey: keys.articles.lists() });
    },
  });
}

export function useCreatePreviewLink(id: string) {
  return useMutation({
    mutationFn: (hours: number) => api.post<PreviewLink>(`${path(id)}/preview-links`, { expires_in_hours: hours }),
  });
}
