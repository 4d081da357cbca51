import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/admin-api';
import { queryString } from '../../../api/client';
import { keys } from '../../../api/query-keys';
import type { Page, Webhook, WebhookDelivery, WebhookInput } from '../../../api/types';

/** The events a webhook can subscribe to (the backend's webhook.Events). */
export const webhookEvents = ['article.published', 'article.updated', 'article.unpublished', 'story.updated', 'comment.approved'];

export function useWebhooks(cursor?: string) {
  return useQuery({
    queryKey: keys.webhooks.list({ cursor }),
    queryFn: ({ signal }) => api.get<Page<Webhook>>(`/webhooks${queryString({ cursor, limit: 50 })}`, signal),
    placeholderData: keepPreviousData,
  });
}

export function useWebhook(id: string) {
  return useQuery({ queryKey: keys.webhooks.detail(id), queryFn: ({ signal }) => api.get<Webhook>(`/webhooks/${encodeURIComponent(id)}`, signal) });
}

export function useDeliveries(id: string, cursor?: string) {
  return useQuery({
    queryKey: keys.webhooks.sub(id, 'deliveries', { cursor }),
    queryFn: ({ signal }) => api.get<Page<WebhookDelivery>>(`/webhooks/${encodeURIComponent(id)}/deliveries${queryString({ cursor, limit: 50 })}`, signal),
    refetchInterval: 10_000,
  });
}

export function useWebhookMutations() {
  const qc = useQueryClient();
  const done = (h?: Webhook) => {
    if (h) qc.setQueryData(keys.webhooks.detail(h.id), h);
    void qc.invalidateQueries({ queryKey: keys.webhooks.lists() });
  };
  const create = useMutation({ mutationFn: (input: WebhookInput) => api.post<Webhook>('/webhooks', input), onSuccess: done });
  const update = useMutation({
    mutationFn: ({ hook, input }: { hook: Webhook; input: WebhookInput }) => api.patch<Webhook>(`/webhooks/${encodeURIComponent(hook.id)}`, input, hook.version),
    onSuccess: done,
  });
  const remove = useMutation({
    mutationFn: (hook: Webhook) => api.del(`/webhooks/${encodeURIComponent(hook.id)}`, hook.version),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.webhooks.all }),
  });
  const rotate = useMutation({ mutationFn: (hook: Webhook) => api.post<Webhook>(`/webhooks/${encodeURIComponent(hook.id)}/rotate-secret`, undefined, hook.version), onSuccess: done });
  const test = useMutation({
    mutationFn: (hook: Webhook) => api.post<WebhookDelivery>(`/webhooks/${encodeURIComponent(hook.id)}/test`),
    onSuccess: (_d, hook) => void qc.invalidateQueries({ queryKey: keys.webhooks.sub(hook.id, 'deliveries') }),
  });
  return { create, update, remove, rotate, test };
}
