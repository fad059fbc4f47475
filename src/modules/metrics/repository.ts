import { sql, type SelectQueryBuilder } from 'kysely';
import type { Db } from '../../db/connect.js';
import { engineOf } from '../../db/dialect.js';
import type { Database } from '../../db/tables.js';
import type { ChainCount, Page, Sort } from '../catalog/pagination.js';
import { TableRepository } from '../catalog/table-repository.js';
import type { Metric } from './schema.js';

export const METRIC_SORT_FIELDS = [
  'metric_id', 'name', 'category', 'tier', 'business_domain', 'metric_type', 'status', 'owner_team',
  'data_classification', 'created_at', 'updated_at',
] as const;
export type MetricSortField = (typeof METRIC_SORT_FIELDS)[number];

export interface MetricFilter {
  domain?: string[];
  tier?: string[];
  category?: string[];
  metric_type?: string[];
  status?: string[];
  owner?: string[];
  /** The owner team alone (the facet's filter); `owner` also matches the technical and business owner. */
  owner_team?: string[];
  classification?: string[];
  tag?: string[];
  q?: string;
}

export const STAT_DIMENSIONS = {
  tier: 'tier', domain: 'business_domain', category: 'category', metric_type: 'metric_type', status: 'status',
  owner: 'owner_team', classification: 'data_classification',
} as const;
export type StatDimension = keyof typeof STAT_DIMENSIONS;

/** Facets of the catalog search, each named as its list filter; `tag` counts the metric_tags side table. */
export const FACET_COLUMNS = {
  domain: 'business_domain', tier: 'tier', status: 'status', owner_team: 'owner_team',
  classification: 'data_classification', metric_type: 'metric_type', tag: 'tag',
} as const;
export type FacetName = keyof typeof FACET_COLUMNS;
export const FACET_NAMES = Object.keys(FACET_COLUMNS) as FacetName[];
export const FACET_CAP = 50;

export interface Facet {
  values: Array<{ value: string; count: number }>;
  /** Matching metrics (tag: tag uses) whose value is past the cap. */
  other: number;
}
export interface Facets {
  total: number;
  facets: Record<FacetName, Facet>;
}

/** Governance gaps the overview shows: each a count and the first few metrics (by id) for links. */
export const GAP_NAMES = ['no_owner', 'pii_unclassified', 'deprecated_referenced'] as const;
export type GapName = (typeof GAP_NAMES)[number];
export const GAP_SAMPLE = 20;
export interface Gap {
  count: number;
  metrics: Array<{ metric_id: string; name: string }>;
}

type MetricRow = Database['metrics'];
type Query<O = object> = SelectQueryBuilder<Database, 'metrics', O>;

/** Copies of the scalar fields used by filters, sorts and indexes ('' when absent). */
function columnsOf(m: Metric) {
  const g = m.governance ?? {};
  return {
    metric_id: m.metric_id,
    name: m.name,
    short_name: m.short_name ?? '',
    category: m.category ?? '',
    tier: m.tier ?? '',
    business_domain: m.business_domain ?? '',
    metric_type: m.metric_type ?? '',
    status: g.status ?? '',
    owner_team: g.owner_team ?? '',
    technical_owner: g.technical_owner ?? '',
    business_owner: g.business_owner ?? '',
    data_classification: g.data_classification ?? '',
    pii_involved: g.pii_involved ? 1 : 0,
    unit: m.definition?.unit ?? '',
    // NFKC, as the query is (searchTokens): decomposed or compatibility forms match on every engine.
    search_text: [m.metric_id, m.name, m.short_name, m.description, m.definition?.formula, ...(m.tags ?? [])].filter(Boolean).join(' ').normalize('NFKC'),
  };
}

/** Letters and digits only: user text never reaches the FTS5 or tsquery grammar. */
export function searchTokens(q: string): string[] {
  return (q.normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 16);
}

/** All SQL for metrics: rows (via TableRepository), tags, full-text index, filtered lists and stats. */
export class MetricsRepository extends TableRepository<Metric> {
  readonly sortFields = METRIC_SORT_FIELDS;
  readonly defaultSort = 'metric_id';

