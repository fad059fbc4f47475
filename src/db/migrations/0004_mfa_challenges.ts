import type { Kysely } from 'kysely';

/**
 * Pending second-factor logins. A password login of a user with TOTP answers an opaque, short-lived,
 * single-use token instead of a session; it is stored only as its SHA-256 hash, with the workspace
 * chosen at login and the number of wrong codes tried against it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('mfa_challenges')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('mfa_challenges_expiry_idx').on('mfa_challenges').column('expires_at').execute();
  await db.schema.createIndex('mfa_challenges_user_idx').on('mfa_challenges').column('user_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('mfa_challenges').execute();
}
