import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/admin-api';
import { queryString } from '../../../api/client';
import { keys } from '../../../api/query-keys';
import type { Ban, BanInput, BulkAnswer, BulkInput, Comment, Page } from '../../../api/types';

export type ModerationAction = 'approve' | 'reject' | 'spam' | 'delete';

export function useComments(filters: { status: string; cursor?: string | undefined; article_id?: string | undefined }) {
  return useQuery({
    queryKey: keys.comments.list({ ...filters }),
    queryFn: ({ signal }) => api.get<Page<Comment>>(`/comments${queryString({ ...filters, limit: 50 })}`, signal),
    placeholderData: keepPreviousData,
    // New comments arrive all day; the queue refreshes itself.
    refetchInterval: filters.status === 'pending' ? 30_000 : false,
  });
}

/** useModerate decides on one comment (its own endpoint) or several (POST /comments/bulk). */
export function useModerate() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ ids, action, note }: { ids: string[]; action: ModerationAction; note?: string }): Promise<BulkAnswer> => {
      const body = note ? { note } : {};
      if (ids.length === 1) {
        const id = encodeURIComponent(ids[0]!);
        if (action === 'delete') await api.del(`/comments/${id}`);
        else await api.post<Comment>(`/comments/${id}/${action}`, body);
        return { results: [{ id: ids[0]!, ok: true }], succeeded: 1, failed: 0 };
      }
      const input: Omit<BulkInput, 'note'> & { note?: string } = { ids, action, ...body };
      return api.post<BulkAnswer>('/comments/bulk', input);
    },
    onSettled: () => void qc.invalidateQueries({ queryKey: keys.comments.all }),
  });
}

export function useBans(cursor?: string) {
  return useQuery({
    queryKey: keys.bans.list({ cursor }),
    queryFn: ({ signal }) => api.get<Page<Ban>>(`/bans${queryString({ cursor, limit: 50 })}`, signal),
  });
}

export function useBanMutations() {
  const qc = useQueryClient();
  const done = () => {
    void qc.invalidateQueries({ queryKey: keys.bans.all });
    void qc.invalidateQueries({ queryKey: keys.comments.all });
  };
  const create = useMutation({ mutationFn: (input: BanInput) => api.post<Ban>('/bans', input), onSuccess: done });
  const remove = useMutation({ mutationFn: (ban: Ban) => api.del(`/bans/${encodeURIComponent(ban.id)}`), onSuccess: done });
  return { create, remove };
}
