// One factory for every query key, so a mutation can invalidate exactly what
// it changed: `keys.articles.all` (every list and detail of articles) or
// `keys.articles.detail(id)` (one article and what hangs below it).

export type KeyParams = Record<string, string | number | boolean | undefined | null>;

export function queryKeysFactory<R extends string>(resource: R) {
  return {
    all: [resource] as const,
    lists: () => [resource, 'list'] as const,
    list: (params: KeyParams = {}) => [resource, 'list', params] as const,
    details: () => [resource, 'detail'] as const,
    detail: (id: string) => [resource, 'detail', id] as const,
    /** A sub-resource of one object (revisions, history, diff, deliveries). */
    sub: (id: string, name: string, params: KeyParams = {}) => [resource, 'detail', id, name, params] as const,
  };
}

export const keys = {
  me: ['me'] as const,
  articles: queryKeysFactory('articles'),
  stories: queryKeysFactory('stories'),
  sections: queryKeysFactory('sections'),
  tags: queryKeysFactory('tags'),
  authors: queryKeysFactory('authors'),
  media: queryKeysFactory('media'),
  users: queryKeysFactory('users'),
  writers: queryKeysFactory('writers'),
  audit: queryKeysFactory('audit'),
  comments: queryKeysFactory('comments'),
  bans: queryKeysFactory('bans'),
  webhooks: queryKeysFactory('webhooks'),
  apiKeys: queryKeysFactory('api-keys'),
};
