import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import { engineOf } from '../dialect.js';
import { disableTenantPolicy, enableTenantPolicy } from './0007_row_level_security.js';

const TABLES = ['vocabularies', 'vocabulary_values', 'vocabulary_aliases'] as const;

/**
 * Issue 8: classification levels, statuses, severities, tiers and metric types per workspace. A
 * workspace with no rows for a vocabulary uses the defaults in code (src/modules/vocabularies/model.ts);
 * its first change copies them here, and from then on these rows are the vocabulary.
 * - `vocabularies`: one row per changed vocabulary; `closed` 1 refuses values it does not know.
 * - `vocabulary_values`: the values in `position` order (classification levels are ordered).
 * - `vocabulary_aliases`: another spelling stored as `value` (e.g. `Non-PII` → `internal`).
 * `value_key`/`alias_key` are the lower-cased spelling: lookups are case-insensitive, so neither two
 * values nor two aliases may differ by case only. Workspace data, so row-level security applies.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const workspace = (c: ColumnDefinitionBuilder) => c.notNull().references('workspaces.id').onDelete('cascade');
  await db.schema
    .createTable('vocabularies')
    .addColumn('workspace_id', 'text', workspace)
    .addColumn('vocabulary', 'text', (c) => c.notNull())
    .addColumn('closed', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('vocabularies_pk', ['workspace_id', 'vocabulary'])
    .execute();
  await db.schema
    .createTable('vocabulary_values')
    .addColumn('workspace_id', 'text', workspace)
    .addColumn('vocabulary', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('value_key', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('vocabulary_values_pk', ['workspace_id', 'vocabulary', 'value_key'])
    .execute();
  await db.schema
    .createTable('vocabulary_aliases')
    .addColumn('workspace_id', 'text', workspace)
    .addColumn('vocabulary', 'text', (c) => c.notNull())
    .addColumn('alias', 'text', (c) => c.notNull())
    .addColumn('alias_key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('vocabulary_aliases_pk', ['workspace_id', 'vocabulary', 'alias_key'])
    .execute();
  if (engineOf(db) === 'postgres') for (const t of TABLES) await enableTenantPolicy(db, t);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [...TABLES].reverse()) {
    if (engineOf(db) === 'postgres') await disableTenantPolicy(db, t);
    await db.schema.dropTable(t).execute();
  }
}
