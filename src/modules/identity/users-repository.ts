import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../db/connect.js';
import { SYSTEM_WORKSPACE } from '../../shared/context.js';
import type { MembershipsTable, UsersTable, WorkspacesTable } from '../../db/tables.js';
import type { Trx } from '../catalog/kind.js';

/** A query runner: the database, or the caller's transaction (SQLite has one connection: pass the trx inside one). */
export type Executor = Db | Trx;

export type UserRow = Selectable<UsersTable>;
export type MembershipRow = MembershipsTable;
export type MemberRow = UserRow & { role: string; joined_at: string };

/** Users, memberships and workspace rows. Password hashes leave this file only towards the service. */
export class UsersRepository {
  async insertUser(ex: Executor, row: Insertable<UsersTable>): Promise<void> {
    await ex.insertInto('users').values(row).execute();
  }

  async findUserById(ex: Executor, id: string): Promise<UserRow | undefined> {
    return ex.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** `email` must already be normalised (trimmed, lower-case), as stored. */
  async findUserByEmail(ex: Executor, email: string): Promise<UserRow | undefined> {
    return ex.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  }

  async anyUserExists(ex: Executor): Promise<boolean> {
    return (await ex.selectFrom('users').select('id').limit(1).executeTakeFirst()) !== undefined;
  }

  async setPasswordHash(ex: Executor, id: string, passwordHash: string, now: string): Promise<boolean> {
    const r = await ex.updateTable('users').set({ password_hash: passwordHash, updated_at: now }).where('id', '=', id).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async setStatus(ex: Executor, id: string, status: string, now: string): Promise<boolean> {
    const r = await ex.updateTable('users').set({ status, updated_at: now }).where('id', '=', id).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async findWorkspace(ex: Executor, id: string): Promise<Pick<WorkspacesTable, 'id' | 'name' | 'created_at'> | undefined> {
    // The reserved `_system` audit workspace has no members and cannot get any.
    if (id === SYSTEM_WORKSPACE) return undefined;
    return ex.selectFrom('workspaces').select(['id', 'name', 'created_at']).where('id', '=', id).executeTakeFirst();
  }

  async listMembers(ex: Executor, workspaceId: string): Promise<MemberRow[]> {
    return this.members(ex, workspaceId).orderBy('u.email').execute();
  }

  /** One member of the workspace, by user id: a primary-key lookup, not a filtered list. */
  async findMember(ex: Executor, workspaceId: string, userId: string): Promise<MemberRow | undefined> {
    return this.members(ex, workspaceId).where('u.id', '=', userId).executeTakeFirst();
  }

  private members(ex: Executor, workspaceId: string) {
    return ex
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .selectAll('u')
      .select(['m.role as role', 'm.created_at as joined_at'])
      .where('m.workspace_id', '=', workspaceId);
  }

  async findMembership(ex: Executor, workspaceId: string, userId: string): Promise<MembershipRow | undefined> {
    return ex.selectFrom('memberships').selectAll().where('workspace_id', '=', workspaceId).where('user_id', '=', userId).executeTakeFirst();
  }

  async membershipsOfUser(ex: Executor, userId: string): Promise<MembershipRow[]> {
    return ex.selectFrom('memberships').selectAll().where('user_id', '=', userId).orderBy('workspace_id').execute();
  }

  async insertMembership(ex: Executor, row: MembershipRow): Promise<void> {
    await ex.insertInto('memberships').values(row).execute();
  }

  async setMembershipRole(ex: Executor, workspaceId: string, userId: string, role: string): Promise<boolean> {
    const r = await ex.updateTable('memberships').set({ role }).where('workspace_id', '=', workspaceId).where('user_id', '=', userId).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async deleteMembership(ex: Executor, workspaceId: string, userId: string): Promise<boolean> {
    const r = await ex.deleteFrom('memberships').where('workspace_id', '=', workspaceId).where('user_id', '=', userId).executeTakeFirst();
    return Number(r.numDeletedRows) === 1;
  }

  /** Admins of a workspace whose account is active (the ones who can still administer it). */
  async countActiveAdmins(ex: Executor, workspaceId: string): Promise<number> {
    const row = await ex
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('m.workspace_id', '=', workspaceId)
      .where('m.role', '=', 'admin')
      .where('u.status', '=', 'active')
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }
}
