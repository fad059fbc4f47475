import { sql } from 'kysely';
import type { Db } from '../../db/connect.js';

/** Columns whose distinct values can be listed: each has an index that starts (workspace_id, column). */
const VOCABULARY_COLUMNS = {
  metrics: ['tier', 'category', 'metric_type', 'status', 'data_classification', 'business_domain', 'owner_team', 'technical_owner', 'business_owner'],
  metric_tags: ['tag'],
  domains: ['domain_id', 'name'],
} as const;

type VocabularyTable = keyof typeof VOCABULARY_COLUMNS;
export type VocabularyColumn<T extends VocabularyTable> = (typeof VOCABULARY_COLUMNS)[T][number];

/** More distinct values than this, and a column is not treated as a vocabulary (filters then match exactly). */
export const MAX_VOCABULARY = 1000;

/** Distinct values of catalog columns within a workspace, read by index seeks. */
export class VocabularyRepository {
  /**
   * The column's distinct non-empty values in the workspace, or undefined when there are more than
   * `max`. A loose index scan (one seek per distinct value, through the (workspace_id, column) index)
   * rather than a DISTINCT over every row: a workspace with a million metrics and five tiers costs six
   * seeks. Only `=` and `>` on text, which PostgreSQL treats as leakproof, so the index serves it under
   * row-level security too.
   */
  async distinct<T extends VocabularyTable>(db: Db, table: T, column: VocabularyColumn<T>, workspaceId: string, max = MAX_VOCABULARY): Promise<string[] | undefined> {
    if (!(VOCABULARY_COLUMNS[table] as readonly string[]).includes(column)) throw new Error(`not a vocabulary column: ${table}.${column}`);
    const t = sql.table(table);
    const c = sql.ref(column);
    const { rows } = await sql<{ v: string | null }>`
      WITH RECURSIVE vocabulary(v) AS (
        SELECT min(${c}) FROM ${t} WHERE workspace_id = ${workspaceId} AND ${c} > ''
        UNION ALL
        SELECT (SELECT min(${c}) FROM ${t} WHERE workspace_id = ${workspaceId} AND ${c} > vocabulary.v) FROM vocabulary WHERE vocabulary.v IS NOT NULL
      )
      SELECT v FROM vocabulary WHERE v IS NOT NULL LIMIT ${max + 1}`.execute(db);
    return rows.length > max ? undefined : rows.map((r) => r.v!);
  }

  /** The id and the name of each domain whose id or name is one of `values` (metrics may be filed under either). */
  async domainNames(db: Db, workspaceId: string, values: readonly string[]): Promise<string[]> {
    if (values.length === 0) return [];
    const rows = await db.selectFrom('domains').select(['domain_id', 'name']).where('workspace_id', '=', workspaceId)
      .where((eb) => eb.or([eb('domain_id', 'in', values), eb('name', 'in', values)])).execute();
    return rows.flatMap((r) => [r.domain_id, r.name]);
  }
}

/**
 * The given filter values with every known spelling that differs only in case (`tier-1` finds the
 * stored `Tier-1`). Unknown vocabularies (too many values) leave the values as given.
 */
export function withKnownSpellings(values: readonly string[], known: readonly string[] | undefined): string[] {
  if (!known) return [...values];
  const wanted = new Set(values.map(fold));
  return [...new Set([...values, ...known.filter((k) => wanted.has(fold(k)))])];
}

const fold = (s: string) => s.normalize('NFKC').toLowerCase();
