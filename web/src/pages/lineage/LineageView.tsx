import '@xyflow/react/dist/style.css';
import './lineage.css';
import { Alert, Group, NativeSelect, Radio, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Background, Controls, MarkerType, MiniMap, ReactFlow, type Edge } from '@xyflow/react';
import { useMemo, useRef, type KeyboardEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { EmptyState, ErrorState, Loading } from '../../components/States.js';
import { fetchLineage, type Lineage } from './api.js';
import { DEPTHS, DIRECTIONS, drawnEdges, NODE_HEIGHT, NODE_WIDTH, nodeHref, readState, writeState, type LineageState } from './graph.js';
import { layoutLineage, type Layout } from './layout.js';
import { LineageNodeView, type LineageFlowNode } from './LineageNodeView.js';
import { LineageTables } from './LineageTables.js';

const nodeTypes = { lineage: LineageNodeView };

// React Flow's own words for a node assume it can be dragged and selected; here a node opens.
const ariaLabelConfig = {
  'node.a11yDescription.default': 'Press Enter to open it. The tables below the graph list every node and connection.',
  'node.a11yDescription.keyboardDisabled': 'The tables below the graph list every node and connection.',
  'minimap.ariaLabel': 'Overview of the lineage graph',
};

/**
 * The lineage tab of the metric page (/metrics/:id/lineage): upstream and downstream metrics up to N
 * hops with their domains, objectives and key results (GET /metrics/:id/lineage), laid out left to
 * right by ELK in a worker and drawn with React Flow; depth and direction in the URL. Loaded as its
 * own chunk: React Flow and ELK never reach the first page load.
 */
export function LineageView({ id }: { id: string }) {
  const [search, setSearch] = useSearchParams();
  const state = readState(search);
  // Patched onto the latest address this view rendered, so a change made before the previous one has
  // re-rendered (a quick keyboard user) does not undo it.
  const latest = useRef(search);
  latest.current = search;
  const setState = (patch: Partial<LineageState>) => {
    const next = writeState(latest.current, { ...readState(latest.current), ...patch });
    latest.current = next;
    setSearch(next);
  };
  const lineage = useQuery({ queryKey: ['metric', id, 'lineage', state.depth, state.direction], queryFn: () => fetchLineage(id, state.depth, state.direction) });

  return (
    <Stack gap="md" data-testid="lineage">
      <Group align="flex-end" gap="lg" wrap="wrap">
        <NativeSelect
          label="Depth" description="Metric hops from this one" w={180} value={String(state.depth)}
          data={DEPTHS.map((d) => ({ value: String(d), label: d === 1 ? '1 hop' : `${d} hops` }))}
          onChange={(e) => setState({ depth: Number(e.currentTarget.value) })}
        />
        <Radio.Group label="Direction" value={state.direction} onChange={(v) => setState({ direction: v as LineageState['direction'] })}>
          <Group gap="md" mt={6}>{DIRECTIONS.map((d) => <Radio key={d.value} value={d.value} label={d.label} />)}</Group>
        </Radio.Group>
      </Group>
      {lineage.isPending ? <Loading label="Loading the lineage…" />
        : lineage.isError ? <ErrorState error={lineage.error} onRetry={() => void lineage.refetch()} />
          : <LineageBody graph={lineage.data} state={state} updatedAt={lineage.dataUpdatedAt} />}
    </Stack>
  );
}

function LineageBody({ graph, state, updatedAt }: { graph: Lineage; state: LineageState; updatedAt: number }) {
  const layout = useQuery({
    queryKey: ['lineage-layout', graph.root, graph.depth, graph.direction, updatedAt],
    queryFn: () => layoutLineage(graph), staleTime: Infinity, gcTime: 60_000, retry: false,
  });
  if (graph.nodes.length <= 1 && graph.edges.length === 0) {
    const where = state.direction === 'both' ? 'upstream or downstream' : state.direction;
    return (
      <EmptyState title="No lineage" mark="⇢">
        This metric names no {where} metric, domain, objective or key result, and nothing names it{state.depth < 5 ? `, within ${state.depth} ${state.depth === 1 ? 'hop' : 'hops'}` : ''}.
      </EmptyState>
    );
  }
  return (
    <Stack gap="md">
      <Text size="sm" data-testid="lineage-summary">
        {graph.nodes.length} nodes and {graph.edges.length} connections. Drag to pan, scroll or use the buttons to zoom; click a node, or focus it with Tab and press Enter, to open it.
      </Text>
      {graph.truncated && (
        <Alert color="yellow" variant="light" title="The graph is cut short" data-testid="lineage-truncated">
          Only the first {graph.max_nodes} nodes are shown: the lineage goes on past them. Choose fewer hops or one direction to see all of a smaller part.
        </Alert>
      )}
      {layout.isPending ? <Loading label={`Laying out ${graph.nodes.length} nodes…`} />
        : layout.isError ? <ErrorState error={layout.error} onRetry={() => void layout.refetch()} />
          : <LineageCanvas graph={graph} layout={layout.data} state={state} />}
      <LineageTables graph={graph} state={state} />
    </Stack>
  );
}

function LineageCanvas({ graph, layout, state }: { graph: Lineage; layout: Layout; state: LineageState }) {
  const navigate = useNavigate();
  const { nodes, edges, hrefs } = useMemo(() => {
    const hrefs = new Map<string, string>();
    const nodes: LineageFlowNode[] = layout.positions.map(({ node, x, y }) => {
      const href = nodeHref(node, state);
      if (href) hrefs.set(node.key, href);
      const isRoot = node.key === graph.root;
      return {
        id: node.key, type: 'lineage', position: { x, y }, data: { node, isRoot, href },
        // Known sizes: the minimap and the fit view need not wait for the nodes to be measured.
        width: NODE_WIDTH, height: NODE_HEIGHT,
        // The accessible name is the node's own text (kind, name, id), as seen; an openable node is a link.
        ariaRole: href && !isRoot ? 'link' : 'group',
      };
    });
    const edges: Edge[] = drawnEdges(graph.edges).map((e) => ({
      id: e.id, source: e.source, target: e.target, focusable: false,
      markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18, color: e.lineage ? '#1864ab' : '#495057' },
      style: e.lineage ? { stroke: '#1864ab', strokeWidth: 2 } : { stroke: '#495057', strokeWidth: 1.5, strokeDasharray: '6 4' },
    }));
    return { nodes, edges, hrefs };
  }, [graph, layout, state]);

  const open = (key: string | null | undefined) => {
    const href = key && key !== graph.root ? hrefs.get(key) : undefined;
    if (href) void navigate(href);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'Enter') return;
    const el = (e.target as HTMLElement).closest('.react-flow__node');
    if (el) open(el.getAttribute('data-id'));
  };

  return (
    <div className="mdl-lineage-canvas" data-testid="lineage-canvas" data-layout-ms={layout.ms} aria-label="Lineage graph" role="region" onKeyDown={onKeyDown}>
      <ReactFlow
        key={`${graph.root}|${graph.depth}|${graph.direction}`}
        nodes={nodes} edges={edges} nodeTypes={nodeTypes}
        fitView fitViewOptions={{ padding: 0.08, minZoom: 0.02 }} minZoom={0.02} maxZoom={2}
        nodesDraggable={false} nodesConnectable={false} elementsSelectable={false} edgesFocusable={false}
        onNodeClick={(_e, n) => open(n.id)}
        ariaLabelConfig={ariaLabelConfig} proOptions={{ hideAttribution: false }}
      >
        <Background gap={24} />
        <Controls showInteractive={false} />
        <MiniMap pannable zoomable nodeStrokeWidth={3} nodeColor={(n) => ((n as LineageFlowNode).data.isRoot ? '#fab005' : (n as LineageFlowNode).data.node.unresolved ? '#ffc9c9' : '#d0ebff')} />
      </ReactFlow>
    </div>
  );
}
