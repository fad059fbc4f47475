import { Anchor, Button, Group, Menu, PasswordInput, Select, Stack, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { useQueryParam } from '../../app/use-query-param.js';
import { EmptyState, ErrorState, Loading } from '../../components/States.js';
import { TextBadge } from '../metric/parts.js';
import { changeRole, disableMember, fetchMembers, isServiceAccount, removeMember, resetPassword, ROLES, type Member, type Role } from './people/api.js';
import { AdminsOnly, ConfirmModal, isAdmin, useAction, useMe, When } from './people/parts.js';

type Dialog = { kind: 'role' | 'password' | 'disable' | 'remove'; member: Member } | null;

/**
 * /admin/members: the workspace's people (service accounts have their own tab) with role and status,
 * and per member: change role, reset password, disable the account, remove from the workspace. Each
 * asks first; the server's refusal (the last admin, an account shared with other workspaces) is shown
 * in the dialog as it answered it.
 */
export function Component() {
  const me = useMe();
  const members = useQuery({ queryKey: ['admin', 'members'], queryFn: fetchMembers, enabled: isAdmin(me.data), retry: false });
  const [q, setQ] = useQueryParam('q');
  const [dialog, setDialog] = useState<Dialog>(null);
  // A dialog opened from a row's menu gives focus back to that row's Actions button (or, the member
  // removed, to the search box), so a keyboard user carries on where they were.
  const triggers = useRef(new Map<string, HTMLButtonElement>());
  const search = useRef<HTMLInputElement>(null);
  const closeDialog = () => {
    const id = dialog?.member.id;
    setDialog(null);
    setTimeout(() => (id && triggers.current.get(id)?.isConnected ? triggers.current.get(id) : search.current)?.focus(), 0);
  };

  if (!isAdmin(me.data)) return <AdminsOnly what="Members and their roles" />;
  let body;
  if (members.isPending) body = <Loading label="Loading the members…" />;
  else if (members.isError) body = <ErrorState error={members.error} onRetry={() => void members.refetch()} />;
  else {
    const people = members.data.filter((m) => !isServiceAccount(m));
    const words = q.toLowerCase().split(/\s+/).filter(Boolean);
    const shown = people.filter((m) => words.every((w) => `${m.email} ${m.displayName} ${m.role}`.toLowerCase().includes(w)));
    body = people.length === 0
      ? <EmptyState title="No members yet">Invite people from the <Anchor component={Link} to="/admin/invitations" underline="always">Invitations</Anchor> tab.</EmptyState>
      : shown.length === 0
        ? <EmptyState title="No members match" mark="?">No member's email, name or role contains “{q}”.</EmptyState>
        : (
          <Table.ScrollContainer minWidth={720}>
            <Table withTableBorder striped>
              <Table.Caption>{shown.length === people.length ? `${people.length} members` : `${shown.length} of ${people.length} members`}</Table.Caption>
              <Table.Thead><Table.Tr><Table.Th scope="col">Name</Table.Th><Table.Th scope="col">Email</Table.Th><Table.Th scope="col">Role</Table.Th><Table.Th scope="col">Account</Table.Th><Table.Th scope="col">Joined</Table.Th><Table.Th scope="col"><VisuallyHidden>Actions</VisuallyHidden></Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {shown.map((m) => (
                  <Table.Tr key={m.id} data-testid="member-row">
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>{m.displayName || <Text span c="gray.7" size="sm">No name</Text>}{m.id === me.data?.user.id && <Text span size="sm" c="gray.7"> (you)</Text>}</Table.Td>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>{m.email}</Table.Td>
                    <Table.Td>{m.role}</Table.Td>
                    <Table.Td><TextBadge color={m.status === 'active' ? 'green' : 'gray'}>{m.status === 'active' ? 'Active' : m.status === 'disabled' ? 'Disabled' : m.status}</TextBadge></Table.Td>
                    <Table.Td><When at={m.joinedAt} /></Table.Td>
                    <Table.Td>
                      <Menu position="bottom-end" withinPortal>
                        <Menu.Target><Button size="xs" variant="default" ref={(el: HTMLButtonElement | null) => { if (el) triggers.current.set(m.id, el); else triggers.current.delete(m.id); }}>Actions<VisuallyHidden> for {m.email}</VisuallyHidden> ▾</Button></Menu.Target>
                        <Menu.Dropdown>
                          <Menu.Item onClick={() => setDialog({ kind: 'role', member: m })}>Change role…</Menu.Item>
                          <Menu.Item onClick={() => setDialog({ kind: 'password', member: m })}>Reset password…</Menu.Item>
                          <Menu.Item onClick={() => setDialog({ kind: 'disable', member: m })} disabled={m.status !== 'active'}>Disable account…</Menu.Item>
                          <Menu.Item onClick={() => setDialog({ kind: 'remove', member: m })} color="red.9">Remove from workspace…</Menu.Item>
                        </Menu.Dropdown>
                      </Menu>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        );
  }
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <TextInput ref={search} label="Search members" placeholder="Email, name, role…" value={q} onChange={(e) => setQ(e.currentTarget.value)} maw={420} type="search" />
        <Button component={Link} to="/admin/invitations" variant="default">Invite people</Button>
      </Group>
      {body}
      {dialog && <MemberDialog key={`${dialog.kind}:${dialog.member.id}`} dialog={dialog} onClose={closeDialog} />}
    </Stack>
  );
}

/** One member action's dialog; it closes when the server accepted. */
function MemberDialog({ dialog, onClose }: { dialog: NonNullable<Dialog>; onClose: () => void }) {
  const m = dialog.member;
  const who = m.displayName ? `${m.displayName} (${m.email})` : m.email;
  const [role, setRole] = useState<Role>(m.role);
  const [password, setPassword] = useState('');
  const act = useAction(async () => {
    if (dialog.kind === 'role') await changeRole(m.id, role);
    else if (dialog.kind === 'password') await resetPassword(m.id, password);
    else if (dialog.kind === 'disable') await disableMember(m.id);
    else await removeMember(m.id);
    return true;
  }, [['admin', 'members'], ['admin', 'api-keys']]);
  const confirm = async () => { if (await act.go()) onClose(); };
  const common = { opened: true, busy: act.busy, error: act.error, onConfirm: () => void confirm(), onClose };

  if (dialog.kind === 'role') {
    return (
      <ConfirmModal {...common} title={`Change the role of ${m.email}?`} confirmLabel="Change role" confirmDisabled={role === m.role}>
        <Select label="New role" data={ROLES.map((r) => ({ value: r, label: r }))} value={role} onChange={(v) => v && setRole(v as Role)} allowDeselect={false} data-autofocus />
        <Text size="sm">Now: {m.role}. {role === 'admin' ? 'An admin manages members, keys and workspace settings.' : role === 'editor' ? 'An editor can change the catalog but not administer the workspace.' : 'A viewer can read the catalog only.'} Their API keys keep only the scopes the new role grants.</Text>
      </ConfirmModal>
    );
  }
  if (dialog.kind === 'password') {
    return (
      <ConfirmModal {...common} title={`Reset the password of ${m.email}?`} confirmLabel="Reset password" danger confirmDisabled={password.length === 0}>
        <Text size="sm">{who} is signed out everywhere and their API keys stop working. Give them the new password by a safe channel.</Text>
        <PasswordInput label="New password" description="At least 12 characters, not easy to guess." value={password} onChange={(e) => setPassword(e.currentTarget.value)} autoComplete="new-password" required data-autofocus />
      </ConfirmModal>
    );
  }
  if (dialog.kind === 'disable') {
    return (
      <ConfirmModal {...common} title={`Disable the account of ${m.email}?`} confirmLabel="Disable account" danger>
        <Text size="sm">{who} can no longer sign in: every session and API key of the account ends at once.</Text>
      </ConfirmModal>
    );
  }
  return (
    <ConfirmModal {...common} title={`Remove ${m.email} from the workspace?`} confirmLabel="Remove member" danger>
      <Text size="sm">{who} loses access to this workspace: their sessions and API keys here end. Their account stays; invite them again to bring them back.</Text>
    </ConfirmModal>
  );
}
