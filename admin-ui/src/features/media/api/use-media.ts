import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/admin-api';
import { queryString } from '../../../api/client';
import { keys } from '../../../api/query-keys';
import type { MediaAsset, MediaPatch, Page } from '../../../api/types';
import { upload } from '../../../api/upload';

export function useMediaList(filters: { q?: string | undefined; cursor?: string | undefined; limit?: number }) {
  return useQuery({
    queryKey: keys.media.list({ ...filters }),
    queryFn: ({ signal }) => api.get<Page<MediaAsset>>(`/media${queryString({ ...filters })}`, signal),
    placeholderData: keepPreviousData,
  });
}

/** useMediaAsset reads one asset (null id: nothing to read). */
export function useMediaAsset(id: string | null) {
  return useQuery({
    queryKey: keys.media.detail(id ?? ''),
    queryFn: ({ signal }) => api.get<MediaAsset>(`/media/${encodeURIComponent(id ?? '')}`, signal),
    enabled: !!id,
    staleTime: 60_000,
  });
}

export function useUpdateMedia() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ asset, patch }: { asset: MediaAsset; patch: MediaPatch }) => api.patch<MediaAsset>(`/media/${encodeURIComponent(asset.id)}`, patch, asset.version),
    onSuccess: (a) => {
      qc.setQueryData(keys.media.detail(a.id), a);
      void qc.invalidateQueries({ queryKey: keys.media.lists() });
    },
  });
}

export function useDeleteMedia() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (asset: MediaAsset) => api.del(`/media/${encodeURIComponent(asset.id)}`, asset.version),
    onSuccess: (_r, a) => {
      qc.removeQueries({ queryKey: keys.media.detail(a.id) });
      void qc.invalidateQueries({ queryKey: keys.media.all });
    },
  });
}

export interface UploadFields {
  caption?: string;
  credit?: string;
  alt_text?: string;
  source?: string;
}

/** uploadMedia sends one image as multipart/form-data, reporting progress. */
export function uploadMedia(file: File, fields: UploadFields, onProgress: (f: number) => void) {
  const form = new FormData();
  form.append('file', file);
  for (const [k, v] of Object.entries(fields)) {
    if (v && v.trim()) form.append(k, v.trim());
  }
  return upload<MediaAsset>('/media', form, onProgress);
}

/** useInvalidateMedia refreshes the library after uploads. */
export function useInvalidateMedia() {
  const qc = useQueryClient();
  return (asset?: MediaAsset) => {
    if (asset) qc.setQueryData(keys.media.detail(asset.id), asset);
    void qc.invalidateQueries({ queryKey: keys.media.lists() });
  };
}
