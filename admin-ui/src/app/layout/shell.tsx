import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router';
import { hasRole, useMe } from '../../api/me';
import { ErrorMessage } from '../../components/ui/error-message';
import { Loading } from '../../components/ui/loading';
import { Toasts } from '../../components/ui/toast';
import { LanguageSwitcher } from '../../features/auth/components/language-switcher';
import { useLogout } from '../../features/auth/api/use-session';
import { navigation } from './navigation';

/** Shell is the frame of every signed-in screen: header, role-aware navigation, content. */
export function Shell() {
  const { t } = useTranslation();
  const me = useMe();
  const logout = useLogout();
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="topbar">
        <span className="brand">{t('app.name')}</span>
        <div className="topbar-end">
          {me.data && (
            <span className="whoami" dir="auto">
              {me.data.name}
              <span className="muted small"> · {me.data.roles.map((r) => t(`roles.${r}`)).join('، ')}</span>
            </span>
          )}
          <LanguageSwitcher />
          <button type="button" className="btn btn-ghost btn-small" onClick={() => logout.mutate()} disabled={logout.isPending}>
            {t('login.signOut')}
          </button>
        </div>
      </header>
      <nav className="sidebar" aria-label={t('nav.label')}>
        <ul>
          {navigation
            .filter((item) => hasRole(me.data, ...item.roles))
            .map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.end ?? false}>
                  {t(item.label)}
                </NavLink>
              </li>
            ))}
        </ul>
      </nav>
      <main id="main" className="content" tabIndex={-1}>
        {me.isPending ? <Loading /> : me.error ? <ErrorMessage error={me.error} onRetry={() => void me.refetch()} /> : <Outlet />}
      </main>
      <Toasts />
    </div>
  );
}
