import type { Db } from '../../db/connect.js';

/** A stored reference as the lineage walk reads it. */
export interface RefRow {
  from_type: string;
  from_id: string;
  field: string;
  to_type: string;
  to_id: string;
}

export interface MetricRow {
  metric_id: string;
  name: string;
  status: string;
  tier: string;
  business_domain: string;
}

const CHUNK = 500;

/** Runs `fn` over `ids` in chunks of CHUNK (bound-parameter limits), concatenating the rows. */
async function chunked<T>(ids: readonly string[], fn: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const unique = [...new Set(ids)];
  const out: T[] = [];
  for (let i = 0; i < unique.length; i += CHUNK) out.push(...(await fn(unique.slice(i, i + CHUNK))));
  return out;
}

/**
 * All SQL of the lineage graph: set-based reads of one hop at a time (one query per kind of row
 * for a whole frontier, never one per node). Every query filters on the workspace; on PostgreSQL
 * row-level security is the second wall.
 */
export class LineageRepository {
  /** The metric rows (with the columns a node shows) of the given ids that exist. */
  async metrics(db: Db, workspaceId: string, ids: readonly string[]): Promise<MetricRow[]> {
    return chunked(ids, (chunk) => db.selectFrom('metrics')
      .select(['metric_id', 'name', 'status', 'tier', 'business_domain'])
      .where('workspace_id', '=', workspaceId).where('metric_id', 'in', chunk).execute());
  }

  /** Metric-to-metric references a metric of `ids` makes (`from`) or that name one of `ids` (`to`). */
  async metricRefs(db: Db, workspaceId: string, side: 'from' | 'to', ids: readonly string[]): Promise<RefRow[]> {
    const column = side === 'from' ? 'from_id' : 'to_id';
    return chunked(ids, (chunk) => db.selectFrom('entity_refs')
      .select(['from_type', 'from_id', 'field', 'to_type', 'to_id'])
      .where('workspace_id', '=', workspaceId).where('from_type', '=', 'metric').where('to_type', '=', 'metric')
      .where(column, 'in', chunk).orderBy('from_id').orderBy('field').execute());
  }

  /** What the metrics name besides metrics (domain, objectives, key results), and who names them besides metrics. */
  async contextRefs(db: Db, workspaceId: string, metricIds: readonly string[]): Promise<RefRow[]> {
    const outgoing = await chunked(metricIds, (chunk) => db.selectFrom('entity_refs')
      .select(['from_type', 'from_id', 'field', 'to_type', 'to_id'])
      .where('workspace_id', '=', workspaceId).where('from_type', '=', 'metric').where('to_type', 'in', ['domain', 'objective', 'okr'])
      .where('from_id', 'in', chunk).orderBy('from_id').orderBy('field').execute());
    const incoming = await chunked(metricIds, (chunk) => db.selectFrom('entity_refs')
      .select(['from_type', 'from_id', 'field', 'to_type', 'to_id'])
      .where('workspace_id', '=', workspaceId).where('from_type', 'in', ['domain', 'objective']).where('to_type', '=', 'metric')
      .where('to_id', 'in', chunk).orderBy('from_type').orderBy('from_id').orderBy('field').execute());
    return [...outgoing, ...incoming];
  }

  /** Domains named by id or by name. */
  async domains(db: Db, workspaceId: string, idsOrNames: readonly string[]): Promise<Array<{ domain_id: string; name: string }>> {
    return chunked(idsOrNames, (chunk) => db.selectFrom('domains').select(['domain_id', 'name'])
      .where('workspace_id', '=', workspaceId)
      .where((eb) => eb.or([eb('domain_id', 'in', chunk), eb('name', 'in', chunk)])).execute());
  }

  /** Objectives by id, with their document (the key results' names and metric lists are inside). */
  async objectives(db: Db, workspaceId: string, ids: readonly string[]): Promise<Array<{ objective_id: string; name: string; doc: string }>> {
    return chunked(ids, (chunk) => db.selectFrom('objectives').select(['objective_id', 'name', 'doc'])
      .where('workspace_id', '=', workspaceId).where('objective_id', 'in', chunk).execute());
  }

  /** Key results named by their bare id, with the objective each belongs to. */
  async keyResultsById(db: Db, workspaceId: string, krIds: readonly string[]): Promise<Array<{ objective_id: string; kr_id: string }>> {
    return chunked(krIds, (chunk) => db.selectFrom('key_results as k').innerJoin('objectives as o', 'o.id', 'k.objective_pk')
      .select(['o.objective_id', 'k.kr_id'])
      .where('k.workspace_id', '=', workspaceId).where('k.kr_id', 'in', chunk).orderBy('o.objective_id').execute());
  }
}
