import { Alert, Anchor, AppShell, Burger, Button, Group, Menu, NavLink, ScrollArea, Text, Title, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { fetchMe, fetchWorkspaces, signOut, switchWorkspace } from '../api/auth.js';
import { clearAllDrafts } from '../app/drafts.js';
import { ApiError } from '../api/client.js';
import { signInPath } from '../app/next.js';
import { ErrorState, Loading } from '../components/States.js';
import { NAV } from './nav.js';

/** The signed-in frame: header (workspace, switcher, account, sign-out), navigation, and the view. */
export function Component() {
  const location = useLocation();
  const me = useQuery({ queryKey: ['me'], queryFn: fetchMe, retry: false });
  const workspaces = useQuery({ queryKey: ['workspaces'], queryFn: fetchWorkspaces, retry: false, enabled: me.isSuccess });
  const here = location.pathname + location.search;

  if (me.isPending) return <Loading label="Opening your workspace…" />;
  if (me.isError) {
    if (me.error instanceof ApiError && (me.error.status === 401 || me.error.status === 403)) return <Navigate to={signInPath(here)} replace />;
    return <main><ErrorState error={me.error} onRetry={() => void me.refetch()} /></main>;
  }
  const current = workspaces.data?.find((w) => w.current);
  // A member the workspace's MFA policy holds back keeps only the `self` scope until they enrol.
  const mfaHold = me.data.credential === 'user' && me.data.scopes.length === 1 && me.data.scopes[0] === 'self';
  return <Frame email={me.data.user.email} role={me.data.role} mfaHold={mfaHold} workspaceName={current?.name ?? me.data.workspace_id}
    others={(workspaces.data ?? []).filter((w) => !w.current).map((w) => ({ id: w.id, name: w.name }))} />;
}

interface FrameProps {
  email: string;
  role: string;
  workspaceName: string;
  others: Array<{ id: string; name: string }>;
  mfaHold: boolean;
}

function Frame({ email, role, workspaceName, others, mfaHold }: FrameProps) {
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  const leave = async () => {
    setBusy(true);
    try {
      await signOut();
    } catch (err) {
      // Already ended (401) is signed out too; anything else is said, and the user stays.
      if (!(err instanceof ApiError && err.status === 401)) {
        setFailure(err);
        setBusy(false);
        return;
      }
    }
    queryClient.clear();
    clearAllDrafts(); // unsaved editor work is this user's: the next person on this tab gets none
    navigate('/sign-in?signed_out=1', { replace: true });
  };

  const move = async (id: string) => {
    setBusy(true);
    try {
      await switchWorkspace(id);
      queryClient.clear();
      navigate('/', { replace: true });
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Text fw={800} c="blue.9" component={Link} to="/" aria-label="MDL home">MDL</Text>
            {others.length > 0 ? (
              <Menu position="bottom-start" withinPortal>
                <Menu.Target>
                  <UnstyledButton aria-label={`Workspace: ${workspaceName}. Switch workspace`} data-testid="workspace-switcher">
                    <Text fw={600}>{workspaceName} ▾</Text>
                  </UnstyledButton>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Label>Switch to</Menu.Label>
                  {others.map((w) => <Menu.Item key={w.id} onClick={() => void move(w.id)} disabled={busy}>{w.name}</Menu.Item>)}
                </Menu.Dropdown>
              </Menu>
            ) : (
              <Text fw={600} data-testid="workspace-name"><VisuallyHidden>Workspace: </VisuallyHidden>{workspaceName}</Text>
            )}
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Anchor component={Link} to="/account" size="sm" c="gray.7" visibleFrom="xs" aria-current={location.pathname === '/account' ? 'page' : undefined}
              aria-label={`Your account: ${email}, ${role}`}>{email} · {role}</Anchor>
            <Anchor component={Link} to="/account" size="sm" hiddenFrom="xs">Account</Anchor>
            <Button variant="default" size="xs" onClick={() => void leave()} loading={busy}>Sign out</Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main">
        <ScrollArea>
          <nav aria-label="Views">
            {NAV.map((item) => {
              const active = item.to === '/' ? location.pathname === '/' : location.pathname.startsWith(item.to);
              return <NavLink key={item.to} component={Link} to={item.to} label={item.label} onClick={close} active={active}
                aria-current={active ? 'page' : undefined} leftSection={<span aria-hidden>{item.mark}</span>} />;
            })}
          </nav>
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main>
        <Title order={1} size="h4" mb="sm">{location.pathname === '/account' ? 'Account' : NAV.find((n) => (n.to === '/' ? location.pathname === '/' : location.pathname.startsWith(n.to)))?.label ?? 'MDL'}</Title>
        {mfaHold && location.pathname !== '/account' && (
          <Alert color="orange" role="alert" title="Set up two-factor authentication" mb="sm">
            Your workspace requires it: until then only <Anchor component={Link} to="/account" underline="always">your account page</Anchor> works.
          </Alert>
        )}
        {failure !== null && <ErrorState error={failure} onRetry={() => setFailure(null)} />}
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