  constructor() {
    super({
      table: 'metrics',
      idColumn: 'metric_id',
      columnsOf,
      afterWrite: async (trx, workspaceId, pk, doc, isNew) => {
        const sqlite = engineOf(trx) === 'sqlite';
        if (!isNew) {
          await trx.deleteFrom('metric_tags').where('metric_pk', '=', pk).execute();
          if (sqlite) await sql`DELETE FROM metrics_fts WHERE rowid = ${pk}`.execute(trx);
        }
        const tags = [...new Set(doc.tags ?? [])];
        if (tags.length > 0) await trx.insertInto('metric_tags').values(tags.map((tag) => ({ metric_pk: pk, workspace_id: workspaceId, tag }))).execute();
        if (sqlite) await sql`INSERT INTO metrics_fts (rowid, body) VALUES (${pk}, ${columnsOf(doc).search_text})`.execute(trx);
      },
      beforeDelete: async (trx, pk) => {
        if (engineOf(trx) === 'sqlite') await sql`DELETE FROM metrics_fts WHERE rowid = ${pk}`.execute(trx);
        await trx.deleteFrom('metric_tags').where('metric_pk', '=', pk).execute();
      },
    });
  }

  private filtered<O>(query: Query<O>, f: MetricFilter, engine: 'sqlite' | 'postgres'): Query<O> {
    let q = query;
    const inList = (col: keyof MetricRow, values?: string[]) => {
      if (values && values.length > 0) q = q.where(`metrics.${col}` as 'metrics.name', 'in', values);
    };
    inList('business_domain', f.domain);
    inList('tier', f.tier);
    inList('category', f.category);
    inList('metric_type', f.metric_type);
    inList('status', f.status);
    inList('data_classification', f.classification);
    inList('owner_team', f.owner_team);
    if (f.owner?.length) {
      const owners = f.owner;
      q = q.where((eb) => eb.or([eb('metrics.owner_team', 'in', owners), eb('metrics.technical_owner', 'in', owners), eb('metrics.business_owner', 'in', owners)]));
    }
    if (f.tag?.length) {
      const tags = f.tag;
      q = q.where((eb) => eb.exists(eb.selectFrom('metric_tags').select('metric_tags.metric_pk')
        .whereRef('metric_tags.metric_pk', '=', 'metrics.id').where('metric_tags.tag', 'in', tags)));
    }
    if (f.q !== undefined) {
      const tokens = searchTokens(f.q);
      if (tokens.length === 0) return q.where(sql<boolean>`1 = 0`);
      if (engine === 'postgres') {
        const tsquery = tokens.map((t) => `${t}:*`).join(' & ');
        // The stored vector (migration 0007): under row-level security the GIN index cannot serve `@@`
        // (not leakproof), so each row of the workspace is matched, and a stored vector keeps that cheap.
        q = q.where(sql<boolean>`metrics.search_tsv @@ to_tsquery('simple', ${tsquery})`);
      } else {
        const match = tokens.map((t) => `"${t}"*`).join(' AND ');
        q = q.where(sql<boolean>`metrics.id IN (SELECT rowid FROM metrics_fts WHERE metrics_fts MATCH ${match})`);
      }
    }
    return q;
  }

  async list(db: Db, workspaceId: string, filter: MetricFilter, sort: Sort<string>, limit: number, cursor?: { value: string; id: string }, chain?: ChainCount): Promise<Page<string>> {
    return this.page(db, workspaceId, (q: Query) => this.filtered(q, filter, engineOf(db)), sort, limit, cursor, chain);
  }

