import { Button, Group, Paper, Select, Stack, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { EmptyState, ErrorState, Loading } from '../../components/States.js';
import { TextBadge } from '../metric/parts.js';
import { createServiceAccount, createServiceAccountKey, deleteServiceAccount, fetchApiKeys, fetchServiceAccounts, ROLES, type ApiKey, type Role, type ServiceAccount } from './people/api.js';
import { CreateKeyModal, KeysTable, RevokeKeyModal } from './people/keys.js';
import { AdminsOnly, ConfirmModal, isAdmin, Problem, useAction, useMe, When } from './people/parts.js';
import { allowedScopes } from './people/scopes.js';

/**
 * /admin/service-accounts: identities for integrations (CI, bundle pulls) that hold API keys and never
 * sign in. Create one with a role; each account lists its keys, makes new ones (scopes within its role
 * and yours; the secret shown once) and revokes them; deleting the account stops all its keys.
 */
export function Component() {
  const me = useMe();
  const admin = isAdmin(me.data);
  const accounts = useQuery({ queryKey: ['admin', 'service-accounts'], queryFn: fetchServiceAccounts, enabled: admin, retry: false });
  const keys = useQuery({ queryKey: ['admin', 'api-keys'], queryFn: fetchApiKeys, enabled: admin, retry: false });
  const [keyFor, setKeyFor] = useState<ServiceAccount | null>(null);
  const [deleting, setDeleting] = useState<ServiceAccount | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);

  if (!admin) return <AdminsOnly what="Service accounts" />;
  let body;
  if (accounts.isPending) body = <Loading label="Loading the service accounts…" />;
  else if (accounts.isError) body = <ErrorState error={accounts.error} onRetry={() => void accounts.refetch()} />;
  else if (accounts.data.length === 0) body = <EmptyState title="No service accounts yet" mark="⚙">A service account gives a CI job or an integration its own API keys, independent of any person: create one above.</EmptyState>;
  else {
    body = (
      <Stack gap="md" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label="Service accounts">
        {accounts.data.map((a) => {
          const own = (keys.data ?? []).filter((k) => k.user_id === a.id);
          return (
            <Paper key={a.id} withBorder p="md" radius="md" component="li" data-testid="service-account" aria-labelledby={`sa-${a.id}`}>
              <Group justify="space-between" align="flex-start" mb="xs">
                <Stack gap={2}>
                  <Title order={2} size="h4" id={`sa-${a.id}`} style={{ overflowWrap: 'anywhere' }}>{a.name}</Title>
                  <Text size="sm" c="gray.7" component="div">Role {a.role} · created <When at={a.createdAt} /> · <TextBadge color={a.status === 'active' ? 'green' : 'gray'}>{a.status === 'active' ? 'Active' : 'Disabled'}</TextBadge></Text>
                </Stack>
                <Group gap="xs">
                  <Button size="xs" onClick={() => setKeyFor(a)} disabled={a.status !== 'active'}>New API key<VisuallyHidden> for {a.name}</VisuallyHidden></Button>
                  <Button size="xs" variant="default" onClick={() => setDeleting(a)} aria-label={`Delete service account ${a.name}`}>Delete</Button>
                </Group>
              </Group>
              {keys.isPending ? <Loading label="Loading its keys…" />
                : keys.isError ? <ErrorState error={keys.error} onRetry={() => void keys.refetch()} />
                  : own.length === 0 ? <Text size="sm" c="gray.7">No API keys yet.</Text>
                    : <KeysTable keys={own} caption={`API keys of ${a.name}`} onRevoke={setRevoking} />}
            </Paper>
          );
        })}
      </Stack>
    );
  }
  return (
    <Stack gap="md">
      <NewAccountForm />
      {body}
      {keyFor && (
        <CreateKeyModal key={keyFor.id} opened title={`New API key for ${keyFor.name}`} allowed={allowedScopes(me.data?.scopes ?? [], keyFor.role)}
          create={async (k) => { try { return await createServiceAccountKey(keyFor.id, k); } finally { void keys.refetch(); } }} onClose={() => setKeyFor(null)} />
      )}
      {deleting && <DeleteAccount account={deleting} onClose={() => setDeleting(null)} />}
      <RevokeKeyModal apiKey={revoking} onClose={() => setRevoking(null)} />
    </Stack>
  );
}

function NewAccountForm() {
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const act = useAction(createServiceAccount, [['admin', 'service-accounts'], ['admin', 'members']]);
  const submit = async () => { if (await act.go(name.trim(), role)) setName(''); };
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="new-sa-title">
      <Title order={2} size="h4" id="new-sa-title" mb="xs">New service account</Title>
      <form onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <Stack gap="sm">
          <Group align="flex-end" gap="sm">
            <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} required maxLength={100} w={320} placeholder="e.g. ci-catalog-sync" />
            <Select label="Role" description="Its keys never exceed it" data={ROLES.map((r) => ({ value: r, label: r }))} value={role} onChange={(v) => v && setRole(v as Role)} allowDeselect={false} w={180} />
            <Button type="submit" loading={act.busy}>Create service account</Button>
          </Group>
          {act.error !== null && <Problem error={act.error} />}
        </Stack>
      </form>
    </Paper>
  );
}

function DeleteAccount({ account, onClose }: { account: ServiceAccount; onClose: () => void }) {
  const act = useAction(async () => { await deleteServiceAccount(account.id); return true; }, [['admin', 'service-accounts'], ['admin', 'api-keys'], ['admin', 'members']]);
  return (
    <ConfirmModal opened title={`Delete the service account ${account.name}?`} confirmLabel="Delete service account" danger busy={act.busy} error={act.error}
      onConfirm={() => void act.go().then((ok) => ok && onClose())} onClose={onClose}>
      <Text size="sm">Every API key of {account.name} stops working at once. This cannot be undone.</Text>
    </ConfirmModal>
  );
}
