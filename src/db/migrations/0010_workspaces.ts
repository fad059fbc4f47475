import type { Kysely } from 'kysely';

/**
 * Workspaces people create and delete.
 * - `users.instance_admin` (0/1): an account-level flag, distinct from the admin role in a workspace.
 *   With MDL_WORKSPACE_CREATION=instance-admins (the default) only these accounts create workspaces
 *   through the API. Before this migration the admins of `default` were the instance's operators in
 *   all but name (first-run setup made them), so they become instance admins here.
 * - `workspaces.deleted_at` / `purge_after`: a deleted workspace is read-only until `purge_after`,
 *   when its rows are purged (MDL_WORKSPACE_RETENTION_DAYS after the deletion); NULL: not deleted.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('instance_admin', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('workspaces').addColumn('deleted_at', 'text').execute();
  await db.schema.alterTable('workspaces').addColumn('purge_after', 'text').execute();
  await db.updateTable('users').set({ instance_admin: 1 })
    .where('id', 'in', db.selectFrom('memberships').select('user_id').where('workspace_id', '=', 'default').where('role', '=', 'admin'))
    .where('kind', '=', 'person')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('workspaces').dropColumn('purge_after').execute();
  await db.schema.alterTable('workspaces').dropColumn('deleted_at').execute();
  await db.schema.alterTable('users').dropColumn('instance_admin').execute();
}
