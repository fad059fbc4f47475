import { Anchor, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useId, type ReactNode } from 'react';
import { Link } from 'react-router';
import { EmptyState, ErrorState, Loading } from '../../components/States.js';
import { fetchStats, StatusBadge } from '../domains/shared.js';
import { metricPath } from '../metric/parts.js';
import { barsOf, CHARTS, fetchGaps, fetchRecent, fetchUnresolved } from './api.js';
import { BarList } from './Bars.js';
import { GapCards } from './Gaps.js';

function Panel({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  const id = useId();
  return (
    <Stack gap="sm" component="section" aria-labelledby={id} data-testid={testId}>
      <Title order={2} size="h3" id={id}>{title}</Title>
      {children}
    </Stack>
  );
}

/**
 * `/`: the catalog at a glance. Counts by tier, domain, status and classification (GET /metrics/stats,
 * uncapped) drawn as text-first bar lists; the ten most recently changed metrics; and the governance
 * gaps (GET /metrics/governance-gaps and the unresolved references' total). Each part loads and fails
 * on its own, so one slow query never blanks the page.
 */
export function Component() {
  const stats = useQuery({ queryKey: ['metrics', 'stats'], queryFn: fetchStats });
  const recent = useQuery({ queryKey: ['overview', 'recent'], queryFn: fetchRecent });
  const gaps = useQuery({ queryKey: ['overview', 'gaps'], queryFn: fetchGaps });
  const unresolved = useQuery({ queryKey: ['overview', 'unresolved'], queryFn: fetchUnresolved });

  if (stats.isSuccess && stats.data.total === 0) {
    return (
      <Stack gap="md">
        <EmptyState title="The catalog is empty" mark="◎">Import a catalog file (<Text span ff="monospace">npx mdl import</Text> or <Text span ff="monospace">POST /api/v1/import</Text>) and its counts, recent changes and governance gaps will show here.</EmptyState>
      </Stack>
    );
  }

  return (
    <Stack gap="xl">
      {stats.isSuccess && <Text c="gray.7" data-testid="total">{stats.data.total.toLocaleString('en')} metrics in this workspace. <Anchor component={Link} to="/catalog" underline="always">Open the catalog</Anchor></Text>}

      <Panel title="The catalog by the numbers" testId="charts">
        {stats.isPending ? <Loading label="Counting the metrics…" /> : stats.isError ? <ErrorState error={stats.error} onRetry={() => void stats.refetch()} /> : (
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
            {CHARTS.map((c) => (
              <Paper key={c.key} withBorder p="md" radius="md" data-testid={`chart-${c.key}`}>
                <BarList title={c.title} bars={barsOf(stats.data.by[c.key], c.filter)} total={stats.data.total} />
              </Paper>
            ))}
          </SimpleGrid>
        )}
      </Panel>

      <Panel title="Governance gaps" testId="gaps">
        {gaps.isPending ? <Loading label="Looking for governance gaps…" /> : gaps.isError ? <ErrorState error={gaps.error} onRetry={() => void gaps.refetch()} /> : (
          <>
            {unresolved.isError && <ErrorState error={unresolved.error} onRetry={() => void unresolved.refetch()} />}
            <GapCards gaps={gaps.data} unresolved={unresolved.data} />
          </>
        )}
      </Panel>

      <Panel title="Recently changed" testId="recent">
        {recent.isPending ? <Loading label="Loading the recent changes…" /> : recent.isError ? <ErrorState error={recent.error} onRetry={() => void recent.refetch()} /> : recent.data.items.length === 0 ? <Text c="gray.7">No metric has changed yet.</Text> : (
          <Table.ScrollContainer minWidth={560}>
            <Table withTableBorder striped>
              <Table.Caption>The {recent.data.items.length} most recently changed metrics. <Anchor component={Link} to="/catalog?sort=-updated_at" size="sm" underline="always">All, most recent first</Anchor></Table.Caption>
              <Table.Thead><Table.Tr><Table.Th scope="col">Metric</Table.Th><Table.Th scope="col">Status</Table.Th><Table.Th scope="col">Version</Table.Th><Table.Th scope="col">Changed</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {recent.data.items.map((m) => (
                  <Table.Tr key={m.metric_id} data-testid="recent-row">
                    <Table.Td style={{ overflowWrap: 'anywhere' }}><Anchor component={Link} to={metricPath(m.metric_id)}>{m.name}</Anchor> <Text span size="xs" c="gray.7" ff="monospace">{m.metric_id}</Text></Table.Td>
                    <Table.Td><StatusBadge status={m.governance?.status} /></Table.Td>
                    <Table.Td ff="monospace">{m.governance?.version ?? ''}</Table.Td>
                    <Table.Td>{m.governance?.updated_at ? <time dateTime={m.governance.updated_at}>{new Date(m.governance.updated_at).toLocaleString()}</time> : ''}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Panel>
    </Stack>
  );
}
