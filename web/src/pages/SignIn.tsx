import { Alert, Anchor, Button, Divider, Group, Stack, Text, TextInput } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { authApi, fetchSetupStatus, ssoStartUrl } from '../api/auth.js';
import { safeNext } from '../app/next.js';
import { AuthLayout } from './AuthLayout.js';
import { SignInForm } from './SignInForm.js';

/**
 * Sign-in: the password form (then the MFA step), single sign-on for a workspace, and a pointer to
 * first-run setup while the server has no account. `?next=` is the page to return to.
 */
export function Component() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const next = safeNext(params.get('next'));
  const setup = useQuery({ queryKey: ['setup'], queryFn: fetchSetupStatus, retry: false, staleTime: 0 });

  const signedIn = () => {
    queryClient.clear();
    navigate(next, { replace: true });
  };

  return (
    <AuthLayout title="Sign in">
      <Stack gap="md">
        {params.get('signed_out') && <Alert color="gray" role="status">You are signed out.</Alert>}
        {params.get('set_up') && <Alert color="green" role="status">The first admin account is ready. Sign in with it.</Alert>}
        {params.get('next') && !params.get('signed_out') && <Alert color="blue" role="status">Sign in to continue.</Alert>}
        {setup.data === true && (
          <Alert color="yellow" title="No accounts yet" role="status">
            This server has no accounts. <Anchor component={Link} to="/setup">Create the first admin</Anchor> with the setup token it printed at start.
          </Alert>
        )}
        <SignInForm auth={authApi} onSignedIn={signedIn} initialEmail={params.get('email') ?? ''} />
        <Divider label="or" labelPosition="center" />
        <SsoSignIn next={next} initialWorkspace={params.get('workspace') ?? ''} />
      </Stack>
    </AuthLayout>
  );
}

/**
 * Single sign-on starts per workspace (GET /auth/sso/:workspace/start). The server publishes no list of
 * workspaces with a provider (that would tell anyone which exist), so the user names theirs, or a link
 * carries it in `?workspace=`.
 */
function SsoSignIn({ next, initialWorkspace }: { next: string; initialWorkspace: string }) {
  const [workspace, setWorkspace] = useState(initialWorkspace);
  const [error, setError] = useState<string | null>(null);
  const go = (event: FormEvent) => {
    event.preventDefault();
    const id = workspace.trim();
    if (!id) return setError('Enter the workspace to sign in to.');
    window.location.assign(ssoStartUrl(id, next));
  };
  if (initialWorkspace) {
    return <Button variant="default" fullWidth component="a" href={ssoStartUrl(initialWorkspace, next)}>Sign in to {initialWorkspace} with single sign-on</Button>;
  }
  return (
    <form onSubmit={go} noValidate aria-label="Single sign-on">
      <Stack gap="xs">
        <Text size="sm" fw={500}>Single sign-on</Text>
        <Group align="flex-start" gap="xs" wrap="nowrap">
          <TextInput aria-label="Workspace for single sign-on" placeholder="workspace, e.g. acme" value={workspace} style={{ flex: 1 }}
            error={error} onChange={(e) => { setWorkspace(e.currentTarget.value); setError(null); }} />
          <Button type="submit" variant="default">Continue</Button>
        </Group>
      </Stack>
    </form>
  );
}
