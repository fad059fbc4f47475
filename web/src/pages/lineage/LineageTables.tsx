import { Anchor, Badge, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import type { Lineage, LineageNode } from './api.js';
import { KIND_LABEL, nodeHref, relationText, type LineageState } from './graph.js';

/**
 * The graph as text, for keyboard and screen-reader users and anyone who prefers a list: every node
 * (kind, name linking where the graph's click goes, id, hops, status) and every connection with the
 * field it comes from. Everything is rendered as text.
 */
export function LineageTables({ graph, state }: { graph: Lineage; state: LineageState }) {
  const byKey = new Map(graph.nodes.map((n) => [n.key, n]));
  const name = (key: string) => {
    const n = byKey.get(key);
    return n ? (n.unresolved ? `${n.id} (unresolved)` : n.name ?? n.id) : key;
  };
  return (
    <Stack gap="lg">
      <section aria-labelledby="lineage-nodes-title">
        <Title order={2} size="h4" id="lineage-nodes-title" mb="sm">Nodes ({graph.nodes.length})</Title>
        <Table.ScrollContainer minWidth={720}>
          <Table striped withTableBorder data-testid="lineage-node-table">
            <Table.Caption>The root first, then metrics by hops, then domains, objectives and key results.</Table.Caption>
            <Table.Thead>
              <Table.Tr><Table.Th>Kind</Table.Th><Table.Th>Name</Table.Th><Table.Th>Id</Table.Th><Table.Th>Hops</Table.Th><Table.Th>Status and tier</Table.Th></Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {graph.nodes.map((n) => <NodeRow key={n.key} n={n} isRoot={n.key === graph.root} state={state} />)}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </section>
      <section aria-labelledby="lineage-edges-title">
        <Title order={2} size="h4" id="lineage-edges-title" mb="sm">Connections ({graph.edges.length})</Title>
        {graph.edges.length === 0 ? <Text size="sm">None.</Text> : (
          <Table.ScrollContainer minWidth={720}>
            <Table striped withTableBorder data-testid="lineage-edge-table">
              <Table.Caption>Metric connections read from upstream to downstream; each is listed once per field that declares it.</Table.Caption>
              <Table.Thead>
                <Table.Tr><Table.Th>From</Table.Th><Table.Th>Relation</Table.Th><Table.Th>To</Table.Th><Table.Th>Declared in</Table.Th></Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {graph.edges.map((e) => (
                  <Table.Tr key={`${e.from}|${e.to}|${e.declared_by}|${e.field}`}>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>{name(e.from)}</Table.Td>
                    <Table.Td>{relationText(e.relation)}</Table.Td>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>{name(e.to)}</Table.Td>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}><Text span size="sm" ff="monospace">{byKey.get(e.declared_by)?.id ?? e.declared_by}: {e.field}</Text></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </section>
    </Stack>
  );
}

function NodeRow({ n, isRoot, state }: { n: LineageNode; isRoot: boolean; state: LineageState }) {
  const href = nodeHref(n, state);
  const label = n.unresolved ? n.id : n.name ?? n.id;
  return (
    <Table.Tr data-testid="lineage-node-row" data-key={n.key}>
      <Table.Td>{isRoot ? 'This metric' : KIND_LABEL[n.type]}</Table.Td>
      <Table.Td style={{ overflowWrap: 'anywhere' }}>
        {href && !isRoot ? <Anchor component={Link} to={href} underline="always">{label}</Anchor> : <Text span size="sm" fw={isRoot ? 700 : undefined}>{label}</Text>}
        {n.unresolved && <Badge ml="xs" size="sm" color="red.9" variant="outline">Unresolved reference</Badge>}
      </Table.Td>
      <Table.Td style={{ overflowWrap: 'anywhere' }}><Text span size="sm" ff="monospace">{n.type === 'key_result' && n.objective_id ? `${n.objective_id}: ${n.id}` : n.id}</Text></Table.Td>
      <Table.Td>{n.hops ?? '—'}</Table.Td>
      <Table.Td>{[n.status, n.tier].filter(Boolean).join(' · ') || '—'}</Table.Td>
    </Table.Tr>
  );
}
