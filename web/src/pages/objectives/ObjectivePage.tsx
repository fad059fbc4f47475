import { Anchor, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/client.js';
import { ErrorState, Loading, MissingEntity } from '../../components/States.js';
import { JsonTree } from '../metric/JsonTree.js';
import { domainPath, Facts, present, Section, TextBadge } from '../metric/parts.js';
import { MetricTable, rowsOf, StatusBadge, useMetricsByIds } from '../domains/shared.js';
import { fetchObjective, fetchObjectiveReferences, objectiveMetricIds } from './api.js';
import { KeyResultList } from './KeyResults.js';

const notFound = (err: unknown) => err instanceof ApiError && err.status === 404;
/** Metrics looked up one by one: enough for an objective, bounded so a huge list cannot flood the server. */
const MAX_METRICS = 100;

/**
 * /objectives/:id: an objective, its key results with the server's progress, and every metric it
 * involves (its own, its key results', and metrics that link to it) with their status.
 */
export function Component() {
  const id = useParams().id ?? '';
  const objective = useQuery({ queryKey: ['objective', id], queryFn: () => fetchObjective(id), retry: (n, err) => !notFound(err) && n < 1 });
  const refs = useQuery({ queryKey: ['objective', id, 'references'], queryFn: () => fetchObjectiveReferences(id), enabled: objective.isSuccess });
  const ids = objective.data ? objectiveMetricIds(objective.data, refs.data?.incoming) : [];
  const lookups = useMetricsByIds(ids.slice(0, MAX_METRICS));

  if (objective.isPending) return <Loading label="Loading the objective…" />;
  if (objective.isError) {
    if (notFound(objective.error)) {
      return <MissingEntity kind="objective" id={id} back={{ to: '/objectives', label: 'All objectives' }} />;
    }
    return <ErrorState error={objective.error} onRetry={() => void objective.refetch()} />;
  }
  const o = objective.data;
  const krs = o.key_results ?? [];

  return (
    <Stack gap="md" component="article" aria-labelledby="objective-name">
      <Stack gap={6}>
        <Text size="sm"><Anchor component={Link} to="/objectives">Objectives</Anchor> /</Text>
        <Title order={1} size="h2" id="objective-name" style={{ overflowWrap: 'anywhere' }}>{o.name}</Title>
        <Group gap="md">
          <Text size="sm" c="gray.7">ID <Text span ff="monospace" c="dark">{o.objective_id}</Text></Text>
          <StatusBadge status={o.status} />
          {o.version && <TextBadge variant="outline" color="gray">Version {o.version}</TextBadge>}
        </Group>
        {o.description && <Text style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>{o.description}</Text>}
      </Stack>

      <Section title="Details" show={present([o.owner_team, o.business_domain, o.timeframe, o.business_priority, o.strategic_theme, o.created_at, o.updated_at])}>
        <Facts rows={[
          ['Owner team', o.owner_team],
          ['Domain', o.business_domain, (dom: string) => <Anchor component={Link} to={domainPath(dom)}>{dom}</Anchor>],
          ['Starts', o.timeframe?.start],
          ['Ends', o.timeframe?.end],
          ['Priority', o.business_priority],
          ['Strategic theme', o.strategic_theme],
          ['Created', o.created_at],
          ['Updated', o.updated_at],
        ]} />
      </Section>

      <Section title="Key results" show testId="key-results">
        {krs.length === 0 ? <Text c="gray.7">This objective has no key results yet.</Text> : (
          <>
            <Text size="sm" c="gray.7">Progress is computed by the server from each key result's baseline, target, current value and direction.</Text>
            <KeyResultList items={krs} />
          </>
        )}
      </Section>

      <Section title="Metrics" show testId="objective-metrics">
        {refs.isError && <ErrorState error={refs.error} onRetry={() => void refs.refetch()} />}
        {ids.length === 0 ? <Text c="gray.7">{refs.isPending ? 'Looking for the metrics that link to this objective…' : 'No metric is tied to this objective yet.'}</Text> : (
          <MetricTable caption={ids.length > MAX_METRICS ? `The first ${MAX_METRICS} of ${ids.length} metrics of this objective` : `${ids.length} metrics: the objective's, its key results' and those that link to it`}
            rows={rowsOf(ids.slice(0, MAX_METRICS), lookups)} />
        )}
      </Section>

      <Section title="Metadata" show={present(o.metadata)}><JsonTree value={o.metadata} /></Section>
      <Section title="Extensions" show={present(o.extensions)}><JsonTree value={o.extensions} /></Section>
    </Stack>
  );
}
