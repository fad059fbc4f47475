// @vitest-environment jsdom
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import ELK from 'elkjs/lib/elk.bundled.js';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Lineage, LineageNode } from '../../web/src/pages/lineage/api.js';
import {
  drawnEdges, fromElkLayout, NODE_HEIGHT, NODE_WIDTH, nodeHref, nodeLabel, readState, toElkGraph, writeState,
} from '../../web/src/pages/lineage/graph.js';

const fetchLineage = vi.fn<(id: string, depth: number, direction: string) => Promise<Lineage>>();
vi.mock('../../web/src/pages/lineage/api.js', () => ({ fetchLineage: (...a: [string, number, string]) => fetchLineage(...a) }));
// The canvas waits on ELK's worker, which jsdom has not: the layout stays pending, the rest renders.
vi.mock('../../web/src/pages/lineage/layout.js', () => ({ layoutLineage: () => new Promise(() => {}) }));
const { LineageView } = await import('../../web/src/pages/lineage/LineageView.js');

const metric = (id: string, hops: number, over: Partial<LineageNode> = {}): LineageNode =>
  ({ key: `metric:${id}`, type: 'metric', id, name: `Metric ${id}`, unresolved: false, hops, status: 'active', tier: 'Tier-1', domain: 'sales', ...over });
const graph = (over: Partial<Lineage> = {}): Lineage => ({
  root: 'metric:ROOT', depth: 2, direction: 'both', max_nodes: 500, truncated: false,
  nodes: [metric('ROOT', 0), metric('UP', 1), metric('GHOST', 2, { name: null, unresolved: true, status: undefined, tier: undefined, domain: undefined }),
    { key: 'domain:sales', type: 'domain', id: 'sales', name: '<b>Sales</b>', unresolved: false, hops: null },
    { key: 'key_result:OBJ:KR-1', type: 'key_result', id: 'KR-1', objective_id: 'OBJ', name: 'Double it', unresolved: false, hops: null }],
  edges: [
    { from: 'metric:UP', to: 'metric:ROOT', relation: 'upstream_metric', declared_by: 'metric:ROOT', field: 'relationships.upstream_metric_ids[0]' },
    { from: 'metric:UP', to: 'metric:ROOT', relation: 'downstream_metric', declared_by: 'metric:UP', field: 'relationships.downstream_metric_ids[0]' },
    { from: 'metric:GHOST', to: 'metric:UP', relation: 'upstream_metric', declared_by: 'metric:UP', field: 'relationships.upstream_metric_ids[0]' },
    { from: 'metric:ROOT', to: 'domain:sales', relation: 'domain', declared_by: 'metric:ROOT', field: 'business_domain' },
    { from: 'metric:ROOT', to: 'key_result:OBJ:KR-1', relation: 'key_result', declared_by: 'objective:OBJ', field: 'key_results[0].metric_ids[0]' },
  ],
  ...over,
});

describe('lineage URL state and node text', () => {
  it('reads depth 1–5 and a direction from the address, anything else as the default', () => {
    expect(readState(new URLSearchParams('depth=4&direction=upstream'))).toEqual({ depth: 4, direction: 'upstream' });
    for (const q of ['', 'depth=0', 'depth=6', 'depth=2.5', 'depth=abc', 'direction=sideways']) expect(readState(new URLSearchParams(q))).toEqual({ depth: 2, direction: 'both' });
  });

  it('writes the state with defaults left out and other parameters kept', () => {
    expect(writeState(new URLSearchParams('x=1&depth=4'), { depth: 2, direction: 'both' }).toString()).toBe('x=1');
    expect(writeState(new URLSearchParams(), { depth: 5, direction: 'downstream' }).toString()).toBe('depth=5&direction=downstream');
  });

  it('opens a metric in its lineage with the same state, a domain, an objective for a key result, nothing for an unresolved reference', () => {
    const g = graph();
    const [root, , ghost, domain, kr] = g.nodes as [LineageNode, LineageNode, LineageNode, LineageNode, LineageNode];
    expect(nodeHref(root, { depth: 3, direction: 'upstream' })).toBe('/metrics/ROOT/lineage?depth=3&direction=upstream');
    expect(nodeHref(metric('a/b?c', 1), { depth: 2, direction: 'both' })).toBe('/metrics/a%2Fb%3Fc/lineage');
    expect(nodeHref(domain, { depth: 2, direction: 'both' })).toBe('/domains/sales');
    expect(nodeHref(kr, { depth: 2, direction: 'both' })).toBe('/objectives/OBJ');
    expect(nodeHref(ghost, { depth: 2, direction: 'both' })).toBeNull();
    expect([nodeLabel(root, true), nodeLabel(ghost), nodeLabel(domain)]).toEqual(['This metric: Metric ROOT (ROOT)', 'Metric GHOST (unresolved reference)', 'Domain: <b>Sales</b> (sales)']);
  });

  it('draws one edge per pair of nodes, solid when it is metric lineage', () => {
    const d = drawnEdges(graph().edges);
    expect(d.map((e) => [e.source, e.target, e.lineage, e.fields.length])).toEqual([
      ['metric:UP', 'metric:ROOT', true, 2], ['metric:GHOST', 'metric:UP', true, 1], ['metric:ROOT', 'domain:sales', false, 1], ['metric:ROOT', 'key_result:OBJ:KR-1', false, 1],
    ]);
    expect(drawnEdges([{ from: 'metric:A', to: 'metric:A', relation: 'upstream_metric', declared_by: 'metric:A', field: 'f' }])).toEqual([]);
  });
});

