import { Badge, Code, Table, Text } from '@mantine/core';
import type { AuditEvent } from './api.js';

/** Badge text in the body colour: the palette's greens and reds are under 4.5:1 at badge size (the border carries the colour). */
const TEXT_LABEL = { label: { color: 'var(--mantine-color-text)' } };

/** What changed, as text: the before and after documents (never parsed as markup). */
function Changes({ e }: { e: AuditEvent }) {
  if (e.before == null && e.after == null) return <Text size="sm" c="gray.7">—</Text>;
  return (
    <details>
      <summary>Before and after</summary>
      {e.before != null && <><Text size="xs" fw={600} mt={4}>Before</Text><Code block style={{ maxWidth: 420, maxHeight: 240, overflow: 'auto' }}>{JSON.stringify(e.before, null, 2)}</Code></>}
      {e.after != null && <><Text size="xs" fw={600} mt={4}>After</Text><Code block style={{ maxWidth: 420, maxHeight: 240, overflow: 'auto' }}>{JSON.stringify(e.after, null, 2)}</Code></>}
    </details>
  );
}

/** One page of audit events, newest first; every value rendered as text, the outcome in words. */
export function AuditTable({ items, caption }: { items: AuditEvent[]; caption: string }) {
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table withTableBorder striped verticalSpacing="xs">
        <Table.Caption>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Time (UTC)</Table.Th><Table.Th scope="col">Actor</Table.Th><Table.Th scope="col">Action</Table.Th>
            <Table.Th scope="col">Entity</Table.Th><Table.Th scope="col">Outcome</Table.Th><Table.Th scope="col">Address</Table.Th><Table.Th scope="col">Changes</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((e) => (
            <Table.Tr key={e.id} data-testid="audit-row">
              <Table.Td><Text size="sm" ff="monospace">{e.occurred_at.replace('T', ' ').replace(/\.\d+Z$|Z$/, '')}</Text></Table.Td>
              <Table.Td style={{ overflowWrap: 'anywhere' }}><Text size="sm">{e.actor}</Text></Table.Td>
              <Table.Td><Text size="sm" ff="monospace">{e.action}</Text></Table.Td>
              <Table.Td style={{ overflowWrap: 'anywhere' }}><Text size="sm">{e.entity_type}: <Text span ff="monospace" size="sm">{e.entity_id}</Text></Text></Table.Td>
              <Table.Td><Badge variant="outline" tt="none" color={e.outcome === 'success' ? 'green.9' : 'red.9'} styles={TEXT_LABEL} style={{ minWidth: 'max-content' }}>{e.outcome}</Badge></Table.Td>
              <Table.Td><Text size="sm" ff="monospace">{e.ip ?? '—'}</Text></Table.Td>
              <Table.Td><Changes e={e} /></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
