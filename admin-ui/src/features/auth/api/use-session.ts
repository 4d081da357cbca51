import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { api } from '../../../api/admin-api';
import { clearSession, currentSession, saveSession, subscribeSession } from '../../../api/session';
import type { LoginResult } from '../../../api/types';
import { keys } from '../../../api/query-keys';

/** useSignedIn re-renders when the session starts or ends (also on a 401 anywhere). */
export function useSignedIn(): boolean {
  return useSyncExternalStore(subscribeSession, () => currentSession() !== null);
}

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { email: string; password: string }) => api.post<LoginResult>('/auth/login', input),
    onSuccess: (res) => {
      qc.clear();
      saveSession({ token: res.token, expiresAt: res.expires_at });
      if (res.user) qc.setQueryData(keys.me, res.user);
    },
  });
}

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      try {
        await api.post('/auth/logout');
      } catch {
        // The session ends here whatever the server says.
      }
    },
    onSettled: () => {
      clearSession();
      qc.clear();
    },
  });
}