describe('lineage layout with ELK', () => {
  it('maps a graph to ELK and back: upstream left of the root, downstream right, fixed boxes', async () => {
    const g = graph({ nodes: [...graph().nodes, metric('DOWN', 1)], edges: [...graph().edges, { from: 'metric:ROOT', to: 'metric:DOWN', relation: 'downstream_metric', declared_by: 'metric:ROOT', field: 'relationships.downstream_metric_ids[0]' }] });
    const input = toElkGraph(g);
    expect(input.layoutOptions).toMatchObject({ 'elk.algorithm': 'layered', 'elk.direction': 'RIGHT' });
    expect(input.children).toHaveLength(6);
    expect(input.children!.every((c) => c.width === NODE_WIDTH && c.height === NODE_HEIGHT)).toBe(true);
    expect(input.edges).toHaveLength(5);
    const laid = fromElkLayout(g, await new ELK().layout(input));
    const x = (key: string) => laid.find((p) => p.node.key === key)!.x;
    expect(x('metric:GHOST')).toBeLessThan(x('metric:UP'));
    expect(x('metric:UP')).toBeLessThan(x('metric:ROOT'));
    expect(x('metric:ROOT')).toBeLessThan(x('metric:DOWN'));
  });

  it('refuses a layout that lost a node rather than piling it at 0,0', () => {
    expect(() => fromElkLayout(graph(), { id: 'x', children: [{ id: 'metric:ROOT', x: 0, y: 0 }] })).toThrow(/no position for metric:UP/);
  });

  it('lays out 200 nodes with no two boxes overlapping', async () => {
    const nodes: LineageNode[] = [metric('R', 0)];
    const edges: Lineage['edges'] = [];
    for (let i = 0; i < 199; i++) {
      const parent = i < 9 ? 'metric:R' : `metric:M${Math.floor(i / 9) - 1}`;
      nodes.push(metric(`M${i}`, 1));
      edges.push({ from: parent, to: `metric:M${i}`, relation: 'downstream_metric', declared_by: parent, field: 'relationships.downstream_metric_ids[0]' });
      if (i % 7 === 0) edges.push({ from: `metric:M${i}`, to: 'metric:R', relation: 'downstream_metric', declared_by: `metric:M${i}`, field: 'relationships.downstream_metric_ids[1]' }); // cycles
    }
    const started = performance.now();
    const laid = fromElkLayout({ nodes }, await new ELK().layout(toElkGraph({ nodes, edges })));
    console.log(`web-lineage: ELK laid out 200 nodes, ${edges.length} edges in ${Math.round(performance.now() - started)} ms (Node, main thread)`);
    for (let i = 0; i < laid.length; i++) {
      for (let j = i + 1; j < laid.length; j++) {
        const a = laid[i]!;
        const b = laid[j]!;
        expect(a.x < b.x + NODE_WIDTH && b.x < a.x + NODE_WIDTH && a.y < b.y + NODE_HEIGHT && b.y < a.y + NODE_HEIGHT, `${a.node.key} overlaps ${b.node.key}`).toBe(false);
      }
    }
  }, 60_000);
});

