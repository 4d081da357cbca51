import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/admin-api';
import { queryString } from '../../../api/client';
import { keys } from '../../../api/query-keys';
import type { NewUser, Page, User, UserPatch } from '../../../api/types';

export function useUsers(filters: { q?: string | undefined; role?: string | undefined; active?: string | undefined; cursor?: string | undefined }) {
  return useQuery({
    queryKey: keys.users.list({ ...filters }),
    queryFn: ({ signal }) => api.get<Page<User>>(`/users${queryString({ ...filters, limit: 50 })}`, signal),
    placeholderData: keepPreviousData,
  });
}

export function useUserMutations() {
  const qc = useQueryClient();
  const done = (u: User) => {
    qc.setQueryData(keys.users.detail(u.id), u);
    void qc.invalidateQueries({ queryKey: keys.users.lists() });
    void qc.invalidateQueries({ queryKey: keys.me });
  };
  const create = useMutation({ mutationFn: (input: NewUser) => api.post<User>('/users', input), onSuccess: done });
  const update = useMutation({ mutationFn: ({ user, input }: { user: User; input: UserPatch }) => api.patch<User>(`/users/${encodeURIComponent(user.id)}`, input, user.version), onSuccess: done });
  return { create, update };
}
