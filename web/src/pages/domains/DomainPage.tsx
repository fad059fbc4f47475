import { Anchor, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../api/client.js';
import { ErrorState, Loading, MissingEntity } from '../../components/States.js';
import { JsonTree } from '../metric/JsonTree.js';
import { domainPath, EntityLinks, Facts, objectivePath, present, Section, TextBadge } from '../metric/parts.js';
import { fetchDomain, fetchDomainMetrics, fetchDomains } from './api.js';
import { MetricTable, rowsOf, useMetricsByIds } from './shared.js';

const notFound = (err: unknown) => err instanceof ApiError && err.status === 404;

/**
 * /domains/:id: one business domain, every field as text, its key metrics (each looked up, so a key
 * metric that does not exist says so) and the metrics filed under it with their status.
 */
export function Component() {
  const id = useParams().id ?? '';
  const domain = useQuery({ queryKey: ['domain', id], queryFn: () => fetchDomain(id), retry: (n, err) => !notFound(err) && n < 1 });
  const filed = useQuery({ queryKey: ['domain', id, 'metrics'], queryFn: () => fetchDomainMetrics(id), enabled: domain.isSuccess });
  const keyIds = [...new Set(domain.data?.key_metric_ids ?? [])];
  const keyMetrics = useMetricsByIds(keyIds);
  // Definitions may name a domain by its name (a metric's business_domain, an objective's): when no id
  // matches, a domain of that name (any case) is looked for and the address moves to its id.
  const missing = domain.isError && notFound(domain.error);
  const all = useQuery({ queryKey: ['domains', 'list'], queryFn: fetchDomains, enabled: missing });
  const named = missing ? all.data?.find((d) => d.name.toLowerCase() === id.toLowerCase() && d.domain_id !== id) : undefined;
  const navigate = useNavigate();
  useEffect(() => {
    if (named) void navigate(domainPath(named.domain_id), { replace: true });
  }, [named, navigate]);

  if (domain.isPending || named || (missing && all.isPending)) return <Loading label="Loading the domain…" />;
  if (domain.isError) {
    if (notFound(domain.error)) {
      return <MissingEntity kind="domain" id={id} back={{ to: '/domains', label: 'All domains' }} />;
    }
    return <ErrorState error={domain.error} onRetry={() => void domain.refetch()} />;
  }
  const d = domain.data;

  return (
    <Stack gap="md" component="article" aria-labelledby="domain-name">
      <Stack gap={6}>
        <Text size="sm"><Anchor component={Link} to="/domains">Domains</Anchor> /</Text>
        <Title order={1} size="h2" id="domain-name" style={{ overflowWrap: 'anywhere' }}>{d.name}</Title>
        <Group gap="md">
          <Text size="sm" c="gray.7">ID <Text span ff="monospace" c="dark">{d.domain_id}</Text></Text>
          {d.version && <TextBadge variant="outline" color="gray">Version {d.version}</TextBadge>}
        </Group>
        {d.description && <Text style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>{d.description}</Text>}
      </Stack>

      <Section title="Owners" show={present([d.owner_team, d.contact_email, d.stakeholders])}>
        <Facts rows={[['Owner team', d.owner_team], ['Contact email', d.contact_email], ['Stakeholders', d.stakeholders]]} />
      </Section>

      <Section title="Details" show={present([d.key_areas, d.color, d.objective_ids, d.created_at, d.updated_at])}>
        <Facts rows={[
          ['Key areas', d.key_areas],
          ['Colour', d.color],
          ['Objectives', d.objective_ids, (ids: string[]) => <EntityLinks ids={ids} to={objectivePath} label="Objectives of this domain" />],
          ['Created', d.created_at],
          ['Updated', d.updated_at],
        ]} />
      </Section>

      <Section title="Key metrics" show={keyIds.length > 0} testId="key-metrics">
        <MetricTable caption={`${keyIds.length} key metrics`} rows={rowsOf(keyIds, keyMetrics)} />
      </Section>

      <Section title="Metrics in this domain" show testId="domain-metrics">
        {filed.isPending ? <Loading label="Loading the domain's metrics…" />
          : filed.isError ? <ErrorState error={filed.error} onRetry={() => void filed.refetch()} />
          : filed.data.total === 0 ? <Text c="gray.7">No metric is filed under this domain yet.</Text>
          : (
            <>
              <MetricTable caption={filed.data.total > filed.data.items.length ? `The first ${filed.data.items.length} of ${filed.data.total} metrics, by name` : `${filed.data.total} metrics, by name`}
                rows={filed.data.items.map((m) => ({ id: m.metric_id, metric: m }))} />
              <Anchor component={Link} to={`/catalog?domain=${encodeURIComponent(d.domain_id)}`} size="sm">Open the {filed.data.total} metrics of this domain in the catalog</Anchor>
            </>
          )}
      </Section>

      <Section title="Metadata" show={present(d.metadata)}><JsonTree value={d.metadata} /></Section>
      <Section title="Extensions" show={present(d.extensions)}><JsonTree value={d.extensions} /></Section>
    </Stack>
  );
}
