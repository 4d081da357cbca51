import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useSearchParams } from 'react-router';
import { ApiError } from '../../../api/client';
import { Button } from '../../../components/ui/button';
import { ErrorMessage } from '../../../components/ui/error-message';
import { TextField } from '../../../components/ui/field';
import { LanguageSwitcher } from '../components/language-switcher';
import { useLogin, useSignedIn } from '../api/use-session';

/** LoginRoute signs in with e-mail and password, then returns to where the user was going. */
export function LoginRoute() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const signedIn = useSignedIn();
  const login = useLogin();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const next = safeNext(params.get('next'));

  if (signedIn) return <Navigate to={next} replace />;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate({ email: email.trim(), password });
  };

  return (
    <main className="login-page">
      <form className="login-card" onSubmit={submit} noValidate>
        <h1>{t('app.name')}</h1>
        <p className="muted">{t('login.intro')}</p>
        {login.error instanceof ApiError && (login.error.status === 401 || login.error.status === 429) ? (
          <div className="alert alert-error" role="alert">
            <p className="alert-title">{t('login.failed')}</p>
            <p dir="auto">{login.error.message}</p>
          </div>
        ) : (
          login.error && <ErrorMessage error={login.error} />
        )}
        <TextField
          label={t('login.email')}
          type="email"
          name="email"
          autoComplete="username"
          dir="ltr"
          required
          autoFocus
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <TextField
          label={t('login.password')}
          type="password"
          name="password"
          autoComplete="current-password"
          dir="ltr"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <Button type="submit" variant="primary" busy={login.isPending}>
          {login.isPending ? t('login.signingIn') : t('login.signIn')}
        </Button>
        <LanguageSwitcher />
      </form>
    </main>
  );
}

/** safeNext keeps a post-login redirect inside the app. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}
