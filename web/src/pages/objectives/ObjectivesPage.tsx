import { Anchor, Stack, Table, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useQueryParam } from '../../app/use-query-param.js';
import { EmptyState, ErrorState, Loading } from '../../components/States.js';
import { domainPath, objectivePath } from '../metric/parts.js';
import { ProgressBar } from '../overview/Bars.js';
import { StatusBadge } from '../domains/shared.js';
import { fetchObjectives, summaryProgress, type Objective } from './api.js';

function matches(o: Objective, q: string): boolean {
  const hay = [o.objective_id, o.name, o.owner_team, o.business_domain, o.status, o.description].filter(Boolean).join(' ').toLowerCase();
  return q.toLowerCase().split(/\s+/).filter(Boolean).every((w) => hay.includes(w));
}

/** /objectives: every objective with its status, owner, domain and key-result progress (the server's figures). */
export function Component() {
  const [q, setQ] = useQueryParam('q');
  const objectives = useQuery({ queryKey: ['objectives', 'list'], queryFn: fetchObjectives });

  let body;
  if (objectives.isPending) body = <Loading label="Loading the objectives…" />;
  else if (objectives.isError) body = <ErrorState error={objectives.error} onRetry={() => void objectives.refetch()} />;
  else if (objectives.data.length === 0) body = <EmptyState title="No objectives yet" mark="◆">Objectives with key results tie metrics to goals. Import a catalog with objectives, or create one through the API (<Text span ff="monospace">POST /api/v1/objectives</Text>).</EmptyState>;
  else {
    const shown = objectives.data.filter((o) => matches(o, q));
    body = shown.length === 0
      ? <EmptyState title="No objectives match" mark="?">No objective's id, name, owner, domain or status contains “{q}”.</EmptyState>
      : (
        <Table.ScrollContainer minWidth={760}>
          <Table withTableBorder striped>
            <Table.Caption>{shown.length === objectives.data.length ? `${shown.length} objectives` : `${shown.length} of ${objectives.data.length} objectives`}. Progress is the mean of the key results' progress as the server computed it.</Table.Caption>
            <Table.Thead><Table.Tr><Table.Th scope="col">Objective</Table.Th><Table.Th scope="col">Status</Table.Th><Table.Th scope="col">Owner team</Table.Th><Table.Th scope="col">Domain</Table.Th><Table.Th scope="col" w={260}>Progress</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {shown.map((o) => {
                const p = summaryProgress(o);
                return (
                  <Table.Tr key={o.objective_id} data-testid="objective-row">
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>
                      <Anchor component={Link} to={objectivePath(o.objective_id)}>{o.name}</Anchor>
                      <Text size="xs" c="gray.7" ff="monospace">{o.objective_id}</Text>
                    </Table.Td>
                    <Table.Td><StatusBadge status={o.status} /></Table.Td>
                    <Table.Td>{o.owner_team ?? ''}</Table.Td>
                    <Table.Td>{o.business_domain ? <Anchor component={Link} to={domainPath(o.business_domain)}>{o.business_domain}</Anchor> : ''}</Table.Td>
                    <Table.Td>
                      {p.total === 0 ? <Text size="sm" c="gray.7">No key results</Text> : (
                        <>
                          <ProgressBar label={`Progress of ${o.name}`} progress={p.mean} />
                          <Text size="xs" c="gray.7">{p.measured} of {p.total} key results measured</Text>
                        </>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      );
  }

  return (
    <Stack gap="md">
      <TextInput label="Search objectives" placeholder="Name, id, owner, domain, status…" value={q} onChange={(e) => setQ(e.currentTarget.value)} maw={420} type="search" />
      {body}
    </Stack>
  );
}
