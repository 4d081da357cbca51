import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export function NotFound() {
  const { t } = useTranslation();
  return (
    <div className="alert alert-info" role="alert">
      <p className="alert-title">{t('errors.pageNotFound')}</p>
      <Link to="/">{t('nav.dashboard')}</Link>
    </div>
  );
}
