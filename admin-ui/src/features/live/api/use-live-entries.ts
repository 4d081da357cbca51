import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/admin-api';
import { queryString } from '../../../api/client';
import { keys } from '../../../api/query-keys';
import type { LiveEntry, LiveEntryInput, Page } from '../../../api/types';

const path = (articleId: string) => `/articles/${encodeURIComponent(articleId)}/live-entries`;

export function useLiveEntries(articleId: string) {
  return useQuery({
    queryKey: keys.articles.sub(articleId, 'live-entries'),
    queryFn: ({ signal }) => api.get<Page<LiveEntry>>(`${path(articleId)}${queryString({ limit: 100 })}`, signal),
    // Entries come in from colleagues while the desk watches.
    refetchInterval: 15_000,
  });
}

export function useLiveEntryMutations(articleId: string) {
  const qc = useQueryClient();
  const invalidate = () => void qc.invalidateQueries({ queryKey: keys.articles.sub(articleId, 'live-entries') });
  const add = useMutation({
    mutationFn: (input: LiveEntryInput) => api.post<LiveEntry>(path(articleId), input),
    onSuccess: invalidate,
  });
  const update = useMutation({
    mutationFn: ({ entry, input }: { entry: LiveEntry; input: LiveEntryInput }) => api.patch<LiveEntry>(`${path(articleId)}/${encodeURIComponent(entry.id)}`, input, entry.version),
    onSuccess: invalidate,
  });
  const remove = useMutation({
    mutationFn: (entry: LiveEntry) => api.del(`${path(articleId)}/${encodeURIComponent(entry.id)}`, entry.version),
    onSuccess: invalidate,
  });
  return { add, update, remove };
}
