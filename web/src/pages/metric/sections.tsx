import { Anchor, Group, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import type { Metric, Provenance, References } from './api.js';
import { ExternalLink, JsonTree } from './JsonTree.js';
import { Block, domainPath, TextBadge, EntityLinks, Facts, FreeItems, metricPath, objectivePath, okrPath, present, Section, TextList, Value } from './parts.js';

type EventSpec = NonNullable<NonNullable<Metric['definition']>['numerator']>;
type Source = NonNullable<NonNullable<Metric['data']>['primary_sources']>[number];

/** Badges that say what they mean in words (colour only repeats it). */
export function StatusBadges({ metric }: { metric: Metric }) {
  const g = metric.governance;
  return (
    <Group gap="xs" aria-label="Status and classification">
      {g?.status && <TextBadge variant="light" color={g.status === 'active' ? 'green' : g.status === 'deprecated' || g.status === 'retired' ? 'orange' : 'gray'}>Status: {g.status}</TextBadge>}
      {metric.tier && <TextBadge variant="light" color="blue">Tier: {metric.tier}</TextBadge>}
      {g?.data_classification && <TextBadge variant="light" color={g.data_classification === 'restricted' || g.data_classification === 'confidential' ? 'red' : 'gray'}>Classification: {g.data_classification}</TextBadge>}
      {g?.pii_involved === true && <TextBadge variant="outline" color="red">PII: contains personal data</TextBadge>}
      {g?.pii_involved === false && <TextBadge variant="outline" color="gray">PII: none</TextBadge>}
      {g?.version && <TextBadge variant="outline" color="gray" tt="none">Version {g.version}</TextBadge>}
    </Group>
  );
}

/** Name, ids, badges and description: the top of the page (the name is its h1). */
export function MetricHeader({ metric: m }: { metric: Metric }) {
  return (
    <Stack gap={6}>
      <Title order={1} size="h2" id="metric-name" style={{ overflowWrap: 'anywhere' }} lineClamp={3} title={m.name}>{m.name}</Title>
      <Group gap="md">
        <Text size="sm" c="gray.7">ID <Text span ff="monospace" c="dark">{m.metric_id}</Text></Text>
        {m.short_name && <Text size="sm" c="gray.7">Short name <Text span c="dark">{m.short_name}</Text></Text>}
      </Group>
      <StatusBadges metric={m} />
      {m.description && <Text style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>{m.description}</Text>}
    </Stack>
  );
}

function EventFacts({ title, spec }: { title: string; spec: EventSpec | null | undefined }) {
  if (!present(spec)) return null;
  return (
    <Stack gap={4}>
      <Title order={3} size="h5">{title}</Title>
      <Facts rows={[['Event', spec?.event_name], ['Filters', spec?.filters, (f: unknown[]) => <FreeItems items={f} />]]} />
    </Stack>
  );
}

function SourcesTable({ caption, sources }: { caption: string; sources: Source[] | undefined }) {
  if (!sources?.length) return null;
  return (
    <Table.ScrollContainer minWidth={480}>
      <Table withTableBorder striped>
        <Table.Caption>{caption}</Table.Caption>
        <Table.Thead><Table.Tr><Table.Th>System</Table.Th><Table.Th>Table or stream</Table.Th><Table.Th>Connection</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>
          {sources.map((s, i) => <Table.Tr key={i}><Table.Td>{s.system ?? '—'}</Table.Td><Table.Td>{s.table_or_stream ?? '—'}</Table.Td><Table.Td>{s.connection_id ?? '—'}</Table.Td></Table.Tr>)}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

const SEVERITY_COLOR: Record<string, string> = { critical: 'red', high: 'red', warning: 'orange', medium: 'yellow', low: 'blue', info: 'gray' };

function AlertRules({ rules }: { rules: NonNullable<NonNullable<Metric['targets_and_alerts']>['alert_rules']> }) {
  if (!rules.length) return null;
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table withTableBorder striped>
        <Table.Caption>Alert rules</Table.Caption>
        <Table.Thead><Table.Tr><Table.Th>Rule</Table.Th><Table.Th>Condition</Table.Th><Table.Th>Severity</Table.Th><Table.Th>Window</Table.Th><Table.Th>Notify</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>
          {rules.map((r, i) => (
            <Table.Tr key={i}>
              <Table.Td><Text span fw={600}>{r.name ?? r.rule_id ?? '—'}</Text>{r.name && r.rule_id && <Text span c="gray.7"> ({r.rule_id})</Text>}</Table.Td>
              <Table.Td style={{ overflowWrap: 'anywhere' }}>{r.condition ?? '—'}</Table.Td>
              <Table.Td>{r.severity ? <TextBadge variant="light" color={SEVERITY_COLOR[r.severity.toLowerCase()] ?? 'gray'}>{r.severity}</TextBadge> : '—'}</Table.Td>
              <Table.Td>{r.evaluation_window ?? '—'}</Table.Td>
              <Table.Td>{r.notify_channels?.length ? <TextList items={r.notify_channels} /> : '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function Dimensions({ dims }: { dims: NonNullable<Metric['dimensions']> }) {
  return (
    <Table.ScrollContainer minWidth={480}>
      <Table withTableBorder striped>
        <Table.Thead><Table.Tr><Table.Th>Dimension</Table.Th><Table.Th>Allowed values</Table.Th><Table.Th>Required</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>
          {dims.map((d, i) => (
            <Table.Tr key={i}>
              <Table.Td fw={600}>{d.name}</Table.Td>
              <Table.Td>{d.allowed_values?.length ? <TextList items={d.allowed_values} /> : <Text span c="gray.7">any</Text>}</Table.Td>
              <Table.Td>{d.required ? 'Required' : 'Optional'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function ReferenceSections({ references }: { references: References | undefined }) {
  const unresolved = references?.outgoing.filter((r) => r.state === 'unresolved') ?? [];
  const incoming = references?.incoming ?? [];
  const pathOf = (type: string, id: string) => (type === 'metric' ? metricPath(id) : type === 'domain' ? domainPath(id) : objectivePath(id));
  return (
    <>
      <Section title="Unresolved references" show={unresolved.length > 0} testId="section-unresolved">
        <Text size="sm">These references are kept as written but point at nothing in this workspace yet.</Text>
        <Table withTableBorder>
          <Table.Thead><Table.Tr><Table.Th>Field</Table.Th><Table.Th>Refers to</Table.Th><Table.Th>State</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {unresolved.map((r) => (
              <Table.Tr key={r.field}>
                <Table.Td><Text span ff="monospace">{r.field}</Text></Table.Td>
                <Table.Td style={{ overflowWrap: 'anywhere' }}>{r.to_type} “{r.to_id}”</Table.Td>
                <Table.Td><TextBadge variant="light" color="orange">Unresolved</TextBadge></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Section>
      <Section title="Referenced by" show={incoming.length > 0} testId="section-incoming">
        <Table withTableBorder>
          <Table.Thead><Table.Tr><Table.Th>Definition</Table.Th><Table.Th>Field</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {incoming.map((r) => (
              <Table.Tr key={`${r.type}:${r.id}:${r.field}`}>
                <Table.Td>{r.type} <Anchor component={Link} to={pathOf(r.type, r.id)}>{r.id}</Anchor></Table.Td>
                <Table.Td><Text span ff="monospace">{r.field}</Text></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Section>
    </>
  );
}

export interface MetricSectionsProps {
  metric: Metric;
  references?: References;
  provenance?: Provenance;
}

/**
 * Every section of a metric definition, laid out for reading. A section with nothing in it is absent,
 * not an empty box. All text is rendered by React as text; links leave the app only for http(s) URLs.
 */
export function MetricSections({ metric: m, references, provenance }: MetricSectionsProps) {
  const d = m.definition, t = m.targets_and_alerts, data = m.data, g = m.governance, a = m.alignment;
  const r = m.relationships, v = m.visualization, ops = m.operational_usage, meta = m.metadata;
  const formulaShown = present(d);
  return (
    <Stack gap="md">
      <Section title="Formula" show={formulaShown} testId="section-formula">
        {d?.formula && <Block>{d.formula}</Block>}
        {d?.formula_detail && <Text style={{ overflowWrap: 'anywhere' }}>{d.formula_detail}</Text>}
        <EventFacts title="Numerator" spec={d?.numerator} />
        <EventFacts title="Denominator" spec={d?.denominator} />
        <Facts rows={[['Unit', d?.unit], ['Expected direction', d?.expected_direction], ['Example calculation', d?.example_calculation, (x: unknown) => <JsonTree value={x} />]]} />
      </Section>

      <Section title="Targets and alerts" show={present(t)} testId="section-targets">
        <Facts rows={[['Target', t?.target_value], ['Warning threshold', t?.warning_threshold], ['Critical threshold', t?.critical_threshold], ['Comparison baseline', t?.comparison_baseline]]} />
        {t?.alert_rules && <AlertRules rules={t.alert_rules} />}
      </Section>

      <Section title="Dimensions" show={present(m.dimensions)} testId="section-dimensions">
        {m.dimensions && <Dimensions dims={m.dimensions} />}
      </Section>

      <Section title="Data sources and freshness" show={present(data)} testId="section-data">
        <SourcesTable caption="Primary sources" sources={data?.primary_sources} />
        <SourcesTable caption="Secondary sources" sources={data?.secondary_sources} />
        <Facts rows={[['Freshness', data?.data_freshness], ['Update frequency', data?.update_frequency], ['Time grain', data?.time_grain], ['Retention', data?.data_retention]]} />
      </Section>

      <Section title="Owners and governance" show={present(g)} testId="section-governance">
        <Facts rows={[
          ['Owner team', g?.owner_team], ['Technical owner', g?.technical_owner], ['Business owner', g?.business_owner],
          ['Classification', g?.data_classification], ['Personal data (PII)', g?.pii_involved], ['Regulatory constraints', g?.regulatory_constraints],
          ['Status', g?.status], ['Version', g?.version], ['Created', g?.created_at], ['Updated', g?.updated_at],
        ]} />
      </Section>

      <Section title="Classification" show={present([m.category, m.metric_type, m.tier, m.business_domain, m.tags, g?.status])} testId="section-classification">
        <Facts rows={[
          ['Category', m.category], ['Type', m.metric_type], ['Tier', m.tier], ['Status', g?.status],
          ['Business domain', m.business_domain, (id: string) => <Anchor component={Link} to={domainPath(id)} style={{ overflowWrap: 'anywhere' }}>{id}</Anchor>],
          ['Tags', m.tags],
        ]} />
      </Section>

      <Section title="Alignment" show={present(a)} testId="section-alignment">
        <Facts rows={[
          ['Strategic pillar', a?.strategic_pillar], ['Why it matters', a?.why_it_matters],
          ['Objectives', a?.primary_objective_ids, (ids: string[]) => <EntityLinks ids={ids} to={objectivePath} label="Objectives" />],
          ['Key results', a?.related_okr_ids, (ids: string[]) => <EntityLinks ids={ids} to={okrPath} label="Key results" />],
        ]} />
      </Section>

      <Section title="Lineage" show={present(r)} testId="section-lineage">
        <Facts rows={[
          ['Upstream metrics', r?.upstream_metric_ids, (ids: string[]) => <EntityLinks ids={ids} to={metricPath} label="Upstream metrics" />],
          ['Downstream metrics', r?.downstream_metric_ids, (ids: string[]) => <EntityLinks ids={ids} to={metricPath} label="Downstream metrics" />],
          ['Trade-offs', r?.tradeoffs, (x: unknown[]) => <FreeItems items={x} />],
        ]} />
        <Text size="sm"><Anchor component={Link} to={`${metricPath(m.metric_id)}/lineage`} underline="always">Open the lineage graph</Anchor> (several hops, with domains, objectives and key results)</Text>
      </Section>

      <Section title="Visualization" show={present(v)} testId="section-visualization">
        <Facts rows={[
          ['Default chart', v?.default_chart_type], ['Default time range', v?.default_time_range],
          ['Dashboards', v?.dashboard_locations, (locs: Array<{ tool?: string | null; url?: string | null }>) => (
            <Stack gap={2} component="ul" style={{ margin: 0, paddingInlineStart: 20 }}>{locs.map((l, i) => <li key={i}><ExternalLink url={l.url} label={l.tool} /></li>)}</Stack>
          )],
          ['Drill-downs', v?.drilldowns],
        ]} />
      </Section>

      <Section title="Operational use and playbooks" show={present(ops)} testId="section-operations">
        <Facts rows={[
          ['Decisions it informs', ops?.decision_use_cases, (x: string[]) => <FreeItems items={x} />], ['Review cadence', ops?.review_cadence],
          ['Playbooks', ops?.linked_playbooks, (pbs: Array<{ name?: string | null; url?: string | null }>) => (
            <Stack gap={2} component="ul" style={{ margin: 0, paddingInlineStart: 20 }}>{pbs.map((p, i) => <li key={i}><ExternalLink url={p.url} label={p.name} /></li>)}</Stack>
          )],
        ]} />
      </Section>

      <Section title="Example queries" show={present(meta?.example_queries)} testId="section-queries">
        {meta?.example_queries?.map((q, i) => (
          <Stack key={i} gap={4}>
            {q.language && <Text size="sm" fw={600}>{q.language}</Text>}
            {q.query && <Block>{q.query}</Block>}
          </Stack>
        ))}
      </Section>

      <Section title="Notes and metadata" show={present({ ...meta, example_queries: undefined })} testId="section-metadata">
        <Facts rows={[
          ['Notes', meta?.notes], ['File version', meta?.version], ['Created', meta?.created_at], ['Created by', meta?.created_by],
          ['Last updated', meta?.last_updated], ['Last updated by', meta?.last_updated_by],
          ['Change history', meta?.change_history, (x: unknown[]) => <FreeItems items={x} />],
        ]} />
      </Section>

      <Section title="Extensions" show={present(m.extensions)} testId="section-extensions">
        <JsonTree value={m.extensions} label="Extensions" />
      </Section>

      <ReferenceSections references={references} />

      <Section title="Provenance" show={!!provenance} testId="section-provenance">
        <Facts rows={[
          ['Imported from', provenance?.format], ['Source file', provenance?.source], ['Name there', provenance?.name], ['Imported', provenance?.imported_at],
          ['Edited since import', provenance?.edited_since_import, (x: boolean) => <Value value={x} />],
        ]} />
        {provenance?.edited_since_import && <TextBadge variant="light" color="orange">Edited since import: the next import from there reports a conflict</TextBadge>}
      </Section>
    </Stack>
  );
}