describe('the lineage view', () => {
  let where = '';
  const Where = () => {
    where = `${useLocation().pathname}${useLocation().search}`;
    return null;
  };
  const view = (url: string) => render(
    <MantineProvider>
      <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
        <MemoryRouter initialEntries={[url]}>
          <Routes><Route path="/metrics/:id/lineage" element={<><LineageView id="ROOT" /><Where /></>} /></Routes>
        </MemoryRouter>
      </QueryClientProvider>
    </MantineProvider>,
  );
  beforeEach(() => fetchLineage.mockReset());
  afterEach(cleanup);

  it('asks for the depth and direction in the address, and writes a change back to it', async () => {
    fetchLineage.mockResolvedValue(graph());
    view('/metrics/ROOT/lineage?depth=3&direction=upstream');
    await screen.findByTestId('lineage-node-table');
    expect(fetchLineage).toHaveBeenLastCalledWith('ROOT', 3, 'upstream');
    expect((screen.getByLabelText('Depth') as HTMLSelectElement).value).toBe('3');
    expect((screen.getByLabelText('Upstream') as HTMLInputElement).checked).toBe(true);
    fireEvent.change(screen.getByLabelText('Depth'), { target: { value: '5' } });
    await waitFor(() => expect(fetchLineage).toHaveBeenLastCalledWith('ROOT', 5, 'upstream'));
    expect(where).toBe('/metrics/ROOT/lineage?depth=5&direction=upstream');
    fireEvent.click(screen.getByLabelText('Both'));
    await waitFor(() => expect(where).toBe('/metrics/ROOT/lineage?depth=5'));
  });

  it('lists every node and connection as text, links where a click goes, and marks unresolved references in words', async () => {
    fetchLineage.mockResolvedValue(graph());
    view('/metrics/ROOT/lineage');
    const table = await screen.findByTestId('lineage-node-table');
    expect(screen.getByText('Laying out 5 nodes…')).toBeTruthy();
    const rows = within(table).getAllByTestId('lineage-node-row');
    expect(rows.map((r) => r.getAttribute('data-key'))).toEqual(graph().nodes.map((n) => n.key));
    expect(rows[0]!.textContent).toContain('This metric');
    expect(within(rows[0]!).queryByRole('link')).toBeNull(); // the root is where we are
    expect(within(rows[1]!).getByRole('link', { name: 'Metric UP' }).getAttribute('href')).toBe('/metrics/UP/lineage');
    expect(within(rows[2]!).queryByRole('link')).toBeNull();
    expect(rows[2]!.textContent).toContain('Unresolved reference');
    expect(within(rows[3]!).getByRole('link', { name: '<b>Sales</b>' }).getAttribute('href')).toBe('/domains/sales');
    expect(table.querySelector('b')).toBeNull();
    const edges = screen.getByTestId('lineage-edge-table');
    expect(within(edges).getAllByRole('row')).toHaveLength(6);
    expect(edges.textContent).toContain('GHOST (unresolved)feedsMetric UP');
    expect(edges.textContent).toContain('OBJ: key_results[0].metric_ids[0]');
  });

  it('says when the graph was cut at the node cap', async () => {
    fetchLineage.mockResolvedValue(graph({ truncated: true, max_nodes: 5 }));
    view('/metrics/ROOT/lineage');
    expect((await screen.findByTestId('lineage-truncated')).textContent).toContain('Only the first 5 nodes are shown');
  });

  it('has a designed empty state', async () => {
    fetchLineage.mockResolvedValue(graph({ nodes: [metric('ROOT', 0)], edges: [], direction: 'upstream', depth: 1 }));
    view('/metrics/ROOT/lineage?depth=1&direction=upstream');
    await screen.findByRole('heading', { name: 'No lineage' });
    expect(screen.getByText(/names no upstream metric.*within 1 hop/)).toBeTruthy();
  });

  it('shows a failed load with Retry, which loads again', async () => {
    fetchLineage.mockRejectedValueOnce(new Error('lineage unavailable')).mockResolvedValue(graph());
    view('/metrics/ROOT/lineage');
    expect((await screen.findByRole('alert')).textContent).toContain('lineage unavailable');
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await screen.findByTestId('lineage-node-table');
    expect(fetchLineage).toHaveBeenCalledTimes(2);
  });
});
