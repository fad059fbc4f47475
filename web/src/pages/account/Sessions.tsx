import { Alert, Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { rememberCsrf } from '../../api/client.js';
import { ErrorState, Loading } from '../../components/States.js';
import { messageOf } from '../SignInForm.js';
import { describeAgent, describeMethod, fetchSessions, revokeAllSessions, revokeSession, type Session } from './api.js';

const when = (iso: string) => new Date(iso).toLocaleString();

/**
 * The account's active sessions (this workspace's, for an SSO session of a multi-workspace account):
 * revoke one, or sign out everywhere. The session of this page is marked in words; ending it, or all
 * of them, signs this browser out too, so the page goes to sign-in.
 */
export function Sessions() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const sessions = useQuery({ queryKey: ['me', 'sessions'], queryFn: fetchSessions });
  const [confirmAll, setConfirmAll] = useState(false);
  const signedOut = () => {
    rememberCsrf(undefined);
    queryClient.clear();
    navigate('/sign-in?signed_out=1', { replace: true });
  };
  const revoke = useMutation({
    mutationFn: (s: Session) => revokeSession(s.id),
    onSuccess: (_r, s) => (s.current ? signedOut() : void queryClient.invalidateQueries({ queryKey: ['me', 'sessions'] })),
  });
  const all = useMutation({ mutationFn: revokeAllSessions, onSuccess: signedOut });

  let body;
  if (sessions.isPending) body = <Loading label="Loading your sessions…" />;
  else if (sessions.isError) body = <ErrorState error={sessions.error} onRetry={() => void sessions.refetch()} />;
  else {
    const rows = [...sessions.data].sort((a, b) => Number(b.current) - Number(a.current) || b.lastUsedAt.localeCompare(a.lastUsedAt));
    body = (
      <Table.ScrollContainer minWidth={720}>
        <Table withTableBorder striped>
          <Table.Caption>{rows.length === 1 ? '1 active session' : `${rows.length} active sessions`}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Device</Table.Th><Table.Th scope="col">Signed in with</Table.Th><Table.Th scope="col">Signed in</Table.Th>
              <Table.Th scope="col">Last used</Table.Th><Table.Th scope="col">Address</Table.Th><Table.Th scope="col">Actions</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((s) => (
              <Table.Tr key={s.id} data-testid="session-row" data-current={s.current || undefined}>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    <Text size="sm" title={s.userAgent ?? undefined}>{describeAgent(s.userAgent)}</Text>
                    {s.current && <Badge variant="outline" tt="none" color="blue.9" styles={{ label: { color: 'var(--mantine-color-text)' } }}>This session</Badge>}
                  </Group>
                </Table.Td>
                <Table.Td><Text size="sm">{describeMethod(s.authMethod)}</Text></Table.Td>
                <Table.Td><Text size="sm">{when(s.createdAt)}</Text></Table.Td>
                <Table.Td><Text size="sm">{when(s.lastUsedAt)}</Text></Table.Td>
                <Table.Td><Text size="sm" ff="monospace">{s.ip ?? '—'}</Text></Table.Td>
                <Table.Td>
                  <Button size="xs" variant="default" loading={revoke.isPending && revoke.variables?.id === s.id} onClick={() => revoke.mutate(s)}
                    aria-label={s.current ? 'Sign out of this session' : `Revoke the session on ${describeAgent(s.userAgent)}, last used ${when(s.lastUsedAt)}`}>
                    {s.current ? 'Sign out' : 'Revoke'}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );
  }

  return (
    <Stack gap="sm" component="section" aria-labelledby="sessions-title">
      <Title order={2} size="h4" id="sessions-title">Sessions</Title>
      <Text size="sm" c="gray.7">Every browser and device signed in to your account. Revoke one you do not recognise; it is signed out on its next request.</Text>
      {(revoke.isError || all.isError) && <Alert color="red" role="alert" title="Could not revoke">{messageOf(revoke.error ?? all.error)}</Alert>}
      {body}
      {confirmAll ? (
        <Group gap="xs">
          <Text size="sm">Sign out of every session, this one included?</Text>
          <Button size="xs" color="red.9" onClick={() => all.mutate()} loading={all.isPending}>Yes, sign out everywhere</Button>
          <Button size="xs" variant="default" onClick={() => setConfirmAll(false)}>Cancel</Button>
        </Group>
      ) : (
        <Button variant="default" w="fit-content" onClick={() => setConfirmAll(true)} disabled={!sessions.isSuccess}>Sign out everywhere</Button>
      )}
    </Stack>
  );
}
