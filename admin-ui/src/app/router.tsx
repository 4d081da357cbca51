import { createBrowserRouter, Navigate, Outlet } from 'react-router';
import { hasRole, useMe } from '../api/me';
import { RequireAuth } from '../features/auth/components/require-auth';
import { RequireRole } from '../features/auth/components/require-role';
import { LoginRoute } from '../features/auth/routes/login';
import type { Role } from '../api/me';
import type { ComponentType } from 'react';
import { Loading } from '../components/ui/loading';
import { Shell } from './layout/shell';
import { RouteError } from './route-error';
import { navigation } from './layout/navigation';

/** basename is where the app is served (vite's base, /admin/ by default). */
const basename = import.meta.env.BASE_URL.replace(/\/$/, '') || '/';

/** guarded loads a screen lazily and shows it only to the given roles. */
function guarded(roles: Role[], load: () => Promise<ComponentType>) {
  return async () => {
    const Screen = await load();
    return {
      Component: function Guarded() {
        return (
          <RequireRole roles={roles}>
            <Screen />
          </RequireRole>
        );
      },
    };
  };
}

/** Home is the dashboard for journalists; other roles start at their first screen. */
function Home({ Dashboard }: { Dashboard: ComponentType }) {
  const me = useMe();
  if (hasRole(me.data, 'writer', 'editor')) return <Dashboard />;
  // Moderators start at the queue, admins at the people; anyone else at their first screen.
  const start = hasRole(me.data, 'moderator') ? '/comments' : hasRole(me.data, 'admin') ? '/users' : navigation.find((n) => n.to !== '/' && hasRole(me.data, ...n.roles))?.to;
  return start ? <Navigate to={start} replace /> : <p>{/* a user without roles sees nothing to do */}</p>;
}

const journalists: Role[] = ['writer', 'editor'];
const editors: Role[] = ['editor'];
const admins: Role[] = ['admin'];
const moderators: Role[] = ['moderator', 'admin'];

export const router = createBrowserRouter(
  [
    { path: '/login', element: <LoginRoute /> },
    {
      path: '/',
      // Shown while a lazily loaded screen arrives on the first page load.
      hydrateFallbackElement: <Loading />,
      // A screen that fails to load or render says so in words, with a way out.
      errorElement: <RouteError />,
      element: (
        <RequireAuth>
          <Shell />
        </RequireAuth>
      ),
      children: [
        {
          index: true,
          lazy: async () => {
            const { DashboardRoute } = await import('../features/articles/routes/dashboard');
            return { Component: () => <Home Dashboard={DashboardRoute} /> };
          },
        },
        {
          path: 'articles',
          element: <Outlet />,
          children: [
            {
              index: true,
              lazy: guarded([...journalists, 'moderator'], () => import('../features/articles/routes/article-list').then((m) => m.ArticleListRoute)),
            },
            {
              path: ':id',
              lazy: guarded([...journalists, 'moderator'], () => import('./article-editor').then((m) => m.ArticleEditor)),
            },
          ],
        },
        { path: 'media', lazy: guarded(journalists, () => import('../features/media/routes/media-library').then((m) => m.MediaLibraryRoute)) },
        { path: 'stories', lazy: guarded(editors, () => import('../features/stories/routes/story-list').then((m) => m.StoryListRoute)) },
        { path: 'stories/:id', lazy: guarded(editors, () => import('./story-editor').then((m) => m.StoryEditor)) },
        { path: 'sections', lazy: guarded(editors, () => import('../features/taxonomy/routes/sections').then((m) => m.SectionsRoute)) },
        { path: 'tags', lazy: guarded(editors, () => import('../features/taxonomy/routes/tags').then((m) => m.TagsRoute)) },
        { path: 'authors', lazy: guarded(editors, () => import('./authors-editor').then((m) => m.AuthorsEditor)) },
        { path: 'comments', lazy: guarded(moderators, () => import('../features/comments/routes/moderation-queue').then((m) => m.ModerationQueueRoute)) },
        { path: 'comments/bans', lazy: guarded(moderators, () => import('../features/comments/routes/bans').then((m) => m.BansRoute)) },
        { path: 'users', lazy: guarded(admins, () => import('../features/users/routes/user-list').then((m) => m.UserListRoute)) },
        { path: 'webhooks', lazy: guarded(admins, () => import('../features/webhooks/routes/webhook-list').then((m) => m.WebhookListRoute)) },
        { path: 'webhooks/:id', lazy: guarded(admins, () => import('../features/webhooks/routes/webhook-detail').then((m) => m.WebhookDetailRoute)) },
        { path: 'api-keys', lazy: guarded(admins, () => import('../features/api-keys/routes/api-key-list').then((m) => m.ApiKeyListRoute)) },
        { path: 'audit', lazy: guarded(admins, () => import('../features/audit/routes/audit-log').then((m) => m.AuditLogRoute)) },
        { path: '*', lazy: () => import('./not-found').then((m) => ({ Component: m.NotFound })) },
      ],
    },
  ],
  { basename },
);
