import type { Kysely } from 'kysely';

/**
 * Single sign-on with OpenID Connect, configured per workspace.
 * - `sso_providers`: one identity provider per workspace. The client secret is stored sealed
 *   (SecretBox, bound to the workspace); lists and the role mapping are JSON text.
 * - `sso_identities`: which user an (issuer, subject) pair is, per workspace.
 * - `sso_login_states`: logins between the redirect to the provider and its callback. Keyed by the
 *   SHA-256 of the `state` parameter, single use, short-lived; they hold the nonce and the PKCE verifier.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sso_providers')
    .addColumn('workspace_id', 'text', (c) => c.primaryKey().references('workspaces.id').onDelete('cascade'))
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('client_secret', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('allowed_email_domains', 'text', (c) => c.notNull())
    .addColumn('role_claim', 'text')
    .addColumn('role_mappings', 'text', (c) => c.notNull())
    .addColumn('default_role', 'text')
    .addColumn('jit_provisioning', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sso_identities')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_login_at', 'text')
    .addPrimaryKeyConstraint('sso_identities_pk', ['workspace_id', 'issuer', 'subject'])
    .execute();
  await db.schema.createIndex('sso_identities_user_idx').on('sso_identities').column('user_id').execute();

  await db.schema
    .createTable('sso_login_states')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('code_verifier', 'text', (c) => c.notNull())
    .addColumn('redirect_uri', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('sso_login_states_expiry_idx').on('sso_login_states').column('expires_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sso_login_states').execute();
  await db.schema.dropTable('sso_identities').execute();
  await db.schema.dropTable('sso_providers').execute();
}
