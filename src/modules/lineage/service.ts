import type { Db } from '../../db/connect.js';
import type { RequestContext } from '../../shared/context.js';
import { NotFoundError } from '../../shared/errors.js';
import type { KeyResult } from '../objectives/schema.js';
import type { LineageRepository, MetricRow, RefRow } from './repository.js';

export type LineageDirection = 'upstream' | 'downstream' | 'both';
export type LineageNodeType = 'metric' | 'domain' | 'objective' | 'key_result';
export type LineageRelation = 'upstream_metric' | 'downstream_metric' | 'domain' | 'key_metric' | 'objective' | 'key_result' | 'key_result_of';

export interface LineageNode {
  /** Unique in the graph: `<type>:<id>` (a key result: `key_result:<objective>:<kr>`). */
  key: string;
  type: LineageNodeType;
  /** The entity's id; an unresolved reference's target exactly as written. */
  id: string;
  name: string | null;
  unresolved: boolean;
  /** Metric hops from the root (0 for the root); null for domains, objectives and key results. */
  hops: number | null;
  status?: string;
  tier?: string;
  domain?: string;
  /** A key result's objective. */
  objective_id?: string;
}

export interface LineageEdge {
  /** Node keys; metric edges run from upstream to downstream, context edges from the metric outwards. */
  from: string;
  to: string;
  relation: LineageRelation;
  /** The node whose document holds the reference, and where in it. */
  declared_by: string;
  field: string;
}

export interface LineageGraph {
  root: string;
  depth: number;
  direction: LineageDirection;
  max_nodes: number;
  truncated: boolean;
  nodes: LineageNode[];
  edges: LineageEdge[];
}

export interface LineageRequest {
  depth: number;
  direction: LineageDirection;
  maxNodes: number;
}

export const LINEAGE_MAX_DEPTH = 5;
export const LINEAGE_NODE_CAP = 500;

const UP = 'relationships.upstream_metric_ids';
const DOWN = 'relationships.downstream_metric_ids';
const metricKey = (id: string) => `metric:${id}`;

/** Which way a metric-to-metric reference points, seen from one of its ends. */
function neighbourOf(ref: RefRow, frontier: ReadonlySet<string>): Array<{ id: string; side: 'upstream' | 'downstream' }> {
  const out: Array<{ id: string; side: 'upstream' | 'downstream' }> = [];
  const up = ref.field.startsWith(UP);
  const down = ref.field.startsWith(DOWN);
  if (!up && !down) return out;
  // A names B upstream: B is upstream of A, A downstream of B (and the other way for a downstream list).
  if (frontier.has(ref.from_id)) out.push({ id: ref.to_id, side: up ? 'upstream' : 'downstream' });
  if (frontier.has(ref.to_id)) out.push({ id: ref.from_id, side: up ? 'downstream' : 'upstream' });
  return out;
}

function metricEdge(ref: RefRow): LineageEdge | undefined {
  if (ref.field.startsWith(UP)) return { from: metricKey(ref.to_id), to: metricKey(ref.from_id), relation: 'upstream_metric', declared_by: metricKey(ref.from_id), field: ref.field };
  if (ref.field.startsWith(DOWN)) return { from: metricKey(ref.from_id), to: metricKey(ref.to_id), relation: 'downstream_metric', declared_by: metricKey(ref.from_id), field: ref.field };
  return undefined;
}

/** A node budget: takes what fits and remembers that something did not. */
class Budget {
  truncated = false;
  constructor(private readonly nodes: Map<string, LineageNode>, private readonly cap: number) {}
  add(node: LineageNode): boolean {
    if (this.nodes.has(node.key)) return true;
    if (this.nodes.size >= this.cap) {
      this.truncated = true;
      return false;
    }
    this.nodes.set(node.key, node);
    return true;
  }
}

/**
 * A metric's lineage (issue 9): the metrics upstream and downstream of it up to N hops, breadth-first
 * with one set of queries per hop, and the domains, objectives and key results of every metric shown.
 * References are kept as written, so one naming nothing is a node marked unresolved. The graph is
 * capped at `maxNodes` nodes (`truncated` says when it was cut).
 */
export class LineageService {
  constructor(private readonly db: Db, private readonly repo: LineageRepository) {}

