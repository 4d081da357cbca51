import { useTranslation } from 'react-i18next';
import { useRouteError } from 'react-router';
import { ErrorMessage } from '../components/ui/error-message';

/** RouteError replaces a screen that failed to load (an old build after a deploy) or threw while rendering. */
export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  return (
    <main className="content" id="main">
      <h1>{t('errors.screenFailed')}</h1>
      <ErrorMessage error={error} onRetry={() => window.location.reload()} />
      <a href={import.meta.env.BASE_URL}>{t('nav.dashboard')}</a>
    </main>
  );
}
