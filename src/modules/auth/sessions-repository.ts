import { consumeOnce } from '../../db/single-use.js';
import type { Db } from '../../db/connect.js';
import type { RefreshTokensTable, SessionsTable } from '../../db/tables.js';
import type { Trx } from '../catalog/kind.js';

/** A query runner: the database, or the caller's transaction (inside one on SQLite, always the trx). */
export type Executor = Db | Trx;

export type SessionRow = SessionsTable;
export type RefreshTokenRow = RefreshTokensTable;

/** A refresh token with the session it belongs to. */
export interface RefreshTokenWithSession {
  token_hash: string;
  session_id: string;
  expires_at: string;
  used_at: string | null;
  user_id: string;
  workspace_id: string;
  session_expires_at: string;
  revoked_at: string | null;
  csrf_hash: string | null;
  auth_method: string | null;
}

/** Sessions and their refresh tokens (stored as SHA-256 hashes only). Times are ISO strings. */
export class SessionsRepository {
  async insertSession(ex: Executor, row: SessionRow): Promise<void> {
    await ex.insertInto('sessions').values(row).execute();
  }

  async insertRefreshToken(ex: Executor, row: RefreshTokenRow): Promise<void> {
    await ex.insertInto('refresh_tokens').values(row).execute();
  }

  /**
   * Marks an unused, unexpired token used. Exactly one of concurrent callers sees `true`
   * (the condition is re-checked under the row lock on PostgreSQL; SQLite has one writer).
   */
  markRefreshTokenUsed(ex: Executor, tokenHash: string, now: string): Promise<boolean> {
    return consumeOnce(ex, 'refresh_tokens', tokenHash, now, { unexpired: true });
  }

  async findRefreshToken(ex: Executor, tokenHash: string): Promise<RefreshTokenWithSession | undefined> {
    return ex
      .selectFrom('refresh_tokens as t')
      .innerJoin('sessions as s', 's.id', 't.session_id')
      .select([
        't.token_hash', 't.session_id', 't.expires_at', 't.used_at',
        's.user_id', 's.workspace_id', 's.expires_at as session_expires_at', 's.revoked_at', 's.csrf_hash', 's.auth_method',
      ])
      .where('t.token_hash', '=', tokenHash)
      .executeTakeFirst();
  }

  async findSession(ex: Executor, id: string): Promise<SessionRow | undefined> {
    return ex.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** `workspaceId`: only a session in that workspace (an undefined one: any of the user's). */
  async findUserSession(ex: Executor, userId: string, id: string, workspaceId?: string): Promise<SessionRow | undefined> {
    return ex.selectFrom('sessions').selectAll().where('id', '=', id).where('user_id', '=', userId)
      .$if(workspaceId !== undefined, (q) => q.where('workspace_id', '=', workspaceId!))
      .executeTakeFirst();
  }

  /** Sessions of a user that are neither revoked nor expired, most recently used first (in `workspaceId` only, when given). */
  async listActive(ex: Executor, userId: string, now: string, workspaceId?: string): Promise<SessionRow[]> {
    return ex
      .selectFrom('sessions')
      .selectAll()
      .where('user_id', '=', userId)
      .$if(workspaceId !== undefined, (q) => q.where('workspace_id', '=', workspaceId!))
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .orderBy('last_used_at', 'desc')
      .orderBy('id')
      .execute();
  }

  /** Sets last_used_at, unless it is already later than `unlessAfter`. */
  async touch(ex: Executor, id: string, now: string, unlessAfter: string): Promise<void> {
    await ex.updateTable('sessions').set({ last_used_at: now }).where('id', '=', id).where('last_used_at', '<=', unlessAfter).execute();
  }

  async revokeSession(ex: Executor, id: string, now: string, reason: string): Promise<boolean> {
    const r = await ex
      .updateTable('sessions')
      .set({ revoked_at: now, revoked_reason: reason })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async revokeAllForUser(ex: Executor, userId: string, now: string, reason: string, workspaceId?: string): Promise<number> {
    const r = await ex
      .updateTable('sessions')
      .set({ revoked_at: now, revoked_reason: reason })
      .where('user_id', '=', userId)
      .$if(workspaceId !== undefined, (q) => q.where('workspace_id', '=', workspaceId!))
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  /** Deletes refresh tokens expired before `before`, then sessions expired or revoked before it. */
  async purge(ex: Executor, before: string): Promise<{ sessions: number; refreshTokens: number }> {
    const t = await ex.deleteFrom('refresh_tokens').where('expires_at', '<', before).executeTakeFirst();
    const s = await ex
      .deleteFrom('sessions')
      .where((eb) => eb.or([eb('expires_at', '<', before), eb('revoked_at', '<', before)]))
      .executeTakeFirst();
    return { sessions: Number(s.numDeletedRows), refreshTokens: Number(t.numDeletedRows) };
  }
}
