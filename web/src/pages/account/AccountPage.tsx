import { Divider, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { fetchMe } from '../../api/auth.js';
import { ErrorState, Loading } from '../../components/States.js';
import { MfaPanel } from './MfaPanel.js';
import { PasswordForm } from './PasswordForm.js';
import { Sessions } from './Sessions.js';

/**
 * /account: the signed-in user's own page (all `self` routes, so it stays usable while the workspace's
 * MFA policy holds the account back until it enrols): two-factor authentication, sessions, password.
 */
export function Component() {
  const me = useQuery({ queryKey: ['me'], queryFn: fetchMe, retry: false });
  if (me.isPending) return <Loading label="Loading your account…" />;
  if (me.isError) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  const { user, role, workspace_id: ws } = me.data;
  return (
    <Stack gap="lg" maw={1000}>
      <Stack gap={2}>
        <Title order={2} size="h3">Your account</Title>
        <Text>{user.displayName ? `${user.displayName} · ` : ''}{user.email}</Text>
        <Text size="sm" c="gray.7">{role} in {ws}</Text>
      </Stack>
      <MfaPanel account={user.email} />
      <Divider />
      <Sessions />
      <Divider />
      <PasswordForm />
    </Stack>
  );
}
