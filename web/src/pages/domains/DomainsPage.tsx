import { Anchor, Stack, Table, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useQueryParam } from '../../app/use-query-param.js';
import { EmptyState, ErrorState, Loading } from '../../components/States.js';
import { domainPath } from '../metric/parts.js';
import { fetchDomains, matchesSearch, metricCount } from './api.js';
import { fetchStats } from './shared.js';

/**
 * /domains: every business domain with its owner team and how many metrics are filed under it. The
 * search box filters the loaded list (domains are few; the API has no text search for them) and is kept
 * in the address as `q`, so a filtered list can be shared.
 */
export function Component() {
  const [q, setQ] = useQueryParam('q');
  const domains = useQuery({ queryKey: ['domains', 'list'], queryFn: fetchDomains });
  const stats = useQuery({ queryKey: ['metrics', 'stats'], queryFn: fetchStats });

  let body;
  if (domains.isPending) body = <Loading label="Loading the domains…" />;
  else if (domains.isError) body = <ErrorState error={domains.error} onRetry={() => void domains.refetch()} />;
  else if (domains.data.length === 0) body = <EmptyState title="No domains yet">Business domains group metrics by area of the business. Import a catalog with domains, or create one through the API (<Text span ff="monospace">POST /api/v1/domains</Text>).</EmptyState>;
  else {
    const shown = domains.data.filter((d) => matchesSearch(d, q));
    body = shown.length === 0
      ? <EmptyState title="No domains match" mark="?">No domain's id, name, owner team or description contains “{q}”.</EmptyState>
      : (
        <Table.ScrollContainer minWidth={560}>
          <Table withTableBorder striped highlightOnHover>
            <Table.Caption>{shown.length === domains.data.length ? `${shown.length} domains` : `${shown.length} of ${domains.data.length} domains`}</Table.Caption>
            <Table.Thead><Table.Tr><Table.Th scope="col">Name</Table.Th><Table.Th scope="col">Id</Table.Th><Table.Th scope="col">Owner team</Table.Th><Table.Th scope="col" ta="right">Metrics</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {shown.map((d) => (
                <Table.Tr key={d.domain_id} data-testid="domain-row">
                  <Table.Td style={{ overflowWrap: 'anywhere' }}><Anchor component={Link} to={domainPath(d.domain_id)}>{d.name}</Anchor></Table.Td>
                  <Table.Td ff="monospace" style={{ overflowWrap: 'anywhere' }}>{d.domain_id}</Table.Td>
                  <Table.Td>{d.owner_team ?? <Text span c="gray.7" size="sm">No owner team</Text>}</Table.Td>
                  <Table.Td ta="right" ff="monospace">{stats.isSuccess ? metricCount(stats.data.by.domain, d) : stats.isError ? '?' : '…'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      );
  }

  return (
    <Stack gap="md">
      <TextInput label="Search domains" placeholder="Name, id, owner team…" value={q} onChange={(e) => setQ(e.currentTarget.value)} maw={420} type="search" />
      {stats.isError && <ErrorState error={stats.error} onRetry={() => void stats.refetch()} />}
      {body}
    </Stack>
  );
}
