import { Button, Checkbox, Group, Modal, Select, Stack, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { TextBadge } from '../../metric/parts.js';
import { keyState, revokeApiKey, type ApiKey, type CreatedKey, type NewKey } from './api.js';
import { ConfirmModal, OnceSecret, Problem, useAction, When } from './parts.js';
import { EXPIRY_CHOICES, expiryOf, readOnly, SCOPE_INFO } from './scopes.js';

/** The scope checkboxes: only `allowed` is offered; "Read only" and "All" set the common choices. */
export function ScopePicker({ allowed, value, onChange, error }: { allowed: readonly string[]; value: string[]; onChange: (v: string[]) => void; error?: string }) {
  const offered = SCOPE_INFO.filter((s) => allowed.includes(s.scope));
  return (
    <Stack gap={6}>
      <Checkbox.Group label="Scopes" description="A key can hold only scopes you hold yourself." value={value} onChange={onChange} error={error}>
        <Stack gap={6} mt={6}>
          {offered.map((s) => <Checkbox key={s.scope} value={s.scope} label={<><Text span ff="monospace" size="sm">{s.scope}</Text><Text span size="sm" c="gray.7"> — {s.label}</Text></>} />)}
        </Stack>
      </Checkbox.Group>
      <Group gap="xs">
        <Button size="xs" variant="default" onClick={() => onChange(readOnly(allowed))}>Read only</Button>
        <Button size="xs" variant="default" onClick={() => onChange([...allowed])}>All I can grant</Button>
        <Button size="xs" variant="default" onClick={() => onChange([])}>None</Button>
      </Group>
    </Stack>
  );
}

/**
 * Creating a key: name, scopes and expiry, then the secret shown once in the same dialog. The secret
 * lives in this component's state only (not the query cache) and is gone when the dialog closes.
 */
export function CreateKeyModal({ opened, title, allowed, create, onClose }: {
  opened: boolean; title: string; allowed: readonly string[]; create: (k: NewKey) => Promise<CreatedKey>; onClose: () => void;
}) {
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>(() => readOnly(allowed));
  const [expiry, setExpiry] = useState<string>('90');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [tried, setTried] = useState(false);
  const [created, setCreated] = useState<CreatedKey | null>(null);

  const close = () => {
    setCreated(null);
    setName('');
    setScopes(readOnly(allowed));
    setExpiry('90');
    setError(null);
    setTried(false);
    onClose();
  };
  const submit = async () => {
    setTried(true);
    if (!name.trim() || scopes.length === 0) return;
    setBusy(true);
    setError(null);
    try {
      setCreated(await create({ name: name.trim(), scopes, ...(expiryOf(expiry) ? { expires_at: expiryOf(expiry) } : {}) }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    // lockScroll off: its scroll lock injects a <style> without the CSP nonce, which the strict CSP refuses.
    <Modal lockScroll={false} opened={opened} onClose={close} title={created ? 'API key created' : title} closeButtonProps={{ 'aria-label': 'Close' }} size="lg">
      {created ? (
        <Stack gap="sm">
          {created.key
            ? <OnceSecret label="API key secret" value={created.key} warning="This is the only time the secret is shown. You will not see it again: copy it into your secret store now. If it is lost, revoke the key and create another." />
            : <Problem title="No secret in this answer" error={new Error('The server answered without the secret (a repeated request). Revoke this key and create another.')} />}
          <Text size="sm">Key “{created.record.name}” (<Text span ff="monospace">{created.record.prefix}…</Text>) with {created.record.scopes.join(', ')}; expires <When at={created.record.expires_at} none="never" />.</Text>
          <Group justify="flex-end"><Button onClick={close}>Done</Button></Group>
        </Stack>
      ) : (
        <form onSubmit={(e) => { e.preventDefault(); void submit(); }}>
          <Stack gap="sm">
            <TextInput label="Name" description="What the key is for, e.g. “CI catalog sync”." value={name} onChange={(e) => setName(e.currentTarget.value)} maxLength={100} withAsterisk data-autofocus
              error={tried && !name.trim() ? 'Give the key a name' : undefined} />
            <ScopePicker allowed={allowed} value={scopes} onChange={setScopes} error={tried && scopes.length === 0 ? 'Choose at least one scope' : undefined} />
            <Select label="Expires after" data={EXPIRY_CHOICES.map((c) => ({ ...c }))} value={expiry} onChange={(v) => setExpiry(v ?? '90')} allowDeselect={false} />
            {error !== null && <Problem error={error} />}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>Cancel</Button>
              <Button type="submit" loading={busy}>Create key</Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

const STATE_COLOR = { active: 'green', expired: 'orange', revoked: 'gray' } as const;

/** A key's state as a word in a badge; the tint only repeats it. */
export function KeyStateBadge({ k }: { k: Pick<ApiKey, 'revoked_at' | 'expires_at'> }) {
  const s = keyState(k);
  return <TextBadge color={STATE_COLOR[s]} radius="sm">{s === 'active' ? 'Active' : s === 'expired' ? 'Expired' : 'Revoked'}</TextBadge>;
}

/** API keys as a table: name, prefix, scopes, state, dates; a Revoke button on each live key. `owner` names the holder when set. */
export function KeysTable({ keys, caption, owner, onRevoke }: { keys: ApiKey[]; caption: string; owner?: (k: ApiKey) => string; onRevoke: (k: ApiKey) => void }) {
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table withTableBorder striped>
        <Table.Caption>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Name</Table.Th>{owner && <Table.Th scope="col">Owner</Table.Th>}<Table.Th scope="col">Prefix</Table.Th><Table.Th scope="col">Scopes</Table.Th>
            <Table.Th scope="col">State</Table.Th><Table.Th scope="col">Created</Table.Th><Table.Th scope="col">Expires</Table.Th><Table.Th scope="col">Last used</Table.Th><Table.Th scope="col"><VisuallyHidden>Actions</VisuallyHidden></Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {keys.map((k) => (
            <Table.Tr key={k.id} data-testid="key-row">
              <Table.Td style={{ overflowWrap: 'anywhere' }}>{k.name}</Table.Td>
              {owner && <Table.Td style={{ overflowWrap: 'anywhere' }}>{owner(k)}</Table.Td>}
              <Table.Td ff="monospace">{k.prefix}…</Table.Td>
              <Table.Td><Text size="xs" ff="monospace">{k.scopes.join(' ')}</Text></Table.Td>
              <Table.Td><KeyStateBadge k={k} /></Table.Td>
              <Table.Td><When at={k.created_at} /></Table.Td>
              <Table.Td><When at={k.expires_at} none="Never" /></Table.Td>
              <Table.Td><When at={k.last_used_at} none="Never used" /></Table.Td>
              <Table.Td>{keyState(k) !== 'revoked' && <Button size="xs" variant="default" onClick={() => onRevoke(k)}>Revoke<VisuallyHidden> {k.name}</VisuallyHidden></Button>}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Revoking a key asks first; the key stops working at once. */
export function RevokeKeyModal({ apiKey, onClose }: { apiKey: ApiKey | null; onClose: () => void }) {
  const act = useAction(async (id: string) => { await revokeApiKey(id); return true; }, [['admin', 'api-keys']]);
  const confirm = async () => { if (apiKey && (await act.go(apiKey.id))) onClose(); };
  const close = () => { act.reset(); onClose(); };
  return (
    <ConfirmModal opened={apiKey !== null} title={`Revoke the API key “${apiKey?.name ?? ''}”?`} confirmLabel="Revoke key" danger busy={act.busy} error={act.error} onConfirm={() => void confirm()} onClose={close}>
      <Text size="sm">Anything using the key <Text span ff="monospace">{apiKey?.prefix}…</Text> is refused from now on. This cannot be undone: create a new key if it is still needed.</Text>
    </ConfirmModal>
  );
}
