// The writers an editor may assign to a live article: GET /writers answers
// the active writers' ids and names (editors only).
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../../api/admin-api';
import { queryString } from '../../../api/client';
import { keys } from '../../../api/query-keys';
import type { Page, Writer } from '../../../api/types';

/** useWriterSearch lists the first writers whose name contains q. */
export function useWriterSearch(q: string, enabled: boolean) {
  return useQuery({
    queryKey: keys.writers.list({ q, limit: 20 }),
    queryFn: ({ signal }) => api.get<Page<Writer>>(`/writers${queryString({ q: q || undefined, limit: 20 })}`, signal),
    select: (page) => page.data,
    enabled,
    staleTime: 30_000,
  });
}

/** useWriterNames names the given writers in one request; ids it does not answer are no longer active writers. */
export function useWriterNames(ids: string[]) {
  const sorted = [...ids].sort();
  return useQuery({
    queryKey: keys.writers.list({ ids: sorted.join(',') }),
    queryFn: ({ signal }) => api.get<Page<Writer>>(`/writers${queryString({ ids: sorted.join(','), limit: 100 })}`, signal),
    select: (page) => page.data,
    enabled: ids.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}
