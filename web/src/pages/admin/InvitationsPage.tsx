import { Button, Group, Modal, Paper, SegmentedControl, Select, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useQueryParam } from '../../app/use-query-param.js';
import { EmptyState, ErrorState, Loading } from '../../components/States.js';
import { TextBadge } from '../metric/parts.js';
import { createInvitation, fetchInvitations, resendInvitation, revokeInvitation, ROLES, type Invitation, type InvitationStatus, type IssuedInvitation, type Role } from './people/api.js';
import { AdminsOnly, ConfirmModal, isAdmin, OnceSecret, Problem, useAction, useMe, When } from './people/parts.js';

const FILTERS: Array<{ value: InvitationStatus | 'all'; label: string }> = [
  { value: 'pending', label: 'Pending' }, { value: 'expired', label: 'Expired' }, { value: 'accepted', label: 'Accepted' },
  { value: 'revoked', label: 'Revoked' }, { value: 'all', label: 'All' },
];
const STATUS_COLOR: Record<InvitationStatus, string> = { pending: 'blue', expired: 'orange', accepted: 'green', revoked: 'gray' };
const DELIVERY: Record<string, string> = { email_sent: 'Emailed', email_failed: 'Email failed', link: 'Link handed out' };

/**
 * /admin/invitations: invite an address with a role, and the invitations by state (`?status=`), each
 * pending or expired one with Resend (a new link; the old one stops working) and Revoke. When the
 * server answers the link instead of emailing it, it is shown once with a copy button.
 */
