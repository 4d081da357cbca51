import { describe, expect, it } from 'vitest';
import { ApiError, createClient, NETWORK_ERROR, queryString, toApiError } from './client';

interface Seen {
  url: string;
  init: RequestInit;
}

/** fakeFetch answers every request with one response and records what was sent. */
function fakeFetch(status: number, body: unknown, headers: Record<string, string> = {}) {
  const seen: Seen[] = [];
  const f = (async (url: RequestInfo | URL, init?: RequestInit) => {
    seen.push({ url: String(url), init: init ?? {} });
    const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
    return new Response(status === 204 ? null : text, { status, headers: { 'Content-Type': 'application/json', ...headers } });
  }) as typeof fetch;
  return { f, seen };
}

const header = (s: Seen, name: string) => new Headers(s.init.headers).get(name);

describe('the API client', () => {
  it('sends the bearer token and asks for JSON', async () => {
    const { f, seen } = fakeFetch(200, { id: 'u1' });
    const c = createClient({ baseUrl: 'https://cms.example', getToken: () => 'tok', fetch: f });
    expect(await c.get('/me')).toEqual({ id: 'u1' });
    expect(seen[0]?.url).toBe('https://cms.example/api/admin/v1/me');
    expect(header(seen[0]!, 'Authorization')).toBe('Bearer tok');
    expect(header(seen[0]!, 'If-Match')).toBeNull();
  });

  it('sends If-Match with the version on writes', async () => {
    const { f, seen } = fakeFetch(200, { version: 8 });
    const c = createClient({ baseUrl: '', getToken: () => 'tok', fetch: f });
    await c.patch('/articles/a1', { headline: 'x' }, 7);
    await c.post('/articles/a1/publish', {}, 8);
    await c.put('/stories/s1/articles', { article_ids: [] }, 3);
    await c.del('/articles/a1', 9);
    expect(seen.map((s) => [s.init.method, header(s, 'If-Match')])).toEqual([
      ['PATCH', '"7"'],
      ['POST', '"8"'],
      ['PUT', '"3"'],
      ['DELETE', '"9"'],
    ]);
    expect(header(seen[0]!, 'Content-Type')).toBe('application/json');
    expect(seen[0]?.init.body).toBe('{"headline":"x"}');
    // A DELETE carries no body, so no content type.
    expect(header(seen[3]!, 'Content-Type')).toBeNull();
  });

  it('sends no token when signed out', async () => {
    const { f, seen } = fakeFetch(200, {});
    const c = createClient({ baseUrl: '', getToken: () => null, fetch: f });
    await c.post('/auth/login', { email: 'a@b.c', password: 'p' });
    expect(header(seen[0]!, 'Authorization')).toBeNull();
  });

  it('answers 204 with undefined', async () => {
    const { f } = fakeFetch(204, undefined);
    const c = createClient({ baseUrl: '', getToken: () => 't', fetch: f });
    expect(await c.del('/tags/t1', 1)).toBeUndefined();
  });

  it('turns the error JSON into an ApiError with fields and details', async () => {
    const { f } = fakeFetch(422, { error: { code: 'invalid', message: 'the request has invalid fields', fields: { headline: 'is required' }, request_id: 'r1' } });
    const c = createClient({ baseUrl: '', getToken: () => 't', fetch: f });
    const err = await c.post('/articles', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    const e = err as ApiError;
    expect([e.status, e.code, e.message, e.fields, e.requestId]).toEqual([422, 'invalid', 'the request has invalid fields', { headline: 'is required' }, 'r1']);
  });

  it('reads the current version of a 412 and the allowed actions of a 409', async () => {
    const stale = await toApiError(
      new Response(JSON.stringify({ error: { code: 'precondition_failed', message: 'changed', details: { current_version: 5 } } }), { status: 412 }),
    );
    expect(stale.status).toBe(412);
    expect(stale.currentVersion).toBe(5);
    const conflict = await toApiError(
      new Response(JSON.stringify({ error: { code: 'conflict', message: 'not now', details: { allowed_actions: ['submit', 'archive'] } } }), { status: 409 }),
    );
    expect(conflict.allowedActions).toEqual(['submit', 'archive']);
    expect(conflict.currentVersion).toBeUndefined();
  });

  it('still makes an ApiError of a body that is not the error JSON', async () => {
    const e = await toApiError(new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway', headers: { 'X-Request-ID': 'gw' } }));
    expect([e.status, e.code, e.message]).toEqual([502, 'internal', 'Bad Gateway']);
    const e2 = await toApiError(new Response('', { status: 429 }));
    expect(e2.code).toBe('too_many_requests');
  });

  it('tells the app when a signed-in request is answered 401', async () => {
    const { f } = fakeFetch(401, { error: { code: 'unauthorized', message: 'the session ended' } });
    let ended = 0;
    const c = createClient({ baseUrl: '', getToken: () => 't', fetch: f, onUnauthorized: () => ended++ });
    await expect(c.get('/me')).rejects.toMatchObject({ status: 401, code: 'unauthorized' });
    expect(ended).toBe(1);
    // A failed sign-in (no token yet) is not the end of a session.
    const anon = createClient({ baseUrl: '', getToken: () => null, fetch: f, onUnauthorized: () => ended++ });
    await expect(anon.post('/auth/login', {})).rejects.toBeInstanceOf(ApiError);
    expect(ended).toBe(1);
  });

  it('reports a network failure as an ApiError with status 0', async () => {
    const f = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    const c = createClient({ baseUrl: '', getToken: () => 't', fetch: f });
    await expect(c.get('/me')).rejects.toMatchObject({ status: 0, code: NETWORK_ERROR, message: 'Failed to fetch' });
  });

  it('builds query strings without empty values', () => {
    expect(queryString({ status: 'draft', q: '', section: undefined, limit: 20, cursor: null })).toBe('?status=draft&limit=20');
    expect(queryString({ q: 'مفاوضات أستانا' })).toBe(`?q=${encodeURIComponent('مفاوضات أستانا').replace(/%20/g, '+')}`);
    expect(queryString({})).toBe('');
  });
});
