import { Anchor, Button, Code, CopyButton, Grid, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useId, useState, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ApiError } from '../../api/client.js';
import { EmptyState, ErrorState, Loading } from '../../components/States.js';
import { metricPath } from '../metric/parts.js';
import { BUNDLE_URL, DEFAULT_LEVELS, evaluatePolicy, fetchPolicy, searchMetrics } from './api.js';
import { EvaluateForm } from './EvaluateForm.js';

/**
 * Policies (issue 9, view 10): pick a metric (the list API's search), read its generated Rego module and
 * its policy data as text, copy either, download the workspace's OPA bundle, and ask the evaluator
 * whether a request would be allowed. The chosen metric is in the URL (`?metric=`), so a check can be linked.
 */
export function Component() {
  const [params] = useSearchParams();
  const id = params.get('metric') ?? '';
  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, md: 4 }}>
        <Stack gap="md">
          <MetricPicker selected={id} />
          <Paper withBorder p="md" radius="md" component="section" aria-labelledby="bundle-heading">
            <Title order={2} size="h4" id="bundle-heading" mb="xs">OPA bundle</Title>
            <Text size="sm" mb="sm">The module and every metric's data in one archive, as OPA polls it (with ETag).</Text>
            <Button component="a" href={BUNDLE_URL} variant="default">Download bundle.tar.gz</Button>
          </Paper>
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 8 }}>
        {id ? <MetricPolicy id={id} key={id} /> : (
          <EmptyState title="Choose a metric" mark="§">Search for a metric to see its Rego module and policy data, and to check whether a request would be allowed.</EmptyState>
        )}
      </Grid.Col>
    </Grid>
  );
}

function MetricPicker({ selected }: { selected: string }) {
  const [text, setText] = useState('');
  const [q] = useDebouncedValue(text.trim(), 200);
  const results = useQuery({ queryKey: ['policies', 'search', q], queryFn: ({ signal }) => searchMetrics(q, signal), placeholderData: keepPreviousData });
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="pick-heading">
      <Title order={2} size="h4" id="pick-heading" mb="xs">Metric</Title>
      <TextInput type="search" label="Search metrics" placeholder="Name, id, tag…" value={text} maxLength={500} onChange={(e) => setText(e.currentTarget.value)} mb="sm" />
      {results.isPending ? <Loading label="Searching…" />
        : results.isError ? <ErrorState error={results.error} onRetry={() => void results.refetch()} />
        : results.data.length === 0 ? <Text size="sm" role="status">No metrics match{q ? ` “${q}”` : ''}.</Text>
        : (
          <Stack gap={4} component="ul" aria-label="Matching metrics" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {results.data.map((m) => (
              <li key={m.metric_id}>
                <Anchor component={Link} to={`?metric=${encodeURIComponent(m.metric_id)}`} fw={m.metric_id === selected ? 700 : undefined}
                  aria-current={m.metric_id === selected ? 'true' : undefined} style={{ overflowWrap: 'anywhere' }}>
                  {m.name}
                </Anchor>
                <Text span size="xs" c="gray.7" ff="monospace" ml={6} style={{ overflowWrap: 'anywhere' }}>{m.metric_id}</Text>
              </li>
            ))}
          </Stack>
        )}
    </Paper>
  );
}

function MetricPolicy({ id }: { id: string }) {
  const policy = useQuery({ queryKey: ['policies', 'policy', id], queryFn: ({ signal }) => fetchPolicy(id, signal), retry: (n, err) => !(err instanceof ApiError && err.status === 404) && n < 1 });
  if (policy.isPending) return <Loading label="Loading the policy…" />;
  if (policy.isError) {
    if (policy.error instanceof ApiError && policy.error.status === 404) {
      return <EmptyState title="Metric not found" mark="?">There is no metric “{id}” in this workspace. Search for another one.</EmptyState>;
    }
    return <ErrorState error={policy.error} onRetry={() => void policy.refetch()} />;
  }
  const p = policy.data;
  const levels = p.classification_levels && p.classification_levels.length > 0 ? p.classification_levels : DEFAULT_LEVELS;
  return (
    <Stack gap="md" data-testid="metric-policy" data-metric={id}>
      <Text size="sm">
        Policy of <Anchor component={Link} to={metricPath(id)} underline="always" ff="monospace" style={{ overflowWrap: 'anywhere' }}>{id}</Anchor>.
        {' '}OPA decides with query <Code>{p.query}</Code>; the metric's data is at <Code>{p.data_path}</Code>.
      </Text>
      <Paper withBorder p="md" radius="md" component="section" aria-labelledby="evaluate-heading">
        <Title order={2} size="h4" id="evaluate-heading" mb="sm">Would this request be allowed?</Title>
        <EvaluateForm metricId={id} levels={levels} evaluate={evaluatePolicy} />
      </Paper>
      <TextBlock title="Rego module" label={`package ${p.package}`} text={p.module} testId="policy-rego" />
      <TextBlock title="Policy data" label={p.data_path} text={JSON.stringify(p.data, null, 2)} testId="policy-data" />
    </Stack>
  );
}

/** Generated text as text in a <pre>, scrollable and focusable (so the keyboard can scroll it), with a copy button. */
function TextBlock({ title, label, text, testId }: { title: string; label: string; text: string; testId: string }): ReactNode {
  const headingId = useId();
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby={headingId}>
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4" id={headingId}>{title} <Text span size="sm" c="gray.7" ff="monospace">{label}</Text></Title>
        <CopyButton value={text}>
          {({ copied, copy }) => <Button size="xs" variant="default" onClick={copy} aria-label={`Copy the ${title.toLowerCase()}`}>{copied ? 'Copied' : 'Copy'}</Button>}
        </CopyButton>
      </Group>
      <Code block data-testid={testId} tabIndex={0} aria-label={title} style={{ maxHeight: 360, overflow: 'auto', whiteSpace: 'pre' }}>{text}</Code>
    </Paper>
  );
}