export function Component() {
  const me = useMe();
  const [status, setStatus] = useQueryParam('status');
  const filter = (FILTERS.some((f) => f.value === status) ? status : 'pending') as InvitationStatus | 'all';
  const list = useQuery({ queryKey: ['admin', 'invitations', filter], queryFn: () => fetchInvitations(filter), enabled: isAdmin(me.data), retry: false });
  const [issued, setIssued] = useState<IssuedInvitation | null>(null);
  const [confirm, setConfirm] = useState<{ kind: 'resend' | 'revoke'; invitation: Invitation } | null>(null);

  if (!isAdmin(me.data)) return <AdminsOnly what="Invitations" />;
  let body;
  if (list.isPending) body = <Loading label="Loading the invitations…" />;
  else if (list.isError) body = <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  else if (list.data.length === 0) body = <EmptyState title={filter === 'all' ? 'No invitations yet' : `No ${filter} invitations`}>{filter === 'pending' || filter === 'all' ? 'Invite someone with the form above: they get a link to join with their own password.' : 'Choose another state above to see the others.'}</EmptyState>;
  else {
    body = (
      <Table.ScrollContainer minWidth={760}>
        <Table withTableBorder striped>
          <Table.Caption>{list.data.length} {filter === 'all' ? '' : `${filter} `}invitations</Table.Caption>
          <Table.Thead><Table.Tr><Table.Th scope="col">Email</Table.Th><Table.Th scope="col">Role</Table.Th><Table.Th scope="col">State</Table.Th><Table.Th scope="col">Delivery</Table.Th><Table.Th scope="col">Sent</Table.Th><Table.Th scope="col">Expires</Table.Th><Table.Th scope="col"><VisuallyHidden>Actions</VisuallyHidden></Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {list.data.map((i) => (
              <Table.Tr key={i.id} data-testid="invitation-row">
                <Table.Td style={{ overflowWrap: 'anywhere' }}>{i.email}</Table.Td>
                <Table.Td>{i.role}</Table.Td>
                <Table.Td><TextBadge color={STATUS_COLOR[i.status]}>{i.status[0]!.toUpperCase() + i.status.slice(1)}</TextBadge></Table.Td>
                <Table.Td>{DELIVERY[i.delivery] ?? i.delivery}</Table.Td>
                <Table.Td><When at={i.delivered_at ?? i.created_at} /></Table.Td>
                <Table.Td><When at={i.expires_at} /></Table.Td>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    {(i.status === 'pending' || i.status === 'expired') && <Button size="xs" variant="default" onClick={() => setConfirm({ kind: 'resend', invitation: i })}>Resend<VisuallyHidden> to {i.email}</VisuallyHidden></Button>}
                    {i.status === 'pending' && <Button size="xs" variant="default" onClick={() => setConfirm({ kind: 'revoke', invitation: i })}>Revoke<VisuallyHidden> the invitation of {i.email}</VisuallyHidden></Button>}
                  </Group>
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
      <InviteForm onIssued={setIssued} />
      <SegmentedControl aria-label="Invitation state" data={FILTERS} value={filter} onChange={(v) => setStatus(v === 'pending' ? '' : v)} w="fit-content" />
      {body}
      {confirm && <InvitationConfirm key={`${confirm.kind}:${confirm.invitation.id}`} {...confirm} onClose={() => setConfirm(null)} onIssued={setIssued} />}
      <IssuedModal issued={issued} onClose={() => setIssued(null)} />
    </Stack>
  );
}

function InviteForm({ onIssued }: { onIssued: (i: IssuedInvitation) => void }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const act = useAction(createInvitation, [['admin', 'invitations']]);
  const submit = async () => {
    const issued = await act.go(email.trim(), role);
    if (issued) {
      setEmail('');
      onIssued(issued);
    }
  };
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="invite-title">
      <Title order={2} size="h4" id="invite-title" mb="xs">Invite someone</Title>
      <form onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <Stack gap="sm">
          <Group align="flex-end" gap="sm">
            <TextInput label="Email" type="email" value={email} onChange={(e) => setEmail(e.currentTarget.value)} required maxLength={320} w={320} autoComplete="off" />
            <Select label="Role" data={ROLES.map((r) => ({ value: r, label: r }))} value={role} onChange={(v) => v && setRole(v as Role)} allowDeselect={false} w={160} />
            <Button type="submit" loading={act.busy}>Send invitation</Button>
          </Group>
          {act.error !== null && <Problem error={act.error} />}
        </Stack>
      </form>
    </Paper>
  );
}

function InvitationConfirm({ kind, invitation, onClose, onIssued }: { kind: 'resend' | 'revoke'; invitation: Invitation; onClose: () => void; onIssued: (i: IssuedInvitation) => void }) {
  const act = useAction(async () => (kind === 'resend' ? resendInvitation(invitation.id) : revokeInvitation(invitation.id).then(() => null)), [['admin', 'invitations']]);
  const confirm = async () => {
    const answer = await act.go();
    if (answer === undefined) return;
    onClose();
    if (answer) onIssued(answer);
  };
  return kind === 'resend' ? (
    <ConfirmModal opened title={`Resend the invitation to ${invitation.email}?`} confirmLabel="Resend invitation" busy={act.busy} error={act.error} onConfirm={() => void confirm()} onClose={onClose}>
      <Text size="sm">A new link goes out with a new expiry. The link sent before stops working at once.</Text>
    </ConfirmModal>
  ) : (
    <ConfirmModal opened title={`Revoke the invitation to ${invitation.email}?`} confirmLabel="Revoke invitation" danger busy={act.busy} error={act.error} onConfirm={() => void confirm()} onClose={onClose}>
      <Text size="sm">Its link stops working. You can invite the address again later.</Text>
    </ConfirmModal>
  );
}

/** How the link went out; when the server answered it (no email), the link itself, this once. */
export function IssuedModal({ issued, onClose }: { issued: IssuedInvitation | null; onClose: () => void }) {
  const d = issued?.delivery;
  return (
    // lockScroll off: its scroll lock injects a <style> without the CSP nonce, which the strict CSP refuses.
    <Modal lockScroll={false} opened={issued !== null} onClose={onClose} title={issued ? `Invitation for ${issued.invitation.email}` : ''} closeButtonProps={{ 'aria-label': 'Close' }} size="lg">
      {issued && d && (
        <Stack gap="sm">
          {d.method === 'email' && d.status === 'sent' && <Text size="sm">The link was emailed to {issued.invitation.email}. It works once, until <When at={issued.invitation.expires_at} />.</Text>}
          {d.method === 'email' && d.status === 'failed' && <Problem title="The email could not be sent" error={new Error(d.reason)} />}
          {issued.link
            ? <OnceSecret label="Invitation link" value={issued.link} warning={`Pass this link to ${issued.invitation.email} yourself, by a channel you trust. It is shown only now: you will not see it again (Resend makes a new one). It works once, as ${issued.invitation.role}, until ${new Date(issued.invitation.expires_at).toLocaleString()}.`} />
            : d.method !== 'email' || d.status !== 'sent' ? <Text size="sm">No link in this answer (a repeated request): use Resend for a new one.</Text> : null}
          <Group justify="flex-end"><Button onClick={onClose}>Done</Button></Group>
        </Stack>
      )}
    </Modal>
  );
}
