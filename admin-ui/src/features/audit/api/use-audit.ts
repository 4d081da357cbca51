import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../../api/admin-api';
import { queryString } from '../../../api/client';
import { keys } from '../../../api/query-keys';
import type { AuditEvent, Page } from '../../../api/types';

export interface AuditFilters {
  actor_id?: string | undefined;
  entity_type?: string | undefined;
  entity_id?: string | undefined;
  action?: string | undefined;
  cursor?: string | undefined;
}

export function useAudit(filters: AuditFilters) {
  return useQuery({
    queryKey: keys.audit.list({ ...filters }),
    queryFn: ({ signal }) => api.get<Page<AuditEvent>>(`/audit${queryString({ ...filters, limit: 50 })}`, signal),
    placeholderData: keepPreviousData,
  });
}
