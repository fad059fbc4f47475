import { Button, Group, Stack } from '@mantine/core';
import { Link, Navigate, Outlet, useLocation } from 'react-router';
import { ErrorState, Loading } from '../../components/States.js';
import { isAdmin, useMe } from './people/parts.js';

/** The admin views, in tab order. `adminOnly` tabs are hidden from non-admins (whose pages say "admins only" anyway). */
export const ADMIN_TABS: ReadonlyArray<{ to: string; label: string; adminOnly: boolean }> = [
  { to: '/admin/members', label: 'Members', adminOnly: true },
  { to: '/admin/invitations', label: 'Invitations', adminOnly: true },
  { to: '/admin/service-accounts', label: 'Service accounts', adminOnly: true },
  { to: '/admin/api-keys', label: 'API keys', adminOnly: false },
  { to: '/admin/security', label: 'Security (MFA policy)', adminOnly: true },
  { to: '/admin/sso', label: 'Single sign-on', adminOnly: true },
  { to: '/admin/audit', label: 'Audit log', adminOnly: true },
];

/**
 * /admin: the tab row (links, so each tab has its URL and the browser's back works) above the tab's
 * page. The current tab is marked by aria-current, a filled button and bold text, not colour alone.
 * A non-admin opening /admin lands on their own API keys, the one tab they can use.
 */
export function Component() {
  const me = useMe();
  const { pathname } = useLocation();
  if (me.isPending) return <Loading label="Loading…" />;
  if (me.isError) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  const admin = isAdmin(me.data);
  const atRoot = pathname.replace(/\/+$/, '') === '/admin';
  if (atRoot && !admin) return <Navigate to="/admin/api-keys" replace />;
  const current = atRoot ? '/admin/members' : pathname;
  return (
    <Stack gap="md">
      <nav aria-label="Admin sections">
        <Group gap={6} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {ADMIN_TABS.filter((t) => admin || !t.adminOnly).map((t) => {
            const active = current.startsWith(t.to);
            return (
              <li key={t.to}>
                <Button component={Link} to={t.to} size="sm" variant={active ? 'filled' : 'default'} fw={active ? 700 : 500} aria-current={active ? 'page' : undefined}>{t.label}</Button>
              </li>
            );
          })}
        </Group>
      </nav>
      <Outlet />
    </Stack>
  );
}
