import { Button, Group, Paper, Stack, Switch, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { EmptyState, ErrorState, Loading } from '../../components/States.js';
import { createApiKey, fetchApiKeys, fetchMembers, keyState, type ApiKey } from './people/api.js';
import { CreateKeyModal, KeysTable, RevokeKeyModal } from './people/keys.js';
import { isAdmin, useMe } from './people/parts.js';
import { allowedScopes } from './people/scopes.js';

/**
 * /admin/api-keys: your personal API keys (everyone), and for admins every other key of the
 * workspace with its owner. A new key's scopes are limited to yours; its secret is shown once, in the
 * creation dialog, and is never retrievable afterwards (the list has the prefix only). Revoke asks first.
 */
export function Component() {
  const me = useMe();
  const admin = isAdmin(me.data);
  const keys = useQuery({ queryKey: ['admin', 'api-keys'], queryFn: fetchApiKeys, enabled: me.isSuccess, retry: false });
  const members = useQuery({ queryKey: ['admin', 'members'], queryFn: fetchMembers, enabled: admin, retry: false });
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const [showEnded, setShowEnded] = useState(false);

  const myId = me.data?.user.id;
  const live = (k: ApiKey) => showEnded || keyState(k) === 'active';
  const ownerName = (k: ApiKey) => {
    const m = members.data?.find((x) => x.id === k.user_id);
    return m ? (m.email.endsWith('@service-accounts.invalid') ? `${m.displayName} (service account)` : m.email) : k.user_id;
  };

  let mine;
  let others = null;
  if (keys.isPending) mine = <Loading label="Loading the API keys…" />;
  else if (keys.isError) mine = <ErrorState error={keys.error} onRetry={() => void keys.refetch()} />;
  else {
    const own = keys.data.filter((k) => k.user_id === myId && live(k));
    mine = own.length === 0
      ? <EmptyState title="No API keys" mark="⚿">An API key lets a script or tool call the MDL API as you, with the scopes you choose. Create one with “New API key”.</EmptyState>
      : <KeysTable keys={own} caption={`${own.length} of your API keys`} onRevoke={setRevoking} />;
    if (admin) {
      const rest = keys.data.filter((k) => k.user_id !== myId && live(k));
      others = (
        <Paper withBorder p="md" radius="md" component="section" aria-labelledby="all-keys-title">
          <Title order={2} size="h4" id="all-keys-title" mb="xs">Other keys in the workspace</Title>
          {rest.length === 0 ? <Text size="sm" c="gray.7">No other member or service account has {showEnded ? 'an' : 'an active'} API key.</Text>
            : <KeysTable keys={rest} caption={`${rest.length} keys of other members and service accounts`} owner={ownerName} onRevoke={setRevoking} />}
          {members.isError && <ErrorState error={members.error} onRetry={() => void members.refetch()} />}
        </Paper>
      );
    }
  }

  return (
    <Stack gap="md">
      <Paper withBorder p="md" radius="md" component="section" aria-labelledby="my-keys-title">
        <Group justify="space-between" mb="xs">
          <Title order={2} size="h4" id="my-keys-title">Your API keys</Title>
          <Button onClick={() => setCreating(true)} disabled={!me.isSuccess}>New API key</Button>
        </Group>
        {mine}
      </Paper>
      {others}
      <Switch label="Show revoked and expired keys" checked={showEnded} onChange={(e) => setShowEnded(e.currentTarget.checked)} />
      {me.isSuccess && (
        <CreateKeyModal opened={creating} title="New personal API key" allowed={allowedScopes(me.data.scopes)}
          create={async (k) => { try { return await createApiKey(k); } finally { void keys.refetch(); } }} onClose={() => setCreating(false)} />
      )}
      <RevokeKeyModal apiKey={revoking} onClose={() => setRevoking(null)} />
    </Stack>
  );
}
