import type { Kysely } from 'kysely';

/**
 * Login lockouts, kept in the database beside the rate-limit counters (Redis or in-process): a key of
 * the login throttle that used up its failures is recorded here until `locked_until`, so the lockout
 * holds while Redis is stalled, down or restarted empty (issue 7, finding 5a).
 * - `key_hash`: SHA-256 (hex) of the throttle key (purpose, hashed account, IP), never the key itself.
 * - `locked_until`, `created_at`: ISO times, as everywhere else.
 * Instance-wide, not per workspace (a login happens before any workspace is known): no workspace_id,
 * so no row-level security; a workspace purge leaves it alone, and expired rows are swept as new ones come.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('login_lockouts')
    .addColumn('key_hash', 'text', (c) => c.primaryKey())
    .addColumn('locked_until', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('login_lockouts_until_idx').on('login_lockouts').column('locked_until').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('login_lockouts').execute();
}
