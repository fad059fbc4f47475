import type { ElkNode } from 'elkjs/lib/elk-api.js';
import type { Direction, Lineage, LineageEdge, LineageNode } from './api.js';

/**
 * The lineage view's logic without React: its URL state, the ELK graph a lineage becomes, the
 * positions ELK answers mapped back onto it, and how each node and relation reads in words.
 */

export const DEPTHS = [1, 2, 3, 4, 5] as const;
export const DEFAULT_DEPTH = 2;
export const DIRECTIONS: ReadonlyArray<{ value: Direction; label: string }> = [
  { value: 'upstream', label: 'Upstream' }, { value: 'both', label: 'Both' }, { value: 'downstream', label: 'Downstream' },
];

/** Every node has this size: ELK lays out boxes, and a fixed box keeps long names from overlapping. */
export const NODE_WIDTH = 232;
export const NODE_HEIGHT = 84;

export interface LineageState {
  depth: number;
  direction: Direction;
}

/** `?depth=&direction=` as view state: anything unknown reads as the default (2 hops, both ways). */
export function readState(search: URLSearchParams): LineageState {
  const d = Number(search.get('depth'));
  const depth = Number.isInteger(d) && d >= 1 && d <= 5 ? d : DEFAULT_DEPTH;
  const raw = search.get('direction');
  const direction: Direction = raw === 'upstream' || raw === 'downstream' ? raw : 'both';
  return { depth, direction };
}

/** The search string for a state, defaults left out, other parameters kept. */
export function writeState(prev: URLSearchParams, state: LineageState): URLSearchParams {
  const next = new URLSearchParams(prev);
  if (state.depth === DEFAULT_DEPTH) next.delete('depth'); else next.set('depth', String(state.depth));
  if (state.direction === 'both') next.delete('direction'); else next.set('direction', state.direction);
  return next;
}

export const KIND_LABEL: Record<LineageNode['type'], string> = { metric: 'Metric', domain: 'Domain', objective: 'Objective', key_result: 'Key result' };

/** How a node reads as text: its kind, its name (or that it names nothing) and its id. */
export function nodeLabel(n: LineageNode, isRoot = false): string {
  const kind = isRoot ? 'This metric' : KIND_LABEL[n.type];
  return n.unresolved ? `${kind} ${n.id} (unresolved reference)` : `${kind}: ${n.name ?? n.id} (${n.id})`;
}

/** Where a node opens: a metric's own lineage (keeping depth and direction), a domain, an objective; nothing when unresolved. */
export function nodeHref(n: LineageNode, state: LineageState): string | null {
  if (n.unresolved) return null;
  const enc = encodeURIComponent;
  switch (n.type) {
    case 'metric': {
      const q = writeState(new URLSearchParams(), state).toString();
      return `/metrics/${enc(n.id)}/lineage${q ? `?${q}` : ''}`;
    }
    case 'domain': return `/domains/${enc(n.id)}`;
    case 'objective': return `/objectives/${enc(n.id)}`;
    case 'key_result': return n.objective_id ? `/objectives/${enc(n.objective_id)}` : null;
  }
}

const RELATION_TEXT: Record<LineageEdge['relation'], string> = {
  upstream_metric: 'feeds', downstream_metric: 'feeds', domain: 'is filed under', key_metric: 'is a key metric of',
  objective: 'serves', key_result: 'measures', key_result_of: 'is a key result of',
};

/** A relation in words, as "<from> feeds <to>" reads. */
export const relationText = (r: LineageEdge['relation']) => RELATION_TEXT[r];

/** Metric-to-metric edges are the lineage proper; the others attach context (drawn dashed). */
export const isMetricEdge = (e: Pick<LineageEdge, 'relation'>) => e.relation === 'upstream_metric' || e.relation === 'downstream_metric';

/** One drawn edge per pair of nodes (a link both metrics declare is stored twice, once per field). */
export interface DrawnEdge {
  id: string;
  source: string;
  target: string;
  lineage: boolean;
  fields: string[];
}

export function drawnEdges(edges: readonly LineageEdge[]): DrawnEdge[] {
  const byPair = new Map<string, DrawnEdge>();
  for (const e of edges) {
    if (e.from === e.to) continue; // a metric naming itself: listed in the table, not drawn as a loop
    const id = `${e.from}\u2192${e.to}`;
    const d = byPair.get(id) ?? { id, source: e.from, target: e.to, lineage: false, fields: [] };
    d.lineage ||= isMetricEdge(e);
    d.fields.push(`${e.declared_by} ${e.field}`);
    byPair.set(id, d);
  }
  return [...byPair.values()];
}

export const LAYOUT_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.layered.spacing.nodeNodeBetweenLayers': '96',
  'elk.spacing.nodeNode': '28',
  'elk.spacing.componentComponent': '48',
  'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
  'elk.layered.crossingMinimization.strategy': 'LAYER_SWEEP',
  // Not 'elk.layered.considerModelOrder': it doubled the time of a 200-node layout.
};

/** The ELK input for a lineage: one fixed-size box per node, one edge per drawn pair. */
export function toElkGraph(g: Pick<Lineage, 'nodes' | 'edges'>): ElkNode {
  return {
    id: 'lineage',
    layoutOptions: LAYOUT_OPTIONS,
    children: g.nodes.map((n) => ({ id: n.key, width: NODE_WIDTH, height: NODE_HEIGHT })),
    edges: drawnEdges(g.edges).map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  };
}

export interface Positioned {
  node: LineageNode;
  x: number;
  y: number;
}

/** ELK's answer mapped back onto the nodes; a node ELK left without a position is an error, not a pile at 0,0. */
export function fromElkLayout(g: Pick<Lineage, 'nodes'>, laid: ElkNode): Positioned[] {
  const at = new Map((laid.children ?? []).map((c) => [c.id, c]));
  return g.nodes.map((node) => {
    const c = at.get(node.key);
    if (!c || typeof c.x !== 'number' || typeof c.y !== 'number') throw new Error(`the layout has no position for ${node.key}`);
    return { node, x: c.x, y: c.y };
  });
}
