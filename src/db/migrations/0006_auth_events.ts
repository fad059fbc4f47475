import type { Kysely } from 'kysely';

/** The reserved workspace (SYSTEM_WORKSPACE in src/shared/context.ts; a migration keeps its own copy). */
const SYSTEM_WORKSPACE = '_system';

/**
 * Authentication events in the audit log, and browser sessions.
 * - `audit_events.ip`: the client address of the request that caused the event (NULL for the CLI and
 *   for events written before this column). Hashed into the chain only when set, so older links verify.
 * - The reserved workspace `_system` (not a valid slug, so no one can create or join it) carries the
 *   chain of events with no workspace to name: a failed login for an unknown email, a forged token.
 * - `sessions.csrf_hash`: SHA-256 of the CSRF token of a cookie session (NULL for bearer sessions).
 * - `sso_login_states.delivery` / `return_to`: how an SSO login hands over its session (`token`: the
 *   pair as JSON; `cookie`: a browser session, then a redirect to `return_to`, a same-origin path).
 * - `users.kind`: `person`, or `service` for a service account (a workspace-owned identity that holds API
 *   keys for integrations, never signs in, and outlives the people who manage it).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_events').addColumn('ip', 'text').execute();
  await db.schema.alterTable('sessions').addColumn('csrf_hash', 'text').execute();
  await db.schema.alterTable('users').addColumn('kind', 'text', (c) => c.notNull().defaultTo('person')).execute();
  await db.schema.alterTable('sso_login_states').addColumn('delivery', 'text', (c) => c.notNull().defaultTo('token')).execute();
  await db.schema.alterTable('sso_login_states').addColumn('return_to', 'text').execute();
  await db.insertInto('workspaces')
    .values({ id: SYSTEM_WORKSPACE, name: 'System (authentication events)', created_at: new Date().toISOString() })
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('workspaces').where('id', '=', SYSTEM_WORKSPACE).execute();
  await db.schema.alterTable('sso_login_states').dropColumn('return_to').execute();
  await db.schema.alterTable('sso_login_states').dropColumn('delivery').execute();
  await db.schema.alterTable('users').dropColumn('kind').execute();
  await db.schema.alterTable('sessions').dropColumn('csrf_hash').execute();
  await db.schema.alterTable('audit_events').dropColumn('ip').execute();
}
