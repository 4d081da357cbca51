import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { hasRole, useMe, type Role } from '../../../api/me';
import { ErrorMessage } from '../../../components/ui/error-message';
import { Loading } from '../../../components/ui/loading';

/** RequireRole shows its children only to users with one of the roles (the screens of the navigation). */
export function RequireRole({ roles, children }: { roles: Role[]; children: ReactNode }) {
  const { t } = useTranslation();
  const me = useMe();
  if (me.isPending) return <Loading />;
  if (me.error) return <ErrorMessage error={me.error} onRetry={() => void me.refetch()} />;
  if (!hasRole(me.data, ...roles)) {
    return (
      <div className="alert alert-info" role="alert">
        <p className="alert-title">{t('errors.forbidden')}</p>
        <p>{t('errors.notForYourRoles')}</p>
      </div>
    );
  }
  return <>{children}</>;
}
