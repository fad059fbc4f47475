import { Alert, Button, Group, Modal, Paper, Radio, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { fetchMe } from '../../api/auth.js';
import { ApiError } from '../../api/client.js';
import { EmptyState, ErrorState, Loading } from '../../components/States.js';
import { fetchVersions, restoreVersion, type MetricVersion } from './api.js';
import { DiffView } from './DiffView.js';
import { TextBadge } from './parts.js';

const KIND_COLOR: Record<string, string> = { create: 'green', update: 'blue', delete: 'red' };

function when(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

/** Which two versions are compared: the older on the left by default (the second newest → the newest). */
function useSelection(items: MetricVersion[] | undefined) {
  const [left, setLeft] = useState<string | null>(null);
  const [right, setRight] = useState<string | null>(null);
  useEffect(() => {
    if (!items?.length) return;
    const has = (v: string | null) => v !== null && items.some((i) => i.version === v);
    if (!has(right)) setRight(items[0]!.version);
    if (!has(left)) setLeft((items[1] ?? items[0])!.version);
  }, [items, left, right]);
  return { left, right, setLeft, setRight };
}

/**
 * A metric's history: every version (semantic version, change kind, changed fields, who and when), a
 * side-by-side diff of any two, and "Restore this version", which writes the old content as a new
 * version with If-Match of the current ETag (so a change made meanwhile is not overwritten silently).
 */
export function History({ id, etag, currentVersion }: { id: string; etag: string | null; currentVersion: string | null }) {
  const queryClient = useQueryClient();
  const versions = useQuery({ queryKey: ['metric', id, 'versions'], queryFn: () => fetchVersions(id) });
  // The shell has loaded who is signed in: their own edits read "you (email)"; others keep the actor id
  // (the member list that would name them is for admins only).
  const me = useQuery({ queryKey: ['me'], queryFn: fetchMe, retry: false });
  // Restore is a write: a role without it (viewer) is not offered the button the server would refuse.
  const canRestore = me.data?.scopes.includes('metrics:write') ?? false;
  const actorLabel = (actor: string) => (me.data && actor === `user:${me.data.user.id}` ? `you (${me.data.user.email})` : actor);
  const { left, right, setLeft, setRight } = useSelection(versions.data);
  const [confirm, setConfirm] = useState<MetricVersion | null>(null);
  const [done, setDone] = useState<string | null>(null);
  // Every query of this metric's page is keyed under ['metric', id]: one invalidation reloads them all.
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['metric', id] });
  const restore = useMutation({
    mutationFn: (v: MetricVersion) => restoreVersion(id, v.snapshot, etag, currentVersion),
    onSuccess: async (result, v) => {
      setConfirm(null);
      setDone(result.changed ? `Version ${v.version} was restored as the new version ${result.version ?? ''}.` : `Version ${v.version} already matches the current definition: nothing changed.`);
      await refresh();
    },
    // A 412: the metric changed meanwhile. Reload it (and its ETag) so the user sees the new version first.
    onError: (err) => { if (err instanceof ApiError && err.status === 412) void refresh(); },
  });

  if (versions.isPending) return <Loading label="Loading the history…" />;
  if (versions.isError) return <ErrorState error={versions.error} onRetry={() => void versions.refetch()} />;
  const items = versions.data;
  if (items.length === 0) return <EmptyState title="No history yet">This metric has no recorded versions.</EmptyState>;
  const leftItem = items.find((i) => i.version === left);
  const rightItem = items.find((i) => i.version === right);
  const conflict = restore.error instanceof ApiError && restore.error.status === 412;

  return (
    <Stack gap="md">
      {done && <Alert color="green" title="Restored" role="status" withCloseButton onClose={() => setDone(null)} closeButtonLabel="Dismiss">{done}</Alert>}
      <Paper component="section" aria-labelledby="versions-title" withBorder p="md" radius="md">
        <Title order={2} size="h4" id="versions-title" mb="sm">Versions</Title>
        <Table.ScrollContainer minWidth={820}>
          <Table striped withTableBorder>
            <Table.Caption>Newest first. Choose a version on each side to compare them below.</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Left</Table.Th><Table.Th>Right</Table.Th><Table.Th>Version</Table.Th><Table.Th>Change</Table.Th>
                <Table.Th>Changed fields</Table.Th><Table.Th>By</Table.Th><Table.Th>When</Table.Th><Table.Th><Text span size="sm" fw={700}>Actions</Text></Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((v, i) => (
                <Table.Tr key={`${v.revision}:${v.version}`}>
                  <Table.Td><Radio name="left" value={v.version} checked={left === v.version} onChange={() => setLeft(v.version)} aria-label={`Compare from version ${v.version}`} /></Table.Td>
                  <Table.Td><Radio name="right" value={v.version} checked={right === v.version} onChange={() => setRight(v.version)} aria-label={`Compare to version ${v.version}`} /></Table.Td>
                  <Table.Td><Text span fw={600}>{v.version}</Text>{i === 0 && <TextBadge ml="xs" variant="outline" color="gray">Current</TextBadge>}</Table.Td>
                  <Table.Td><TextBadge variant="light" color={KIND_COLOR[v.change_kind] ?? 'gray'}>{v.change_kind}</TextBadge>{v.bump && <Text span size="xs" c="gray.7" ml={6}>{v.bump}</Text>}</Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>{v.changed_fields.includes('*') ? 'all (created)' : v.changed_fields.join(', ')}</Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>{actorLabel(v.actor)}</Table.Td>
                  <Table.Td><time dateTime={v.created_at}>{when(v.created_at)}</time></Table.Td>
                  <Table.Td>
                    {canRestore && i > 0 && v.change_kind !== 'delete' && (
                      <Button size="xs" variant="default" onClick={() => { restore.reset(); setConfirm(v); }}>Restore this version<VisuallyHidden> ({v.version})</VisuallyHidden></Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>

      <Paper component="section" aria-labelledby="diff-title" withBorder p="md" radius="md">
        <Title order={2} size="h4" id="diff-title" mb="sm">Compare versions</Title>
        {leftItem && rightItem
          ? <DiffView left={leftItem.snapshot} right={rightItem.snapshot} leftLabel={`version ${leftItem.version}`} rightLabel={`version ${rightItem.version}`} />
          : <Text>Choose two versions above.</Text>}
      </Paper>

      {/* lockScroll off: its scroll lock injects a <style> without the CSP nonce (react-remove-scroll), which the strict CSP refuses. */}
      <Modal lockScroll={false} opened={confirm !== null} onClose={() => setConfirm(null)} title={`Restore version ${confirm?.version ?? ''}?`} closeButtonProps={{ 'aria-label': 'Cancel' }}>
        <Stack gap="sm">
          <Text size="sm">Its definition replaces the current one ({currentVersion ? `version ${currentVersion}` : 'the latest version'}) as a new version. Nothing is deleted: the current version stays in the history, and the change is audited.</Text>
          {restore.isError && (conflict
            ? <Alert color="orange" title="Changed since you opened it" role="alert">Someone changed this metric after the page loaded. Close this dialog and review the new version first.</Alert>
            : <ErrorState error={restore.error} />)}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirm(null)}>Cancel</Button>
            <Button onClick={() => confirm && restore.mutate(confirm)} loading={restore.isPending} disabled={conflict}>Confirm restore</Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
