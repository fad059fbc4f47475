import { sql, type Kysely } from 'kysely';
import { engineOf } from '../dialect.js';

/**
 * PostgreSQL row-level security: the second wall behind the repositories' `workspace_id` filters.
 * The app sets `mdl.workspace_id` on each connection it takes from the pool (src/db/connect.ts): a
 * workspace id, or `*` in system mode (src/db/tenant-context.ts). Each tenant table gets one policy
 * that shows and accepts only rows of that workspace, or every row for `*`. An unset setting is NULL
 * and matches nothing, so a session that did not come through the app sees no tenant rows.
 *
 * FORCE makes the policies bind the tables' owner too (the app usually owns its tables). They never
 * bind a superuser or a BYPASSRLS role: the server warns at start-up (refuses in production) when it
 * connects as one. Foreign-key checks and cascades bypass RLS by design, so they keep working.
 *
 * `workspaces` is keyed by `id`: its rows carry tenant data (name, catalog metadata, MFA policy) and no
 * request needs another workspace's row, so it gets the same policy. Creating a workspace therefore
 * takes system mode (the CLI and tests run in it).
 *
 * Not covered, because they belong to a user or to the instance rather than to one workspace: users,
 * refresh_tokens (reached through their session), signing_keys, setup_tokens, mfa_totp,
 * mfa_recovery_codes. SQLite: nothing to do.
 *
 * Search: under a policy PostgreSQL uses only leakproof operators in index conditions, and `@@` is not
 * leakproof, so the GIN index over `to_tsvector('simple', search_text)` can no longer serve a search:
 * each row of the workspace is matched, and computing every row's vector on each search made it an
 * order of magnitude slower (docs/performance.md). The vector is therefore stored, in the generated
 * column `search_tsv`; its GIN index still serves roles that bypass RLS.
 */
export const TENANT_TABLES = [
  'metrics', 'metric_tags', 'domains', 'objectives', 'key_results', 'entity_refs', 'entity_versions', 'audit_events',
  'memberships', 'sessions', 'api_keys', 'mfa_challenges', 'idempotency_keys', 'sso_providers', 'sso_identities', 'sso_login_states',
] as const;

const POLICY = 'mdl_tenant_isolation';

function tablesAndKeys(): Array<[table: string, column: string]> {
  return [...TENANT_TABLES.map((t): [string, string] => [t, 'workspace_id']), ['workspaces', 'id']];
}

export async function up(db: Kysely<any>): Promise<void> {
  if (engineOf(db) !== 'postgres') return;
  await sql`ALTER TABLE metrics ADD COLUMN search_tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED`.execute(db);
  await sql`CREATE INDEX metrics_search_tsv_idx ON metrics USING GIN (search_tsv)`.execute(db);
  await sql`DROP INDEX metrics_search_idx`.execute(db);
  for (const [table, column] of tablesAndKeys()) await enableTenantPolicy(db, table, column);
}

/**
 * The tenant policy on one table (PostgreSQL only; callers check the engine). Later migrations that add a
 * table holding workspace data call this for it, and `disableTenantPolicy` in their `down`.
 */
export async function enableTenantPolicy(db: Kysely<any>, table: string, column = 'workspace_id'): Promise<void> {
  const t = sql.table(table);
  // Each current_setting() in a sub-select is evaluated once per statement, not twice per row.
  const visible = sql`${sql.ref(column)} = (SELECT current_setting('mdl.workspace_id', true)) OR (SELECT current_setting('mdl.workspace_id', true)) = '*'`;
  await sql`ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY`.execute(db);
  await sql`ALTER TABLE ${t} FORCE ROW LEVEL SECURITY`.execute(db);
  await sql`CREATE POLICY ${sql.id(POLICY)} ON ${t} USING (${visible}) WITH CHECK (${visible})`.execute(db);
}

export async function disableTenantPolicy(db: Kysely<any>, table: string): Promise<void> {
  const t = sql.table(table);
  await sql`DROP POLICY ${sql.id(POLICY)} ON ${t}`.execute(db);
  await sql`ALTER TABLE ${t} NO FORCE ROW LEVEL SECURITY`.execute(db);
  await sql`ALTER TABLE ${t} DISABLE ROW LEVEL SECURITY`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (engineOf(db) !== 'postgres') return;
  for (const [table] of tablesAndKeys().reverse()) await disableTenantPolicy(db, table);
  await sql`CREATE INDEX metrics_search_idx ON metrics USING GIN (to_tsvector('simple', search_text))`.execute(db);
  await sql`ALTER TABLE metrics DROP COLUMN search_tsv`.execute(db); // drops its index too
}
