import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/admin-api';
import { keys } from '../../../api/query-keys';
import type { Article, TransitionInput } from '../../../api/types';

/** actionPath is the endpoint of a workflow action: request_changes → /request-changes. */
export function actionPath(action: string): string {
  return action.replaceAll('_', '-');
}

export interface TransitionVars {
  action: string;
  version: number;
  input?: TransitionInput;
}

/** useTransition runs a workflow action with If-Match; the answer is the updated article. */
export function useTransition(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ action, version, input }: TransitionVars) =>
      api.post<Article>(`/articles/${encodeURIComponent(id)}/${actionPath(action)}`, input ?? {}, version),
    onSuccess: (article) => {
      qc.setQueryData(keys.articles.detail(id), article);
      void qc.invalidateQueries({ queryKey: keys.articles.lists() });
      void qc.invalidateQueries({ queryKey: [...keys.articles.detail(id), 'history'] });
    },
  });
}
