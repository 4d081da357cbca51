import { createClient } from './client';
import { clearSession, sessionToken } from './session';

/**
 * The admin API's base URL: the same origin by default (the backend serves
 * the UI at /admin/), or VITE_API_URL at build time for a UI served elsewhere.
 */
export const apiBaseUrl: string = (import.meta.env.VITE_API_URL as string | undefined)?.replace(/\/$/, '') ?? '';

/** api is the app's one client of the admin API. */
export const api = createClient({
  baseUrl: apiBaseUrl,
  getToken: sessionToken,
  onUnauthorized: clearSession,
});

/** absoluteUrl turns a root-relative URL the API gave (media, preview links) into one the browser can open. */
export function absoluteUrl(url: string): string {
  return url.startsWith('/') ? `${apiBaseUrl}${url}` : url;
}