  async ofMetric(ctx: RequestContext, metricId: string, req: LineageRequest): Promise<LineageGraph> {
    const ws = ctx.workspaceId;
    const [root] = await this.repo.metrics(this.db, ws, [metricId]);
    if (!root) throw new NotFoundError(`metric "${metricId}" not found`);
    const nodes = new Map<string, LineageNode>();
    const budget = new Budget(nodes, Math.max(1, req.maxNodes));
    const metricNode = (row: MetricRow, hops: number): LineageNode => ({
      key: metricKey(row.metric_id), type: 'metric', id: row.metric_id, name: row.name, unresolved: false, hops, status: row.status, tier: row.tier, domain: row.business_domain,
    });
    budget.add(metricNode(root, 0));
    const resolved: string[] = [root.metric_id];
    const fromRefs: RefRow[] = [];
    let frontier = [root.metric_id];
    for (let hop = 1; hop <= req.depth && frontier.length > 0 && !budget.truncated; hop++) {
      const inFrontier = new Set(frontier);
      const outgoing = await this.repo.metricRefs(this.db, ws, 'from', frontier);
      const incoming = await this.repo.metricRefs(this.db, ws, 'to', frontier);
      fromRefs.push(...outgoing);
      const found = new Set<string>();
      for (const ref of [...outgoing, ...incoming]) {
        for (const n of neighbourOf(ref, inFrontier)) {
          if ((req.direction === 'both' || req.direction === n.side) && !nodes.has(metricKey(n.id))) found.add(n.id);
        }
      }
      const ids = [...found].sort();
      const rows = new Map((await this.repo.metrics(this.db, ws, ids)).map((r) => [r.metric_id, r]));
      frontier = [];
      for (const id of ids) {
        const row = rows.get(id);
        const node = row ? metricNode(row, hop) : { key: metricKey(id), type: 'metric' as const, id, name: null, unresolved: true, hops: hop };
        if (!budget.add(node)) break;
        if (row) {
          frontier.push(id);
          resolved.push(id);
        }
      }
    }
    // The last hop's own references: edges among the nodes already shown (a cycle back, a shortcut).
    if (frontier.length > 0) fromRefs.push(...(await this.repo.metricRefs(this.db, ws, 'from', frontier)));
    const edges = new Map<string, LineageEdge>();
    const addEdge = (e: LineageEdge) => {
      if (nodes.has(e.from) && nodes.has(e.to)) edges.set(`${e.from}\u0000${e.to}\u0000${e.declared_by}\u0000${e.field}`, e);
    };
    for (const ref of fromRefs) {
      const e = metricEdge(ref);
      if (e) addEdge(e);
    }
    await this.addContext(ws, resolved, budget, addEdge);
    const order: Record<LineageNodeType, number> = { metric: 0, domain: 1, objective: 2, key_result: 3 };
    return {
      root: metricKey(root.metric_id), depth: req.depth, direction: req.direction, max_nodes: req.maxNodes, truncated: budget.truncated,
      nodes: [...nodes.values()].sort((a, b) => order[a.type] - order[b.type] || (a.hops ?? 0) - (b.hops ?? 0) || a.key.localeCompare(b.key)),
      edges: [...edges.values()].sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to) || a.field.localeCompare(b.field)),
    };
  }

  /** The domains, objectives and key results the metrics name, or that name them. */
  private async addContext(ws: string, metricIds: string[], budget: Budget, addEdge: (e: LineageEdge) => void): Promise<void> {
    const refs = await this.repo.contextRefs(this.db, ws, metricIds);
    if (refs.length === 0) return;
    const domainNames = refs.filter((r) => r.to_type === 'domain').map((r) => r.to_id).concat(refs.filter((r) => r.from_type === 'domain').map((r) => r.from_id));
    const okrs = refs.filter((r) => r.to_type === 'okr').map((r) => r.to_id);
    const bareKrs = await this.repo.keyResultsById(this.db, ws, okrs.filter((v) => !v.includes(':')));
    const objectiveIds = [
      ...refs.filter((r) => r.to_type === 'objective' || r.to_type === 'okr').map((r) => r.to_id.split(':')[0]!),
      ...refs.filter((r) => r.from_type === 'objective').map((r) => r.from_id),
      ...bareKrs.map((k) => k.objective_id),
    ];
    const domains = await this.repo.domains(this.db, ws, domainNames);
    const domainOf = new Map<string, { domain_id: string; name: string }>();
    for (const d of domains) domainOf.set(d.name, d); // an id wins over another domain's name
    for (const d of domains) domainOf.set(d.domain_id, d);
    const objectives = new Map((await this.repo.objectives(this.db, ws, objectiveIds)).map((o) => [o.objective_id, { name: o.name, krs: keyResultsOf(o.doc) }]));
    const krsById = new Map<string, string[]>();
    for (const k of bareKrs) krsById.set(k.kr_id, [...(krsById.get(k.kr_id) ?? []), k.objective_id]);

    const domainNode = (written: string): string => {
      const d = domainOf.get(written);
      const node: LineageNode = d
        ? { key: `domain:${d.domain_id}`, type: 'domain', id: d.domain_id, name: d.name, unresolved: false, hops: null }
        : { key: `domain:${written}`, type: 'domain', id: written, name: null, unresolved: true, hops: null };
      budget.add(node);
      return node.key;
    };
    const objectiveNode = (id: string): string => {
      const o = objectives.get(id);
      const key = `objective:${id}`;
      budget.add({ key, type: 'objective', id, name: o?.name ?? null, unresolved: !o, hops: null });
      return key;
    };
    /** A key result node, linked to its objective; `index` is its position in the objective's list. */
    const krNode = (objectiveId: string, krId: string): string => {
      const o = objectives.get(objectiveId);
      const index = o?.krs.findIndex((k) => k.kr_id === krId) ?? -1;
      const kr = index >= 0 ? o!.krs[index] : undefined;
      const key = `key_result:${objectiveId}:${krId}`;
      budget.add({ key, type: 'key_result', id: krId, objective_id: objectiveId, name: kr ? (kr.name ?? kr.description ?? krId) : null, unresolved: !kr, hops: null });
      if (kr) {
        const obj = objectiveNode(objectiveId);
        addEdge({ from: key, to: obj, relation: 'key_result_of', declared_by: obj, field: `key_results[${index}]` });
      }
      return key;
    };
    /** An `okr` reference: an objective id, a key result id, or `OBJ:KR`. */
    const okrNodes = (written: string): string[] => {
      if (objectives.has(written)) return [objectiveNode(written)];
      const owners = krsById.get(written);
      if (owners) return owners.map((obj) => krNode(obj, written));
      const sep = written.indexOf(':');
      if (sep > 0) return [krNode(written.slice(0, sep), written.slice(sep + 1))];
      return [objectiveNode(written)];
    };

    for (const r of refs) {
      if (r.from_type === 'metric') {
        const m = metricKey(r.from_id);
        const targets = r.to_type === 'domain' ? [domainNode(r.to_id)] : r.to_type === 'objective' ? [objectiveNode(r.to_id)] : okrNodes(r.to_id);
        const relation: LineageRelation = r.to_type === 'domain' ? 'domain' : 'objective';
        for (const t of targets) addEdge({ from: m, to: t, relation: t.startsWith('key_result:') ? 'key_result' : relation, declared_by: m, field: r.field });
      } else if (r.from_type === 'domain') {
        const d = domainNode(r.from_id);
        addEdge({ from: metricKey(r.to_id), to: d, relation: 'key_metric', declared_by: d, field: r.field });
      } else {
        const o = objectiveNode(r.from_id);
        const kr = /^key_results\[(\d+)\]/.exec(r.field);
        const krId = kr ? objectives.get(r.from_id)?.krs[Number(kr[1])]?.kr_id : undefined;
        const to = krId ? krNode(r.from_id, krId) : o;
        addEdge({ from: metricKey(r.to_id), to, relation: krId ? 'key_result' : 'objective', declared_by: o, field: r.field });
      }
    }
  }
}

/** The key results of a stored objective document (read for their ids and names only). */
function keyResultsOf(doc: string): Array<Pick<KeyResult, 'kr_id' | 'name' | 'description'>> {
  try {
    const parsed = JSON.parse(doc) as { key_results?: unknown };
    if (!Array.isArray(parsed.key_results)) return [];
    return parsed.key_results.filter((k): k is KeyResult => typeof k === 'object' && k !== null && typeof (k as KeyResult).kr_id === 'string');
  } catch {
    return [];
  }
}
