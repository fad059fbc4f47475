import type { InvitationsTable } from '../../db/tables.js';
import { SYSTEM_WORKSPACE } from '../../shared/context.js';
import type { Executor } from '../identity/users-repository.js';

export type InvitationRow = InvitationsTable;

/** Which invitations a list shows; `pending` is the default (the ones an admin can still act on). */
export const INVITATION_STATUSES = ['pending', 'expired', 'accepted', 'revoked'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

/** Invitation rows. Every query but the token lookup is limited to one workspace. Timestamps are ISO strings (they sort as text). */
export class InvitationsRepository {
  async insert(ex: Executor, row: InvitationRow): Promise<void> {
    await ex.insertInto('invitations').values(row).execute();
  }

  async find(ex: Executor, workspaceId: string, id: string): Promise<InvitationRow | undefined> {
    return ex.selectFrom('invitations').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  }

  /** The invitation a link's token belongs to, in any workspace (the accept step has no workspace yet). */
  async findByTokenHash(ex: Executor, tokenHash: string): Promise<InvitationRow | undefined> {
    return ex.selectFrom('invitations').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  }

  /** The invitation's workspace: its name for the email, and whether it is deleted (nothing joins it then). */
  async findWorkspace(ex: Executor, workspaceId: string): Promise<{ id: string; name: string; deleted_at: string | null; purge_after: string | null } | undefined> {
    if (workspaceId === SYSTEM_WORKSPACE) return undefined; // the instance audit stream: no members, no invitations
    return ex.selectFrom('workspaces').select(['id', 'name', 'deleted_at', 'purge_after']).where('id', '=', workspaceId).executeTakeFirst();
  }

  /** A pending invitation of the address in the workspace, if any. */
  async findPending(ex: Executor, workspaceId: string, email: string, now: string): Promise<InvitationRow | undefined> {
    return ex.selectFrom('invitations').selectAll()
      .where('workspace_id', '=', workspaceId).where('email', '=', email)
      .where('accepted_at', 'is', null).where('revoked_at', 'is', null).where('expires_at', '>', now)
      .executeTakeFirst();
  }

  /** Newest first; `status` filters as `statusOf` computes it. */
  async list(ex: Executor, workspaceId: string, status: InvitationStatus | 'all', now: string, limit: number): Promise<InvitationRow[]> {
    let q = ex.selectFrom('invitations').selectAll().where('workspace_id', '=', workspaceId);
    if (status === 'accepted') q = q.where('accepted_at', 'is not', null);
    else if (status === 'revoked') q = q.where('accepted_at', 'is', null).where('revoked_at', 'is not', null);
    else if (status !== 'all') {
      q = q.where('accepted_at', 'is', null).where('revoked_at', 'is', null).where('expires_at', status === 'pending' ? '>' : '<=', now);
    }
    return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  }

  /** A new token and expiry for an invitation that is neither accepted nor revoked; false otherwise. */
  async renew(ex: Executor, workspaceId: string, id: string, set: { token_hash: string; expires_at: string; delivery: string; now: string }): Promise<boolean> {
    const r = await ex.updateTable('invitations')
      .set({ token_hash: set.token_hash, expires_at: set.expires_at, delivery: set.delivery, delivered_at: null, updated_at: set.now })
      .where('workspace_id', '=', workspaceId).where('id', '=', id).where('accepted_at', 'is', null).where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** How the current token went out; only while that token is still the invitation's. */
  async setDelivery(ex: Executor, id: string, tokenHash: string, delivery: string, at: string | null): Promise<void> {
    await ex.updateTable('invitations').set({ delivery, delivered_at: at }).where('id', '=', id).where('token_hash', '=', tokenHash).execute();
  }

  async revoke(ex: Executor, workspaceId: string, id: string, now: string): Promise<boolean> {
    const r = await ex.updateTable('invitations').set({ revoked_at: now, updated_at: now })
      .where('workspace_id', '=', workspaceId).where('id', '=', id).where('accepted_at', 'is', null).where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /**
   * Whether whoever created an invitation could still create it: a person still an active admin of the
   * workspace, or an API key not revoked or expired whose owner is. Any other actor is the host (CLI).
   */
  async inviterStillAdmin(ex: Executor, workspaceId: string, createdBy: string, now: string): Promise<boolean> {
    const [kind, id] = [createdBy.slice(0, createdBy.indexOf(':')), createdBy.slice(createdBy.indexOf(':') + 1)];
    if (kind !== 'user' && kind !== 'api_key') return true;
    let userId = id;
    if (kind === 'api_key') {
      const key = await ex.selectFrom('api_keys').select(['user_id', 'revoked_at', 'expires_at']).where('id', '=', id).where('workspace_id', '=', workspaceId).executeTakeFirst();
      if (!key || key.revoked_at !== null || (key.expires_at !== null && key.expires_at <= now)) return false;
      userId = key.user_id;
    }
    const m = await ex.selectFrom('memberships').innerJoin('users', 'users.id', 'memberships.user_id').select(['memberships.role', 'users.status'])
      .where('memberships.workspace_id', '=', workspaceId).where('memberships.user_id', '=', userId).executeTakeFirst();
    return m?.role === 'admin' && m.status === 'active';
  }

  /**
   * Marks the invitation accepted if this token is still its live one (unaccepted, unrevoked, unexpired).
   * One conditional UPDATE, so exactly one of racing accepts wins on either engine.
   */
  async consume(ex: Executor, id: string, tokenHash: string, userId: string, now: string): Promise<boolean> {
    const r = await ex.updateTable('invitations').set({ accepted_at: now, accepted_by: userId, updated_at: now })
      .where('id', '=', id).where('token_hash', '=', tokenHash)
      .where('accepted_at', 'is', null).where('revoked_at', 'is', null).where('expires_at', '>', now)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
}

export function statusOf(row: InvitationRow, now: string): InvitationStatus {
  if (row.accepted_at !== null) return 'accepted';
  if (row.revoked_at !== null) return 'revoked';
  return row.expires_at > now ? 'pending' : 'expired';
}
