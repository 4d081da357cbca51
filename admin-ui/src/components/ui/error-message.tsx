import { useTranslation } from 'react-i18next';
import { ApiError, NETWORK_ERROR } from '../../api/client';

/** errorSummary says in plain words what kind of problem an error is. */
export function useErrorText(): (error: unknown) => { title: string; detail: string } {
  const { t } = useTranslation();
  return (error: unknown) => {
    if (error instanceof ApiError) {
      const known = [
        NETWORK_ERROR, 'bad_request', 'unauthorized', 'forbidden', 'not_found', 'conflict', 'precondition_failed',
        'request_timeout', 'too_large', 'unsupported_media_type', 'invalid', 'precondition_required', 'too_many_requests', 'unavailable', 'internal',
      ];
      const title = known.includes(error.code) ? t(`errors.${error.code}`) : t('errors.unknown');
      return { title, detail: error.message };
    }
    return { title: t('errors.unknown'), detail: error instanceof Error ? error.message : String(error) };
  };
}

export interface ErrorMessageProps {
  error: unknown;
  /** A retry button for failed loads. */
  onRetry?: () => void;
}

/** ErrorMessage shows what went wrong in plain words, with the server's own message. */
export function ErrorMessage({ error, onRetry }: ErrorMessageProps) {
  const { t } = useTranslation();
  const text = useErrorText()(error);
  const fields = error instanceof ApiError ? Object.entries(error.fields) : [];
  const requestId = error instanceof ApiError ? error.requestId : undefined;
  return (
    <div className="alert alert-error" role="alert">
      <p className="alert-title">{text.title}</p>
      {text.detail && (
        <p dir="auto">
          {t('errors.serverSaid')} <q dir="auto">{text.detail}</q>
        </p>
      )}
      {fields.length > 0 && (
        <ul>
          {fields.map(([k, v]) => (
            <li key={k} dir="auto">
              <code>{k}</code>: {v}
            </li>
          ))}
        </ul>
      )}
      {requestId && <p className="muted small">{t('errors.requestId', { id: requestId })}</p>}
      {onRetry && (
        <button type="button" className="btn btn-secondary btn-small" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}
