// The sign-in token. It lives in sessionStorage: it survives a reload of the
// tab (a journalist's day is full of reloads), ends when the tab is closed,
// is not shared with other tabs or windows, and is never sent automatically
// the way a cookie is (so no CSRF). Memory alone would sign people out on
// every reload; localStorage would keep it on a shared computer forever.
// Script injection could read it either way: the server's CSP and the
// sanitising of all markup are the defence there.

const KEY = 'cms.session';

export interface Session {
  token: string;
  expiresAt: string;
}

type Listener = () => void;
const listeners = new Set<Listener>();
let cached: Session | null | undefined;

function storage(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}

function read(): Session | null {
  const raw = storage()?.getItem(KEY);
  if (!raw) return null;
  try {
    const s = JSON.parse(raw) as Partial<Session>;
    if (typeof s.token !== 'string' || typeof s.expiresAt !== 'string') return null;
    if (Date.parse(s.expiresAt) <= Date.now()) return null;
    return { token: s.token, expiresAt: s.expiresAt };
  } catch {
    return null;
  }
}

/** currentSession returns the stored session, or null when signed out or expired. */
export function currentSession(): Session | null {
  if (cached === undefined) cached = read();
  if (cached && Date.parse(cached.expiresAt) <= Date.now()) cached = null;
  return cached;
}

export function sessionToken(): string | null {
  return currentSession()?.token ?? null;
}

export function saveSession(s: Session): void {
  storage()?.setItem(KEY, JSON.stringify(s));
  cached = s;
  listeners.forEach((l) => l());
}

export function clearSession(): void {
  storage()?.removeItem(KEY);
  if (cached === null) return;
  cached = null;
  listeners.forEach((l) => l());
}

export function subscribeSession(l: Listener): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}
