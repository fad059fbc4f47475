import type { Selectable } from 'kysely';
import type { Db } from '../../db/connect.js';
import type { ApiKeysTable } from '../../db/tables.js';
import type { Trx } from '../catalog/kind.js';

export type ApiKeyRow = Selectable<ApiKeysTable>;
/** A key row without its secret hash: what listings read. */
export type PublicApiKeyRow = Omit<ApiKeyRow, 'secret_hash'>;

/** A key as authentication needs it: with its owner's status and current role in the key's workspace. */
export interface ApiKeyAuthRow extends ApiKeyRow {
  user_status: string | null;
  role: string | null;
}

const PUBLIC_COLUMNS = ['id', 'workspace_id', 'user_id', 'name', 'prefix', 'scopes', 'created_at', 'expires_at', 'last_used_at', 'revoked_at'] as const;

/** All SQL for API keys. */
export class ApiKeysRepository {
  async insert(trx: Trx, row: ApiKeyRow): Promise<void> {
    await trx.insertInto('api_keys').values(row).execute();
  }

  /** The key with this prefix, joined with its owner's status and membership role (NULL when gone). */
  async findForAuth(db: Db, prefix: string): Promise<ApiKeyAuthRow | undefined> {
    return db
      .selectFrom('api_keys as k')
      .leftJoin('users as u', 'u.id', 'k.user_id')
      .leftJoin('memberships as m', (j) => j.onRef('m.workspace_id', '=', 'k.workspace_id').onRef('m.user_id', '=', 'k.user_id'))
      .selectAll('k')
      .select(['u.status as user_status', 'm.role as role'])
      .where('k.prefix', '=', prefix)
      .executeTakeFirst();
  }

  /** Records a use, unless one was recorded at or after `notBefore` (so at most one write per interval). */
  async touch(db: Db, id: string, at: string, notBefore: string): Promise<void> {
    await db
      .updateTable('api_keys')
      .set({ last_used_at: at })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', notBefore)]))
      .execute();
  }

  async list(db: Db, workspaceId: string, userId?: string): Promise<PublicApiKeyRow[]> {
    let q = db.selectFrom('api_keys').select(PUBLIC_COLUMNS).where('workspace_id', '=', workspaceId);
    if (userId !== undefined) q = q.where('user_id', '=', userId);
    return q.orderBy('created_at', 'desc').orderBy('id').execute();
  }

  async find(trx: Trx | Db, workspaceId: string, id: string): Promise<PublicApiKeyRow | undefined> {
    return trx.selectFrom('api_keys').select(PUBLIC_COLUMNS).where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  }

  /** Not yet revoked keys of a user, in every workspace, or in `workspaceId` only when given. */
  async activeOfUser(trx: Trx, userId: string, workspaceId?: string): Promise<PublicApiKeyRow[]> {
    return trx.selectFrom('api_keys').select(PUBLIC_COLUMNS).where('user_id', '=', userId).where('revoked_at', 'is', null)
      .$if(workspaceId !== undefined, (q) => q.where('workspace_id', '=', workspaceId!))
      .orderBy('id').execute();
  }

  /** Revokes the keys among `ids` that are not revoked yet; returns the ids it revoked. */
  async revoke(trx: Trx, ids: readonly string[], at: string): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await trx
      .updateTable('api_keys')
      .set({ revoked_at: at })
      .where('id', 'in', ids)
      .where('revoked_at', 'is', null)
      .returning('id')
      .execute();
    return rows.map((r) => r.id);
  }
}
