import { Code, Table, Text } from '@mantine/core';
import { useMemo } from 'react';
import { diffRows, type ChangeKind } from './diff.js';
import { TextBadge } from './parts.js';

const KIND: Record<ChangeKind, { label: string; color: string }> = {
  added: { label: 'Added', color: 'green' },
  removed: { label: 'Removed', color: 'red' },
  changed: { label: 'Changed', color: 'blue' },
  moved: { label: 'Moved', color: 'gray' },
};

function Cell({ value }: { value: unknown }) {
  if (value === undefined) return <Text span c="gray.7" size="sm">(absent)</Text>;
  if (typeof value === 'string') return <Text span size="sm" style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>{value}</Text>;
  return <Code block style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{JSON.stringify(value, null, 2)}</Code>;
}

/**
 * Two snapshots side by side, one row per changed field: the path, the left value, the right value and
 * the kind of change in words. Built from jsondiffpatch's delta (diff.ts); every value renders as text.
 */
export function DiffView({ left, right, leftLabel, rightLabel }: { left: unknown; right: unknown; leftLabel: string; rightLabel: string }) {
  const rows = useMemo(() => diffRows(left, right), [left, right]);
  if (rows.length === 0) return <Text role="status">No differences between {leftLabel} and {rightLabel}.</Text>;
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table withTableBorder withColumnBorders layout="fixed" aria-label={`Differences from ${leftLabel} to ${rightLabel}`}>
        <Table.Caption>{rows.length} {rows.length === 1 ? 'difference' : 'differences'} from {leftLabel} to {rightLabel}</Table.Caption>
        <Table.Thead>
          <Table.Tr><Table.Th w="22%">Field</Table.Th><Table.Th w={100}>Change</Table.Th><Table.Th>{leftLabel}</Table.Th><Table.Th>{rightLabel}</Table.Th></Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r, i) => (
            <Table.Tr key={`${i}:${r.path}`} data-kind={r.kind}>
              <Table.Td><Text span ff="monospace" size="sm" style={{ overflowWrap: 'anywhere' }}>{r.path || '(whole document)'}</Text></Table.Td>
              <Table.Td><TextBadge variant="light" color={KIND[r.kind].color}>{KIND[r.kind].label}</TextBadge></Table.Td>
              <Table.Td><Cell value={r.before} /></Table.Td>
              <Table.Td><Cell value={r.after} /></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
