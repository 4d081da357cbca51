// The one client of the admin API. Every request goes through `request`,
// which adds the bearer token, sends If-Match on versioned writes and turns
// the API's {"error": {code, message, fields, details}} into an ApiError.

/** What went wrong with a request, in the API's own words. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: Record<string, string>;
  readonly details: Record<string, unknown>;
  readonly requestId: string | undefined;

  constructor(init: {
    status: number;
    code: string;
    message: string;
    fields?: Record<string, string> | undefined;
    details?: Record<string, unknown> | undefined;
    requestId?: string | undefined;
  }) {
    super(init.message);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.fields = init.fields ?? {};
    this.details = init.details ?? {};
    this.requestId = init.requestId;
  }

  /** The version the server has now, on a 412. */
  get currentVersion(): number | undefined {
    const v = this.details['current_version'];
    return typeof v === 'number' ? v : undefined;
  }

  /** The workflow actions the server allows now, on a 409. */
  get allowedActions(): string[] {
    const v = this.details['allowed_actions'];
    return Array.isArray(v) ? v.filter((a): a is string => typeof a === 'string') : [];
  }
}

/** The code of an error that never reached the API (offline, DNS, CORS). */
export const NETWORK_ERROR = 'network';

/** toApiError reads an error response; a body that is not the API's error JSON still gives an ApiError. */
export async function toApiError(res: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  const err = isRecord(body) && isRecord(body['error']) ? body['error'] : undefined;
  if (!err) {
    return new ApiError({ status: res.status, code: codeForStatus(res.status), message: res.statusText || `HTTP ${res.status}` });
  }
  return new ApiError({
    status: res.status,
    code: typeof err['code'] === 'string' ? err['code'] : codeForStatus(res.status),
    message: typeof err['message'] === 'string' ? err['message'] : res.statusText,
    fields: isRecord(err['fields']) ? stringRecord(err['fields']) : undefined,
    details: isRecord(err['details']) ? err['details'] : undefined,
    requestId: typeof err['request_id'] === 'string' ? err['request_id'] : (res.headers.get('X-Request-ID') ?? undefined),
  });
}

function codeForStatus(status: number): string {
  const codes: Record<number, string> = {
    400: 'bad_request', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 409: 'conflict',
    408: 'request_timeout', 412: 'precondition_failed', 413: 'too_large', 415: 'unsupported_media_type', 422: 'invalid',
    428: 'precondition_required', 429: 'too_many_requests', 503: 'unavailable',
  };
  return codes[status] ?? (status >= 500 ? 'internal' : 'error');
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringRecord(v: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, s] of Object.entries(v)) out[k] = String(s);
  return out;
}

/** A query string from params; empty and undefined values are left out. */
export function queryString(params: Record<string, string | number | boolean | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface RequestOptions {
  body?: unknown;
  /** The version the write is based on, sent as If-Match: "<version>". */
  version?: number;
  signal?: AbortSignal;
}

export interface ClientConfig {
  /** Origin and prefix of the admin API, e.g. "" (same origin) or "https://cms.example.com". */
  baseUrl: string;
  getToken: () => string | null;
  /** Called on a 401 of a signed-in request: the session ended. */
  onUnauthorized?: () => void;
  fetch?: typeof fetch;
}

export const ADMIN_PREFIX = '/api/admin/v1';

/** ifMatch is the If-Match header value of a version. */
export function ifMatch(version: number): string {
  return `"${version}"`;
}

export interface Client {
  request<T>(method: Method, path: string, opts?: RequestOptions): Promise<T>;
  get<T>(path: string, signal?: AbortSignal): Promise<T>;
  post<T>(path: string, body?: unknown, version?: number): Promise<T>;
  /** PATCH always carries the version it is based on (428 without). */
  patch<T>(path: string, body: unknown, version: number): Promise<T>;
  put<T>(path: string, body: unknown, version: number): Promise<T>;
  del(path: string, version?: number): Promise<void>;
  /** url makes an absolute URL of an admin API path (for uploads). */
  url(path: string): string;
  token(): string | null;
}

export function createClient(cfg: ClientConfig): Client {
  const doFetch = cfg.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const url = (path: string) => `${cfg.baseUrl}${ADMIN_PREFIX}${path}`;

  async function request<T>(method: Method, path: string, opts: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    const token = cfg.getToken();
    if (token) headers['Authorization'] = `Bearer ${token}`;
    if (opts.version !== undefined) headers['If-Match'] = ifMatch(opts.version);
    let body: string | undefined;
    if (opts.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(opts.body);
    }
    let res: Response;
    try {
      res = await doFetch(url(path), { method, headers, body, signal: opts.signal, credentials: 'omit' });
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') throw e;
      throw new ApiError({ status: 0, code: NETWORK_ERROR, message: e instanceof Error ? e.message : String(e) });
    }
    if (!res.ok) {
      const err = await toApiError(res);
      if (res.status === 401 && token) cfg.onUnauthorized?.();
      throw err;
    }
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  return {
    request,
    get: (path, signal) => request('GET', path, { signal }),
    post: (path, body, version) => request('POST', path, { body, version }),
    patch: (path, body, version) => request('PATCH', path, { body, version }),
    put: (path, body, version) => request('PUT', path, { body, version }),
    del: (path, version) => request('DELETE', path, { version }),
    url,
    token: cfg.getToken,
  };
}
