// Uploads go through XMLHttpRequest, not fetch: only XHR reports upload
// progress, which the media library shows as a progress bar.
import { ADMIN_PREFIX, ApiError, NETWORK_ERROR } from './client';
import { apiBaseUrl } from './admin-api';
import { sessionToken } from './session';

export interface UploadHandle<T> {
  promise: Promise<T>;
  abort: () => void;
}

/** upload POSTs a multipart form to an admin API path, reporting progress from 0 to 1. */
export function upload<T>(path: string, form: FormData, onProgress: (fraction: number) => void): UploadHandle<T> {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<T>((resolve, reject) => {
    xhr.open('POST', `${apiBaseUrl}${ADMIN_PREFIX}${path}`);
    const token = sessionToken();
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: unknown;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(body as T);
        return;
      }
      const e = (body as { error?: { code?: string; message?: string; fields?: Record<string, string>; details?: Record<string, unknown> } } | undefined)?.error;
      reject(new ApiError({
        status: xhr.status,
        code: e?.code ?? 'error',
        message: e?.message ?? (xhr.statusText || `HTTP ${xhr.status}`),
        fields: e?.fields,
        details: e?.details,
      }));
    };
    xhr.onerror = () => reject(new ApiError({ status: 0, code: NETWORK_ERROR, message: 'network error' }));
    xhr.onabort = () => reject(new DOMException('upload cancelled', 'AbortError'));
    xhr.send(form);
  });
  return { promise, abort: () => xhr.abort() };
}
