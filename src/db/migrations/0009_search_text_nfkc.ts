import { sql, type Kysely } from 'kysely';
import { engineOf } from '../dialect.js';

const BATCH = 500;

/**
 * Metric search text is indexed NFKC-normalised, as queries are, since the metrics repository
 * normalises it on write. This re-indexes the rows written before: text in decomposed form (NFD, as
 * macOS produces) or with compatibility characters (ligatures) was not found on PostgreSQL. Rows are
 * read in id order, in batches, and only those whose text changes are written (SQLite: its FTS row
 * too; PostgreSQL: the stored tsvector follows). Migrations run in system mode (no request scope),
 * so row-level security shows every workspace's rows.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = engineOf(db) === 'sqlite';
  let after = 0;
  for (;;) {
    const rows: Array<{ id: number; search_text: string }> = await db.selectFrom('metrics').select(['id', 'search_text'])
      .where('id', '>', after).orderBy('id').limit(BATCH).execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      const normalized = r.search_text.normalize('NFKC');
      if (normalized === r.search_text) continue;
      await db.updateTable('metrics').set({ search_text: normalized }).where('id', '=', r.id).execute();
      if (sqlite) await sql`UPDATE metrics_fts SET body = ${normalized} WHERE rowid = ${r.id}`.execute(db);
    }
    after = Number(rows[rows.length - 1]!.id);
  }
}

/** Nothing to undo: normalised text is what the code writes either way. */
export async function down(): Promise<void> {}
