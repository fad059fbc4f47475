import { Anchor, Badge, Code, Group, Paper, Stack, Table, Text, Title, type BadgeProps } from '@mantine/core';
import { useId, type ReactNode } from 'react';
import { Link } from 'react-router';
import { JsonTree } from './JsonTree.js';

/** A value worth showing: not undefined/null/'' and not an empty list or object. */
export function present(v: unknown): boolean {
  if (v === undefined || v === null || v === '') return false;
  if (Array.isArray(v)) return v.some(present);
  if (typeof v === 'object') return Object.values(v as object).some(present);
  return true;
}

/** A section of the page: a landmark with its heading; renders nothing when it has nothing to show. */
export function Section({ title, show, children, testId }: { title: string; show: boolean; children: ReactNode; testId?: string }) {
  const id = useId();
  if (!show) return null;
  return (
    <Paper component="section" aria-labelledby={id} withBorder p="md" radius="md" data-testid={testId}>
      <Title order={2} size="h4" id={id} mb="sm">{title}</Title>
      <Stack gap="sm">{children}</Stack>
    </Paper>
  );
}

export type Fact = [label: string, value: unknown, render?: (v: never) => ReactNode];

/** Label/value rows; rows without a value are left out, and the whole table when none has one. */
export function Facts({ rows, caption }: { rows: Fact[]; caption?: string }) {
  const shown = rows.filter(([, v]) => present(v));
  if (shown.length === 0) return null;
  return (
    <Table variant="vertical" layout="fixed" withTableBorder={false} verticalSpacing={4}>
      {caption && <Table.Caption>{caption}</Table.Caption>}
      <Table.Tbody>
        {shown.map(([label, v, render]) => (
          <Table.Tr key={label}>
            <Table.Th scope="row" w={220}>{label}</Table.Th>
            <Table.Td>{render ? render(v as never) : <Value value={v} />}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** A scalar as text, a boolean as Yes/No, a list of strings as badges, anything else as a JSON tree. */
export function Value({ value }: { value: unknown }) {
  if (typeof value === 'boolean') return <Text span>{value ? 'Yes' : 'No'}</Text>;
  if (typeof value === 'string' || typeof value === 'number') return <Text span style={{ overflowWrap: 'anywhere' }}>{String(value)}</Text>;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return <TextList items={value as string[]} />;
  return <JsonTree value={value} />;
}

export function TextList({ items }: { items: string[] }) {
  return <Group gap={6}>{items.map((t, i) => <TextBadge key={`${i}:${t}`} variant="outline" color="gray" maw="100%">{t}</TextBadge>)}</Group>;
}

/**
 * A badge whose words carry the meaning: the tint only repeats it, and the label keeps the body colour
 * (Mantine's light-variant label colours are under 4.5:1 on their tints).
 */
export function TextBadge({ children, variant = 'light', ...rest }: BadgeProps & { children: ReactNode }) {
  return <Badge variant={variant} tt="none" styles={{ label: { color: 'var(--mantine-color-text)' } }} {...rest}>{children}</Badge>;
}

/** Entity ids as in-app links (metric, objective, domain pages); the id is the link text. */
export function EntityLinks({ ids, to, label }: { ids: string[]; to: (id: string) => string; label: string }) {
  return (
    <Group gap="sm" component="ul" aria-label={label} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {ids.map((id, i) => <li key={`${i}:${id}`}><Anchor component={Link} to={to(id)}>{id}</Anchor></li>)}
    </Group>
  );
}

/** A free-form list item (tradeoffs, filters, change history): text as text, objects as a tree. */
export function FreeItems({ items }: { items: unknown[] }) {
  return (
    <Stack gap={4} component="ul" style={{ margin: 0, paddingInlineStart: 20 }}>
      {items.map((it, i) => <li key={i}>{typeof it === 'string' ? <Text span style={{ overflowWrap: 'anywhere' }}>{it}</Text> : <JsonTree value={it} />}</li>)}
    </Stack>
  );
}

export function Block({ children }: { children: string }) {
  return <Code block style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{children}</Code>;
}

export const metricPath = (id: string) => `/metrics/${encodeURIComponent(id)}`;
/** An OKR reference (`OBJ-001:KR-002`, `OBJ-001`) opens its objective; a bare key-result id opens the objectives list's search. */
export const okrPath = (ref: string) => `/objectives/${encodeURIComponent(ref.split(':')[0]!)}`;
export const objectivePath = (id: string) => `/objectives/${encodeURIComponent(id)}`;
export const domainPath = (id: string) => `/domains/${encodeURIComponent(id)}`;
