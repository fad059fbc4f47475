import { sql } from 'kysely';
import type { Db } from '../../db/connect.js';
import { engineOf } from '../../db/dialect.js';
import type { Trx } from '../catalog/kind.js';

type Executor = Db | Trx;

/** A single-column foreign key, as the database catalog states it. */
export interface ForeignKey {
  fromTable: string;
  fromColumn: string;
  toTable: string;
  toColumn: string;
}

export interface SchemaTables {
  /** Every table of the current schema with its columns. */
  columns: Map<string, Set<string>>;
  foreignKeys: ForeignKey[];
}

/**
 * The tables and foreign keys of MDL's own schema, read from the database catalog (sqlite_master and
 * its pragmas; pg_catalog for `current_schema()` only, by oid: no name lookups that race with other
 * schemas being dropped, see src/db/introspection.ts). The purge works from this, not from a list
 * kept by hand, so a table added later is purged without anyone remembering to.
 */
export async function readSchemaTables(ex: Executor): Promise<SchemaTables> {
  const columns = new Map<string, Set<string>>();
  let fks: ForeignKey[];
  if (engineOf(ex) === 'postgres') {
    const cols = await sql<{ t: string; c: string }>`
      SELECT c.relname AS t, a.attname AS c
      FROM pg_catalog.pg_attribute a
      JOIN pg_catalog.pg_class c ON a.attrelid = c.oid
      JOIN pg_catalog.pg_namespace ns ON c.relnamespace = ns.oid
      WHERE ns.nspname = current_schema() AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped`.execute(ex);
    for (const r of cols.rows) add(columns, r.t, r.c);
    const keys = await sql<{ from_table: string; from_column: string; to_table: string; to_column: string; n: number }>`
      SELECT src.relname AS from_table, sa.attname AS from_column, dst.relname AS to_table, da.attname AS to_column,
             array_length(k.conkey, 1) AS n
      FROM pg_catalog.pg_constraint k
      JOIN pg_catalog.pg_class src ON k.conrelid = src.oid
      JOIN pg_catalog.pg_namespace ns ON src.relnamespace = ns.oid
      JOIN pg_catalog.pg_class dst ON k.confrelid = dst.oid
      JOIN pg_catalog.pg_attribute sa ON sa.attrelid = src.oid AND sa.attnum = k.conkey[1]
      JOIN pg_catalog.pg_attribute da ON da.attrelid = dst.oid AND da.attnum = k.confkey[1]
      WHERE k.contype = 'f' AND ns.nspname = current_schema()`.execute(ex);
    fks = keys.rows.map((k) => {
      if (Number(k.n) !== 1) throw new Error(`table ${k.from_table}: a foreign key over several columns; the workspace purge handles single-column keys only`);
      return { fromTable: k.from_table, fromColumn: k.from_column, toTable: k.to_table, toColumn: k.to_column };
    });
  } else {
    const cols = await sql<{ t: string; c: string }>`
      SELECT m.name AS t, p.name AS c FROM sqlite_master m JOIN pragma_table_info(m.name) p
      WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'`.execute(ex);
    for (const r of cols.rows) add(columns, r.t, r.c);
    const keys = await sql<{ from_table: string; from_column: string; to_table: string; to_column: string | null; id: number; seq: number }>`
      SELECT m.name AS from_table, f."from" AS from_column, f."table" AS to_table, f."to" AS to_column, f.id AS id, f.seq AS seq
      FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f
      WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'`.execute(ex);
    if (keys.rows.some((k) => k.seq > 0)) throw new Error('a foreign key over several columns; the workspace purge handles single-column keys only');
    // A key that names no column refers to the parent's primary key.
    const pks = await sql<{ t: string; c: string }>`
      SELECT m.name AS t, p.name AS c FROM sqlite_master m JOIN pragma_table_info(m.name) p
      WHERE m.type = 'table' AND p.pk = 1`.execute(ex);
    const pkOf = new Map(pks.rows.map((r) => [r.t, r.c]));
    fks = keys.rows.map((k) => ({ fromTable: k.from_table, fromColumn: k.from_column, toTable: k.to_table, toColumn: k.to_column ?? pkOf.get(k.to_table) ?? 'rowid' }));
  }
  return { columns, foreignKeys: fks };
}

function add(map: Map<string, Set<string>>, table: string, column: string): void {
  let set = map.get(table);
  if (!set) map.set(table, (set = new Set()));
  set.add(column);
}

/** The tables that carry a `workspace_id` column. */
export function workspaceTables(s: SchemaTables): string[] {
  return [...s.columns].filter(([, cols]) => cols.has('workspace_id')).map(([t]) => t).sort();
}

/**
 * `tables` ordered so that a table comes before every table it refers to (a child's rows go before
 * its parent's), ties by name. Foreign keys outside `tables`, and to a table itself, do not order.
 */
export function childrenFirst(tables: readonly string[], fks: readonly ForeignKey[]): string[] {
  const inSet = new Set(tables);
  // parent -> number of children not yet placed
  const pending = new Map<string, number>(tables.map((t) => [t, 0]));
  const parentsOf = new Map<string, Set<string>>(tables.map((t) => [t, new Set()]));
  for (const fk of fks) {
    if (!inSet.has(fk.fromTable) || !inSet.has(fk.toTable) || fk.fromTable === fk.toTable) continue;
    if (parentsOf.get(fk.fromTable)!.has(fk.toTable)) continue;
    parentsOf.get(fk.fromTable)!.add(fk.toTable);
    pending.set(fk.toTable, pending.get(fk.toTable)! + 1);
  }
  const out: string[] = [];
  const ready = tables.filter((t) => pending.get(t) === 0).sort();
  while (ready.length > 0) {
    const t = ready.shift()!;
    out.push(t);
    for (const parent of parentsOf.get(t)!) {
      const n = pending.get(parent)! - 1;
      pending.set(parent, n);
      if (n === 0) {
        ready.push(parent);
        ready.sort();
      }
    }
  }
  // A cycle: the rest in name order (their foreign keys must cascade, or the delete fails loudly).
  return [...out, ...tables.filter((t) => !out.includes(t)).sort()];
}
