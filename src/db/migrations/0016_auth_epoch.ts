import { sql, type Kysely } from 'kysely';
import { engineOf } from '../dialect.js';

/**
 * Issue 10: one counter, `auth_epoch.n`, that every change able to end or narrow a credential bumps:
 * a session revoked or its expiry moved, a user disabled or given a new password, a membership's role
 * changed or removed, an API key revoked, a TOTP enrolment changed, a workspace's MFA policy changed
 * or the workspace deleted, a signing key retired or removed. The in-process principal cache
 * (src/modules/auth/principal-cache.ts) keeps a resolved credential only while the counter stands
 * still. Triggers, not the services, bump it, so no write path (API, CLI, a later feature) can forget
 * to; columns a request touches on every use (last_used_at, last_used_step) are not watched.
 * Instance-wide, not workspace data: no row-level security.
 */
const WATCHED: ReadonlyArray<[table: string, columns: string[], insert?: boolean]> = [
  ['sessions', ['revoked_at', 'expires_at', 'auth_method', 'user_id', 'workspace_id']],
  ['users', ['status', 'password_hash', 'instance_admin']],
  ['memberships', ['role', 'user_id', 'workspace_id']],
  ['api_keys', ['revoked_at', 'expires_at', 'scopes', 'user_id', 'workspace_id']],
  ['mfa_totp', ['enabled_at', 'user_id'], true],
  ['workspaces', ['mfa_required', 'deleted_at']],
  ['signing_keys', ['retired_at', 'public_jwk']],
];

const FN = 'mdl_auth_epoch_bump';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('auth_epoch')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('n', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.insertInto('auth_epoch').values({ id: 1, n: 0 }).execute();
  const postgres = engineOf(db) === 'postgres';
  if (postgres) {
    await sql`CREATE FUNCTION ${sql.id(FN)}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE auth_epoch SET n = n + 1 WHERE id = 1; RETURN NULL; END $$`.execute(db);
    // The function finds auth_epoch in the schema it was made in, whatever a caller's search_path.
    await sql`ALTER FUNCTION ${sql.id(FN)}() SET search_path FROM CURRENT`.execute(db);
  }
  for (const [table, columns, insert] of WATCHED) {
    const events: Array<[name: string, sqlEvent: string]> = [
      ['upd', `UPDATE OF ${columns.join(', ')}`],
      ['del', 'DELETE'],
      ...(insert ? [['ins', 'INSERT'] as [string, string]] : []),
    ];
    for (const [suffix, event] of events) {
      const name = sql.id(`${table}_auth_epoch_${suffix}`);
      // Statement-level on PostgreSQL (one bump per statement); SQLite has row triggers only.
      if (postgres) await sql`CREATE TRIGGER ${name} AFTER ${sql.raw(event)} ON ${sql.table(table)} FOR EACH STATEMENT EXECUTE FUNCTION ${sql.id(FN)}()`.execute(db);
      else await sql`CREATE TRIGGER ${name} AFTER ${sql.raw(event)} ON ${sql.table(table)} BEGIN UPDATE auth_epoch SET n = n + 1 WHERE id = 1; END`.execute(db);
    }
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  const postgres = engineOf(db) === 'postgres';
  for (const [table, , insert] of WATCHED) {
    for (const suffix of ['upd', 'del', ...(insert ? ['ins'] : [])]) {
      const name = sql.id(`${table}_auth_epoch_${suffix}`);
      if (postgres) await sql`DROP TRIGGER IF EXISTS ${name} ON ${sql.table(table)}`.execute(db);
      else await sql`DROP TRIGGER IF EXISTS ${name}`.execute(db);
    }
  }
  if (postgres) await sql`DROP FUNCTION IF EXISTS ${sql.id(FN)}()`.execute(db);
  await db.schema.dropTable('auth_epoch').execute();
}
