import type { Kysely } from 'kysely';
import { engineOf } from '../dialect.js';
import { disableTenantPolicy, enableTenantPolicy } from './0007_row_level_security.js';

/**
 * Invitations: an admin invites an email address with a role; the invitee accepts with the link's
 * token (their own password, or a new one for a new account) and only then becomes a member.
 * - `token_hash`: SHA-256 of the token (src/shared/token-hash.ts); the token itself is never stored.
 *   A resend replaces it, so the old link stops working.
 * - `email`: normalised (trimmed, lower-case) as `users.email`; no user id is kept until acceptance.
 * - Pending means `accepted_at`, `revoked_at` NULL and `expires_at` in the future.
 * - `delivery`: how the current token went out: `email_sent`, `email_failed` or `link` (shown to the admin).
 * Holds workspace data, so PostgreSQL row-level security applies (the policy of migration 0007).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('delivery', 'text', (c) => c.notNull())
    .addColumn('delivered_at', 'text')
    .addColumn('accepted_at', 'text')
    .addColumn('accepted_by', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('invitations_workspace_email_idx').on('invitations').columns(['workspace_id', 'email']).execute();
  await db.schema.createIndex('invitations_workspace_created_idx').on('invitations').columns(['workspace_id', 'created_at', 'id']).execute();
  if (engineOf(db) === 'postgres') await enableTenantPolicy(db, 'invitations');
}

export async function down(db: Kysely<any>): Promise<void> {
  if (engineOf(db) === 'postgres') await disableTenantPolicy(db, 'invitations');
  await db.schema.dropTable('invitations').execute();
}
