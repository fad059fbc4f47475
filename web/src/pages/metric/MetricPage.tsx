import { Button, Group, Stack, Tabs } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { fetchMe } from '../../api/auth.js';
import { ApiError } from '../../api/client.js';
import { ErrorState, Loading, MissingEntity } from '../../components/States.js';
import { fetchMetric, fetchProvenance, fetchReferences } from './api.js';
import { History } from './History.js';
import { metricPath } from './parts.js';
import { MetricHeader, MetricSections } from './sections.js';

// React Flow and ELK stay in the lineage chunk, loaded when the tab opens.
const LineageView = lazy(() => import('../lineage/LineageView.js').then((m) => ({ default: m.LineageView })));
const TABS = ['history', 'lineage'] as const;

/**
 * The metric page at /metrics/:id (the definition), /metrics/:id/history (versions, diff, restore)
 * and /metrics/:id/lineage (the lineage graph, web/src/pages/lineage/).
 * The tab is in the URL, so either can be linked to. References and provenance load beside the
 * definition; when they fail the definition still shows, without those sections.
 */
export function Component() {
  const params = useParams();
  const id = params.id ?? '';
  const tab = (TABS as readonly string[]).includes(params['*'] ?? '') ? params['*']! : 'definition';
  const navigate = useNavigate();
  const me = useQuery({ queryKey: ['me'], queryFn: fetchMe, retry: false });
  const canWrite = me.data?.scopes.includes('metrics:write') ?? false;
  const metric = useQuery({ queryKey: ['metric', id, 'page'], queryFn: () => fetchMetric(id), retry: (n, err) => !(err instanceof ApiError && err.status === 404) && n < 1 });
  const references = useQuery({ queryKey: ['metric', id, 'references'], queryFn: () => fetchReferences(id), enabled: metric.isSuccess });
  const provenance = useQuery({ queryKey: ['metric', id, 'provenance'], queryFn: () => fetchProvenance(id), enabled: metric.isSuccess });

  if (metric.isPending) return <Loading label="Loading the metric…" />;
  if (metric.isError) {
    if (metric.error instanceof ApiError && metric.error.status === 404) {
      return <MissingEntity kind="metric" id={id} back={{ to: '/catalog', label: 'Search the catalog' }} />;
    }
    return <ErrorState error={metric.error} onRetry={() => void metric.refetch()} />;
  }
  const m = metric.data.metric;

  return (
    <Stack gap="md" component="article" aria-labelledby="metric-name">
      <MetricHeader metric={m} />
      {/* Offered only to a role that may write (the server refuses the others anyway). */}
      {canWrite && <Group justify="flex-end"><Button component={Link} to={`${metricPath(id)}/edit`} variant="light">Edit</Button></Group>}

      <Tabs value={tab} onChange={(v) => navigate(v && v !== 'definition' ? `${metricPath(id)}/${v}` : metricPath(id))} keepMounted={false}>
        <Tabs.List aria-label="Metric views">
          <Tabs.Tab value="definition">Definition</Tabs.Tab>
          <Tabs.Tab value="history">History</Tabs.Tab>
          <Tabs.Tab value="lineage">Lineage</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="definition" pt="md">
          {references.isError && <ErrorState error={references.error} onRetry={() => void references.refetch()} />}
          <MetricSections metric={m} references={references.data} provenance={provenance.data ?? undefined} />
        </Tabs.Panel>
        <Tabs.Panel value="history" pt="md">
          <History id={id} etag={metric.data.etag} currentVersion={m.governance?.version ?? null} />
        </Tabs.Panel>
        <Tabs.Panel value="lineage" pt="md">
          <Suspense fallback={<Loading label="Loading the lineage graph…" />}><LineageView id={id} /></Suspense>
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
