import type { Kysely } from 'kysely';

/**
 * How each session was authenticated, and whether a workspace counts its identity provider's MFA.
 * - `sessions.auth_method`: `password`, `password+mfa`, `sso` or `sso+mfa`. The MFA policy and the
 *   reach of account-wide actions depend on it. NULL (sessions opened before this migration) is treated
 *   like an SSO session without MFA: the least trusted, until the user signs in again.
 * - `sso_providers.mfa_amr`: JSON list of `amr` values (RFC 8176) that make an SSO login count as
 *   multi-factor, e.g. `["mfa"]`; NULL: the provider's MFA is not counted.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sessions').addColumn('auth_method', 'text').execute();
  await db.schema.alterTable('sso_providers').addColumn('mfa_amr', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sso_providers').dropColumn('mfa_amr').execute();
  await db.schema.alterTable('sessions').dropColumn('auth_method').execute();
}
