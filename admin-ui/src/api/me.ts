import { useQuery } from '@tanstack/react-query';
import { api } from './admin-api';
import { keys } from './query-keys';
import type { User } from './types';

/** The roles the API knows; a user may hold several. */
export type Role = 'writer' | 'editor' | 'moderator' | 'admin';

/** useMe is the signed-in user (GET /me): every feature reads roles from here. */
export function useMe() {
  return useQuery({
    queryKey: keys.me,
    queryFn: ({ signal }) => api.get<User>('/me', signal),
    staleTime: 5 * 60_000,
  });
}

/**
 * hasRole says whether the user holds one of the roles. The UI uses it only
 * to choose what to show (navigation, management screens); the API decides
 * every action, and per-article workflow comes from `allowed_actions`.
 */
export function hasRole(user: Pick<User, 'roles'> | undefined, ...roles: Role[]): boolean {
  return !!user && user.roles.some((r) => (roles as string[]).includes(r));
}
