import type { Kysely } from 'kysely';
import { engineOf } from '../dialect.js';
import { disableTenantPolicy, enableTenantPolicy } from './0007_row_level_security.js';

/**
 * Issue 8: where an imported definition came from (dbt, Cube, OSI): the format, the source file as
 * the user gave it and the record's name in that tool. `etag` is the stored document's ETag as the
 * import last wrote or confirmed it: a stored row with another ETag was edited since (in MDL or by
 * another source), so the next import from that source reports a conflict instead of overwriting.
 * `entity_pk` is the row the import wrote: a definition deleted and made again (in MDL) is another row,
 * so the old import's provenance no longer applies to it. One row per entity (its latest source);
 * workspace data, so row-level security applies.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('record_provenance')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('entity_pk', 'integer', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('etag', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('record_provenance_pk', ['workspace_id', 'entity_type', 'entity_id'])
    .execute();
  if (engineOf(db) === 'postgres') await enableTenantPolicy(db, 'record_provenance');
}

export async function down(db: Kysely<any>): Promise<void> {
  if (engineOf(db) === 'postgres') await disableTenantPolicy(db, 'record_provenance');
  await db.schema.dropTable('record_provenance').execute();
}