  /**
   * Standard faceted search: each facet counts with every OTHER filter applied but not its own, so
   * ticking a value narrows the other facets while its own siblings stay choosable. Empty values are
   * not listed. The top FACET_CAP values by count come back; the window sum gives the rest as `other`
   * in the same query (one query per facet, each scoped to the workspace).
   */
  async facets(db: Db, workspaceId: string, filter: MetricFilter, cap = FACET_CAP): Promise<Facets> {
    const engine = engineOf(db);
    const scoped = (f: MetricFilter) => this.filtered(db.selectFrom('metrics').where('metrics.workspace_id', '=', workspaceId), f, engine);
    const counted = sql<number>`count(*)`;
    const windowSum = sql<number>`sum(count(*)) over ()`;
    const one = async (name: FacetName): Promise<[FacetName, Facet]> => {
      const others: MetricFilter = { ...filter, [name]: undefined };
      let rows: Array<{ value: string; n: number | string; all_n: number | string }>;
      if (name === 'tag') {
        // Tags of the workspace's filtered metrics (scoped by metrics.workspace_id; metric_pk is the
        // metrics row's own key, and RLS binds metric_tags too). No `metric_tags.workspace_id = ?` here:
        // with it PostgreSQL picked the (workspace_id, tag, metric_pk) index and scanned the workspace's
        // tags once per metric (9 s at 10,000 metrics with two filters) instead of the (metric_pk, tag) key.
        rows = await scoped(others).innerJoin('metric_tags', 'metric_tags.metric_pk', 'metrics.id')
          .select(['metric_tags.tag as value', counted.as('n'), windowSum.as('all_n')])
          .groupBy('metric_tags.tag').orderBy('n', 'desc').orderBy('metric_tags.tag').limit(cap).execute();
      } else {
        const col = `metrics.${FACET_COLUMNS[name]}` as 'metrics.tier';
        rows = await scoped(others).select([`${col} as value` as 'metrics.tier as value', counted.as('n'), windowSum.as('all_n')])
          .where(col, '<>', '').groupBy(col).orderBy('n', 'desc').orderBy(col).limit(cap).execute();
      }
      const values = rows.map((r) => ({ value: r.value, count: Number(r.n) }));
      const shown = values.reduce((sum, v) => sum + v.count, 0);
      return [name, { values, other: rows.length > 0 ? Number(rows[0]!.all_n) - shown : 0 }];
    };
    const [totalRow, ...entries] = await Promise.all([
      scoped(filter).select(counted.as('n')).executeTakeFirst(),
      ...FACET_NAMES.map(one),
    ]);
    return { total: Number(totalRow?.n ?? 0), facets: Object.fromEntries(entries) as Record<FacetName, Facet> };
  }

  /**
   * Governance gaps, each counted in the workspace with its first `sample` metrics by id:
   * no owner (owner team, technical and business owner all empty), PII without a classification, and
   * deprecated metrics (status in any case) that another definition still refers to by id.
   */
  async governanceGaps(db: Db, workspaceId: string, sample = GAP_SAMPLE): Promise<Record<GapName, Gap>> {
    const conditions: Record<GapName, (q: Query) => Query> = {
      no_owner: (q) => q.where('metrics.owner_team', '=', '').where('metrics.technical_owner', '=', '').where('metrics.business_owner', '=', ''),
      pii_unclassified: (q) => q.where('metrics.pii_involved', '=', 1).where('metrics.data_classification', '=', ''),
      deprecated_referenced: (q) => q.where(sql<string>`lower(metrics.status)`, '=', 'deprecated')
        .where((eb) => eb.exists(eb.selectFrom('entity_refs as e').select(sql.lit(1).as('one'))
          .whereRef('e.workspace_id', '=', 'metrics.workspace_id').where('e.to_type', '=', 'metric').whereRef('e.to_id', '=', 'metrics.metric_id')
          // A metric naming itself does not keep itself in use.
          .where((inner) => inner.or([inner('e.from_type', '<>', 'metric'), inner('e.from_id', '<>', inner.ref('metrics.metric_id'))])))),
    };
    const one = async (name: GapName): Promise<[GapName, Gap]> => {
      const scoped = () => conditions[name](db.selectFrom('metrics').where('metrics.workspace_id', '=', workspaceId));
      const [n, rows] = await Promise.all([
        scoped().select(sql<number>`count(*)`.as('n')).executeTakeFirst(),
        scoped().select(['metrics.metric_id', 'metrics.name']).orderBy('metrics.metric_id').limit(sample).execute(),
      ]);
      return [name, { count: Number(n?.n ?? 0), metrics: rows }];
    };
    return Object.fromEntries(await Promise.all(GAP_NAMES.map(one))) as Record<GapName, Gap>;
  }

  async stats(db: Db, workspaceId: string): Promise<{ total: number; by: Record<StatDimension, Record<string, number>> }> {
    const total = await db.selectFrom('metrics').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', workspaceId).executeTakeFirst();
    const by = {} as Record<StatDimension, Record<string, number>>;
    for (const [name, column] of Object.entries(STAT_DIMENSIONS) as Array<[StatDimension, keyof MetricRow]>) {
      const rows = await db.selectFrom('metrics').select([`${column} as key` as 'name', (eb) => eb.fn.countAll<number>().as('n')])
        .where('workspace_id', '=', workspaceId).groupBy(column).orderBy(column).execute();
      by[name] = Object.fromEntries((rows as unknown as Array<{ key: string; n: number | string }>).map((r) => [r.key === '' ? '(none)' : r.key, Number(r.n)]));
    }
    return { total: Number(total?.n ?? 0), by };
  }
}
