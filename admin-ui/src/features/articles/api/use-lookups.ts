// The editor's pickers: sections, tags, stories, authors, related articles
// and media assets, searched and looked up by id through the shared cache.
import { useQueries, useQuery } from '@tanstack/react-query';
import { api } from '../../../api/admin-api';
import { queryString } from '../../../api/client';
import { keys } from '../../../api/query-keys';
import type { Article, Author, MediaAsset, Page, Section, Story, Tag } from '../../../api/types';

export type LookupKind = 'tags' | 'stories' | 'authors' | 'articles';

interface Named {
  id: string;
  label: string;
}

function labelOf(kind: LookupKind, v: Tag | Story | Author | Article): string {
  if (kind === 'stories') return (v as Story).title;
  if (kind === 'articles') return (v as Article).headline;
  return (v as Tag | Author).name;
}

/** useSearch lists the first matches of q among a kind of object. */
export function useSearch(kind: LookupKind, q: string, enabled = true) {
  return useQuery({
    queryKey: keys[kind].list({ q, limit: 20, picker: true }),
    queryFn: ({ signal }) => api.get<Page<Tag | Story | Author | Article>>(`/${kind}${queryString({ q, limit: 20 })}`, signal),
    select: (page): Named[] => page.data.map((v) => ({ id: v.id, label: labelOf(kind, v) })),
    enabled,
    staleTime: 30_000,
  });
}

/** useNames looks up the display names of ids, one cached request each. */
export function useNames(kind: LookupKind, ids: string[]): Named[] {
  const results = useQueries({
    queries: ids.map((id) => ({
      queryKey: keys[kind].detail(id),
      queryFn: ({ signal }: { signal: AbortSignal }) => api.get<Tag | Story | Author | Article>(`/${kind}/${encodeURIComponent(id)}`, signal),
      staleTime: 60_000,
      refetchOnWindowFocus: false,
    })),
  });
  return ids.map((id, i) => {
    const data = results[i]?.data;
    return { id, label: data ? labelOf(kind, data) : '…' };
  });
}

export function useSections() {
  return useQuery({
    queryKey: keys.sections.list({ limit: 100 }),
    queryFn: ({ signal }) => api.get<Page<Section>>(`/sections${queryString({ limit: 100 })}`, signal),
    staleTime: 5 * 60_000,
  });
}

export function useMediaAsset(id: string | null | undefined) {
  return useQuery({
    queryKey: keys.media.detail(id ?? ''),
    queryFn: ({ signal }) => api.get<MediaAsset>(`/media/${encodeURIComponent(id ?? '')}`, signal),
    enabled: !!id,
    staleTime: 5 * 60_000,
  });
}
