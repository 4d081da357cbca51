import type { Role } from '../../api/me';

export interface NavItem {
  to: string;
  /** i18n key of the label. */
  label: string;
  /** Who sees the item: the roles whose work the screen is (see docs/permissions.md). */
  roles: Role[];
  end?: boolean;
}

/** navigation is the sidebar, in the order of a working day. */
export const navigation: NavItem[] = [
  { to: '/', label: 'nav.dashboard', roles: ['writer', 'editor'], end: true },
  { to: '/articles', label: 'nav.articles', roles: ['writer', 'editor', 'moderator'] },
  { to: '/media', label: 'nav.media', roles: ['writer', 'editor'] },
  { to: '/stories', label: 'nav.stories', roles: ['editor'] },
  { to: '/sections', label: 'nav.sections', roles: ['editor'] },
  { to: '/tags', label: 'nav.tags', roles: ['editor'] },
  { to: '/authors', label: 'nav.authors', roles: ['editor'] },
  { to: '/comments', label: 'nav.comments', roles: ['moderator', 'admin'] },
  { to: '/users', label: 'nav.users', roles: ['admin'] },
  { to: '/webhooks', label: 'nav.webhooks', roles: ['admin'] },
  { to: '/api-keys', label: 'nav.apiKeys', roles: ['admin'] },
  { to: '/audit', label: 'nav.audit', roles: ['admin'] },
];
