import { useTranslation } from 'react-i18next';

export type DateStyle = 'datetime' | 'date' | 'time' | 'relative';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, style: Exclude<DateStyle, 'relative'>): Intl.DateTimeFormat {
  const key = `${locale}|${style}`;
  let f = formatters.get(key);
  if (!f) {
    const opts: Intl.DateTimeFormatOptions =
      style === 'date' ? { dateStyle: 'medium' } : style === 'time' ? { timeStyle: 'short' } : { dateStyle: 'medium', timeStyle: 'short' };
    f = new Intl.DateTimeFormat(locale, opts);
    formatters.set(key, f);
  }
  return f;
}

/** formatDate shows an RFC 3339 time from the API in the user's locale and time zone. */
export function formatDate(iso: string | null | undefined, locale: string, style: DateStyle = 'datetime', now: Date = new Date()): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  if (style === 'relative') {
    const seconds = Math.round((d.getTime() - now.getTime()) / 1000);
    const abs = Math.abs(seconds);
    const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
    if (abs < 60) return rtf.format(seconds, 'second');
    if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
    if (abs < 86400) return rtf.format(Math.round(seconds / 3600), 'hour');
    if (abs < 7 * 86400) return rtf.format(Math.round(seconds / 86400), 'day');
    return formatter(locale, 'datetime').format(d);
  }
  return formatter(locale, style).format(d);
}

/** useFormatDate formats in the interface language. */
export function useFormatDate(): (iso: string | null | undefined, style?: DateStyle) => string {
  const { i18n } = useTranslation();
  return (iso, style = 'datetime') => formatDate(iso, i18n.language, style);
}

/** toLocalInput turns a time into the value of an <input type="datetime-local"> in the browser's zone. */
export function toLocalInput(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** fromLocalInput reads a datetime-local value (the browser's zone) as an RFC 3339 UTC time; '' when invalid. */
export function fromLocalInput(v: string): string {
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString();
}
