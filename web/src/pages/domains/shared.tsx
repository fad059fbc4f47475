import { Anchor, Table, Text } from '@mantine/core';
import { useQueries } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, ApiError, unwrap } from '../../api/client.js';
import type { paths } from '../../api/schema.js';
import { metricPath, TextBadge } from '../metric/parts.js';

/** Parts the domain, objective and overview pages share: typed reads, a status badge, a metric table. */
export type Json<P extends keyof paths> = paths[P]['get'] extends { responses: { 200: { content: { 'application/json': infer T } } } } ? T : never;
export type MetricItem = Json<'/api/v1/metrics'>['items'][number];

/** Every page of a small collection (domains, objectives), 500 at a time; stops at `max` rows. */
export async function fetchAll<T>(page: (cursor: string | undefined) => Promise<{ items: T[]; next_cursor: string | null }>, max = 5000): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  do {
    const p = await page(cursor);
    out.push(...p.items);
    cursor = p.next_cursor ?? undefined;
  } while (cursor && out.length < max);
  return out;
}

export const fetchStats = () => unwrap(api.GET('/api/v1/metrics/stats'));

/** A status as words in a badge; the tint only repeats it. */
export function StatusBadge({ status }: { status: string | null | undefined }) {
  if (!status) return <Text span size="sm" c="gray.7">No status</Text>;
  const s = status.toLowerCase();
  const color = s === 'active' ? 'green' : s === 'deprecated' || s === 'retired' ? 'orange' : 'gray';
  return <TextBadge color={color}>Status: {status}</TextBadge>;
}

/** One metric looked up by id, for lists of ids (key metrics, an objective's metrics): missing ones say so. */
export function useMetricsByIds(ids: string[]) {
  return useQueries({
    queries: ids.map((id) => ({
      // Its own key under ['metric', id] (the metric page's holds an ETag this read does not keep).
      queryKey: ['metric', id, 'summary'],
      queryFn: () => unwrap(api.GET('/api/v1/metrics/{id}', { params: { path: { id } } })),
      retry: (n: number, err: unknown) => !(err instanceof ApiError && err.status === 404) && n < 1,
    })),
  });
}

export interface MetricRow {
  id: string;
  metric?: Pick<MetricItem, 'name' | 'tier' | 'governance'>;
  /** Why there is no metric: still loading, not in the workspace, or the lookup failed. */
  missing?: 'loading' | 'not-found' | 'error';
}

/** Metrics as a table: id (a link to its page), name, status badge, tier. Text only. */
export function MetricTable({ caption, rows }: { caption: string; rows: MetricRow[] }) {
  return (
    <Table.ScrollContainer minWidth={520}>
      <Table withTableBorder striped>
        <Table.Caption>{caption}</Table.Caption>
        <Table.Thead><Table.Tr><Table.Th scope="col">Metric</Table.Th><Table.Th scope="col">Name</Table.Th><Table.Th scope="col">Status</Table.Th><Table.Th scope="col">Tier</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.id} data-testid="metric-row">
              <Table.Td><Anchor component={Link} to={metricPath(r.id)} ff="monospace" size="sm" style={{ overflowWrap: 'anywhere' }}>{r.id}</Anchor></Table.Td>
              <Table.Td style={{ overflowWrap: 'anywhere' }}>{r.metric?.name ?? (r.missing === 'not-found' ? <TextBadge color="red" variant="outline">Not found: no such metric in this workspace</TextBadge> : r.missing === 'error' ? 'Could not load' : 'Loading…')}</Table.Td>
              <Table.Td>{r.metric ? <StatusBadge status={r.metric.governance?.status} /> : null}</Table.Td>
              <Table.Td>{r.metric?.tier ?? ''}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Rows for ids from their lookups (same order as `ids`). */
export function rowsOf(ids: string[], lookups: ReturnType<typeof useMetricsByIds>): MetricRow[] {
  return ids.map((id, i) => {
    const q = lookups[i]!;
    if (q.isSuccess) return { id, metric: q.data };
    if (q.isError) return { id, missing: q.error instanceof ApiError && q.error.status === 404 ? 'not-found' : 'error' };
    return { id, missing: 'loading' };
  });
}
