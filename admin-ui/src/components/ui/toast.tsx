import { useSyncExternalStore } from 'react';

interface Toast {
  id: number;
  text: string;
  kind: 'success' | 'error';
}

let toasts: Toast[] = [];
let seq = 0;
const listeners = new Set<() => void>();

function emit() {
  listeners.forEach((l) => l());
}

/** toast shows a short message for a few seconds in the page's live region. */
export function toast(text: string, kind: Toast['kind'] = 'success'): void {
  const id = ++seq;
  toasts = [...toasts, { id, text, kind }];
  emit();
  setTimeout(() => {
    toasts = toasts.filter((t) => t.id !== id);
    emit();
  }, 5000);
}

/** Toasts renders the messages; mount it once, in the app shell. */
export function Toasts() {
  const list = useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => toasts,
  );
  return (
    <div className="toasts" role="status" aria-live="polite">
      {list.map((t) => (
        <p key={t.id} className={`toast toast-${t.kind}`} dir="auto">
          {t.text}
        </p>
      ))}
    </div>
  );
}
