import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/admin-api';
import { queryString } from '../../../api/client';
import { keys } from '../../../api/query-keys';
import type { Author, Page, Section, Tag } from '../../../api/types';

export type TaxonomyKind = 'sections' | 'tags' | 'authors';
export type TaxonomyItem = Section | Tag | Author;

export function useTaxonomyList(kind: TaxonomyKind, filters: { q?: string | undefined; cursor?: string | undefined }) {
  return useQuery({
    queryKey: keys[kind].list({ ...filters, limit: 50 }),
    queryFn: ({ signal }) => api.get<Page<TaxonomyItem>>(`/${kind}${queryString({ ...filters, limit: 50 })}`, signal),
    placeholderData: keepPreviousData,
  });
}

export function useTaxonomyMutations(kind: TaxonomyKind) {
  const qc = useQueryClient();
  const done = () => void qc.invalidateQueries({ queryKey: keys[kind].all });
  const create = useMutation({ mutationFn: (input: Record<string, unknown>) => api.post<TaxonomyItem>(`/${kind}`, input), onSuccess: done });
  const update = useMutation({
    mutationFn: ({ item, input }: { item: TaxonomyItem; input: Record<string, unknown> }) => api.patch<TaxonomyItem>(`/${kind}/${encodeURIComponent(item.id)}`, input, item.version),
    onSuccess: done,
  });
  const remove = useMutation({ mutationFn: (item: TaxonomyItem) => api.del(`/${kind}/${encodeURIComponent(item.id)}`, item.version), onSuccess: done });
  return { create, update, remove };
}
