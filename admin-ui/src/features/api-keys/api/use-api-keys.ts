import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/admin-api';
import { queryString } from '../../../api/client';
import { keys } from '../../../api/query-keys';
import type { ApiKey, Page } from '../../../api/types';

export function useApiKeys(cursor?: string) {
  return useQuery({
    queryKey: keys.apiKeys.list({ cursor }),
    queryFn: ({ signal }) => api.get<Page<ApiKey>>(`/api-keys${queryString({ cursor, limit: 50 })}`, signal),
  });
}

export function useApiKeyMutations() {
  const qc = useQueryClient();
  const done = () => void qc.invalidateQueries({ queryKey: keys.apiKeys.all });
  const create = useMutation({ mutationFn: (input: { name: string }) => api.post<ApiKey>('/api-keys', input), onSuccess: done });
  // Keys have no version: revoking is final, so there is nothing to be stale about.
  const revoke = useMutation({ mutationFn: (k: ApiKey) => api.del(`/api-keys/${encodeURIComponent(k.id)}`), onSuccess: done });
  return { create, revoke };
}
