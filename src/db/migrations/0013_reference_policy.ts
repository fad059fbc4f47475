import type { Kysely } from 'kysely';

/**
 * Issue 8: a reference that does not resolve is kept and tracked, not refused. `reference_policy` is
 * the workspace's choice: `warn` (the default: the write succeeds and lists what it could not link)
 * or `strict` (unresolved references are refused, as before: a CI gate).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('workspaces').addColumn('reference_policy', 'text', (c) => c.notNull().defaultTo('warn')).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('workspaces').dropColumn('reference_policy').execute();
}
