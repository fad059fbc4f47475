import type { Selectable } from 'kysely';
import type { Db } from '../../db/connect.js';
import { engineOf } from '../../db/dialect.js';
import { consumeOnce } from '../../db/single-use.js';
import type { SsoLoginStatesTable, SsoProvidersTable } from '../../db/tables.js';
import { isRole } from '../auth/permissions.js';
import type { Trx } from '../catalog/kind.js';
import { resealRows, takeSqliteWriteLock, type ResealReport } from '../secrets/reseal.js';
import type { SecretBox } from '../../shared/secret-box.js';
import type { SsoConfig } from './schema.js';

/** The database, or the caller's transaction. */
export type Executor = Db | Trx;

export type LoginStateRow = Selectable<SsoLoginStatesTable>;

/**
 * SQL for single sign-on: the workspace's provider, linked identities and pending logins. Every
 * query names its workspace; a login state is used once, by one conditional UPDATE.
 */
export class SsoRepository {
  async findProvider(ex: Executor, workspaceId: string): Promise<SsoConfig | undefined> {
    const row = await ex.selectFrom('sso_providers').selectAll().where('workspace_id', '=', workspaceId).executeTakeFirst();
    return row ? toConfig(row) : undefined;
  }

  /** Re-seals every client secret sealed by an older key, in one transaction (rows locked on PostgreSQL). */
  async resealSecrets(db: Db, box: SecretBox, context: (workspaceId: string) => string): Promise<ResealReport> {
    return db.transaction().execute(async (trx) => {
      await takeSqliteWriteLock(trx, 'sso_providers', 'client_secret');
      const query = trx.selectFrom('sso_providers').select(['workspace_id', 'client_secret']).orderBy('workspace_id');
      const rows = await (engineOf(trx) === 'postgres' ? query.forUpdate() : query).execute();
      return resealRows(box, 'sso_providers', rows, (r) => ({ id: `of workspace ${r.workspace_id}`, value: r.client_secret, context: context(r.workspace_id) }),
        async (r, sealed) => {
          await trx.updateTable('sso_providers').set({ client_secret: sealed })
            .where('workspace_id', '=', r.workspace_id).where('client_secret', '=', r.client_secret).execute();
        });
    });
  }

  async workspaceExists(ex: Executor, workspaceId: string): Promise<boolean> {
    return Boolean(await ex.selectFrom('workspaces').select('id').where('id', '=', workspaceId).executeTakeFirst());
  }

  /** Inserts or replaces the workspace's provider. */
  async putProvider(ex: Executor, c: SsoConfig): Promise<void> {
    const row = toRow(c);
    const { workspace_id: _ws, created_at: _created, ...changes } = row;
    const updated = await ex.updateTable('sso_providers').set(changes).where('workspace_id', '=', c.workspaceId).executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) await ex.insertInto('sso_providers').values(row).execute();
  }

  /** Removes the provider, the workspace's linked identities and its pending logins; false when none was configured. */
  async deleteProvider(ex: Executor, workspaceId: string): Promise<boolean> {
    const r = await ex.deleteFrom('sso_providers').where('workspace_id', '=', workspaceId).executeTakeFirst();
    await ex.deleteFrom('sso_login_states').where('workspace_id', '=', workspaceId).execute();
    await ex.deleteFrom('sso_identities').where('workspace_id', '=', workspaceId).execute();
    return Number(r.numDeletedRows) === 1;
  }

  async findIdentity(ex: Executor, workspaceId: string, issuer: string, subject: string): Promise<{ userId: string } | undefined> {
    const row = await ex.selectFrom('sso_identities').select('user_id')
      .where('workspace_id', '=', workspaceId).where('issuer', '=', issuer).where('subject', '=', subject)
      .executeTakeFirst();
    return row ? { userId: row.user_id } : undefined;
  }

  async insertIdentity(ex: Executor, r: { workspaceId: string; issuer: string; subject: string; userId: string; now: string }): Promise<void> {
    await ex.insertInto('sso_identities').values({
      workspace_id: r.workspaceId, issuer: r.issuer, subject: r.subject, user_id: r.userId, created_at: r.now, last_login_at: r.now,
    }).execute();
  }

  async touchIdentity(ex: Executor, workspaceId: string, issuer: string, subject: string, now: string): Promise<void> {
    await ex.updateTable('sso_identities').set({ last_login_at: now })
      .where('workspace_id', '=', workspaceId).where('issuer', '=', issuer).where('subject', '=', subject)
      .execute();
  }

  async insertLoginState(ex: Executor, row: Omit<LoginStateRow, 'used_at'>): Promise<void> {
    await ex.insertInto('sso_login_states').values({ ...row, used_at: null }).execute();
  }

  /** Marks the state used if it is unused and unexpired; exactly one of racing callbacks gets true. */
  async consumeLoginState(ex: Executor, stateHash: string, now: string): Promise<boolean> {
    return consumeOnce(ex, 'sso_login_states', stateHash, now, { unexpired: true });
  }

  async findLoginState(ex: Executor, stateHash: string): Promise<LoginStateRow | undefined> {
    return ex.selectFrom('sso_login_states').selectAll().where('token_hash', '=', stateHash).executeTakeFirst();
  }

  /** Housekeeping: logins that were never completed. */
  async deleteExpiredLoginStates(ex: Executor, now: string): Promise<void> {
    await ex.deleteFrom('sso_login_states').where('expires_at', '<=', now).execute();
  }
}

function toConfig(row: Selectable<SsoProvidersTable>): SsoConfig {
  const mappings = JSON.parse(row.role_mappings) as Array<{ value: string; role: string }>;
  return {
    workspaceId: row.workspace_id,
    issuer: row.issuer,
    clientId: row.client_id,
    sealedSecret: row.client_secret,
    scopes: JSON.parse(row.scopes) as string[],
    allowedEmailDomains: JSON.parse(row.allowed_email_domains) as string[],
    roleClaim: row.role_claim,
    roleMappings: mappings.flatMap((m) => (isRole(m.role) ? [{ value: m.value, role: m.role }] : [])),
    defaultRole: isRole(row.default_role) ? row.default_role : null,
    jitProvisioning: Number(row.jit_provisioning) === 1,
    mfaAmr: row.mfa_amr === null ? null : (JSON.parse(row.mfa_amr) as string[]),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toRow(c: SsoConfig): Selectable<SsoProvidersTable> {
  return {
    workspace_id: c.workspaceId,
    issuer: c.issuer,
    client_id: c.clientId,
    client_secret: c.sealedSecret,
    scopes: JSON.stringify(c.scopes),
    allowed_email_domains: JSON.stringify(c.allowedEmailDomains),
    role_claim: c.roleClaim,
    role_mappings: JSON.stringify(c.roleMappings),
    default_role: c.defaultRole,
    jit_provisioning: c.jitProvisioning ? 1 : 0,
    mfa_amr: c.mfaAmr === null ? null : JSON.stringify(c.mfaAmr),
    created_at: c.createdAt,
    updated_at: c.updatedAt,
  };
}
