import { Alert, Anchor, Divider, Stack } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { authApi, fetchSetupStatus } from '../api/auth.js';
import { safeNext } from '../app/next.js';
import { AuthLayout } from './AuthLayout.js';
import { SignInForm } from './SignInForm.js';
import { SsoSignIn } from './SsoSignIn.js';

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
        <SsoSignIn next={next} linked={params.get('workspace')?.trim() ?? ''} />
      </Stack>
    </AuthLayout>
  );
}
