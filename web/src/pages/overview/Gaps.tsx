import { Anchor, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useId, type ReactNode } from 'react';
import { Link } from 'react-router';
import { domainPath, metricPath, objectivePath } from '../metric/parts.js';
import type { Gaps, ReferencePage } from './api.js';

type Gap = Gaps['no_owner'];

const entityPath = (type: string, id: string) => (type === 'domain' ? domainPath(id) : type === 'objective' ? objectivePath(id) : metricPath(id));

/** A gap: its title, its count as text, what it means, and what to open. */
function GapCard({ title, count, testId, children }: { title: string; count: number; testId: string; children: ReactNode }) {
  const id = useId();
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby={id} data-testid={testId}>
      <Stack gap="xs">
        <Group justify="space-between" align="baseline" wrap="nowrap">
          <Title order={3} size="h5" id={id}>{title}</Title>
          <Text fw={700} size="xl" ff="monospace" data-testid="gap-count">{count.toLocaleString('en')}</Text>
        </Group>
        {count === 0 ? <Text size="sm" c="gray.7">None: nothing to fix here.</Text> : children}
      </Stack>
    </Paper>
  );
}

function MetricLinks({ gap, label }: { gap: Gap; label: string }) {
  return (
    <>
      <Stack gap={2} component="ul" aria-label={label} style={{ margin: 0, paddingInlineStart: 18 }}>
        {gap.metrics.map((m) => (
          <li key={m.metric_id}><Anchor component={Link} to={metricPath(m.metric_id)} size="sm" style={{ overflowWrap: 'anywhere' }}>{m.name}</Anchor> <Text span size="xs" c="gray.7" ff="monospace">{m.metric_id}</Text></li>
        ))}
      </Stack>
      {gap.count > gap.metrics.length && <Text size="sm" c="gray.7">and {gap.count - gap.metrics.length} more (the first {gap.metrics.length} by id are listed)</Text>}
    </>
  );
}

/** The governance gaps: counts from the server, each with the metrics (or references) to open. */
export function GapCards({ gaps, unresolved }: { gaps: Gaps; unresolved: ReferencePage | undefined }) {
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
      <GapCard title="Metrics without an owner" count={gaps.no_owner.count} testId="gap-no-owner">
        <Text size="sm">No owner team, technical owner or business owner.</Text>
        <MetricLinks gap={gaps.no_owner} label="Metrics without an owner" />
      </GapCard>
      <GapCard title="PII without a classification" count={gaps.pii_unclassified.count} testId="gap-pii">
        <Text size="sm">Marked as involving personal data, with no data classification.</Text>
        <MetricLinks gap={gaps.pii_unclassified} label="PII metrics without a classification" />
      </GapCard>
      <GapCard title="Deprecated metrics still referenced" count={gaps.deprecated_referenced.count} testId="gap-deprecated">
        <Text size="sm">Deprecated, yet another metric, domain or objective still names them.</Text>
        <MetricLinks gap={gaps.deprecated_referenced} label="Deprecated metrics still referenced" />
        <Anchor component={Link} to="/catalog?status=deprecated" size="sm">All deprecated metrics in the catalog</Anchor>
      </GapCard>
      {unresolved && (
        <GapCard title="Unresolved references" count={unresolved.total} testId="gap-unresolved">
          <Text size="sm">References to a metric, domain, objective or key result that does not exist (kept as written).</Text>
          <Stack gap={2} component="ul" aria-label="Unresolved references" style={{ margin: 0, paddingInlineStart: 18 }}>
            {unresolved.items.map((r) => (
              <li key={`${r.from_type}:${r.from_id}:${r.field}:${r.to_id}`}>
                <Text span size="sm"><Anchor component={Link} to={entityPath(r.from_type, r.from_id)} size="sm" style={{ overflowWrap: 'anywhere' }}>{r.from_id}</Anchor> ({r.from_type}) names {r.to_type} <Text span ff="monospace" size="sm" style={{ overflowWrap: 'anywhere' }}>{r.to_id}</Text> at <Text span ff="monospace" size="sm">{r.field}</Text></Text>
              </li>
            ))}
          </Stack>
          {unresolved.total > unresolved.items.length && <Text size="sm" c="gray.7">and {unresolved.total - unresolved.items.length} more</Text>}
        </GapCard>
      )}
    </SimpleGrid>
  );
}
