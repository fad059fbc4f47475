import type { Selectable } from 'kysely';
import type { Db } from '../../db/connect.js';
import type { WorkspacesTable } from '../../db/tables.js';
import { SYSTEM_WORKSPACE } from '../../shared/context.js';
import type { Trx } from '../catalog/kind.js';

export type WorkspaceRow = Omit<Selectable<WorkspacesTable>, 'catalog_meta' | 'reference_policy'>;
type Executor = Db | Trx;

const COLUMNS = ['id', 'name', 'created_at', 'mfa_required', 'deleted_at', 'purge_after'] as const;

/** Workspace rows (the catalog-level metadata of the last imported catalog file lives here too), and the instance-admin flag. */
export class WorkspacesRepository {
  constructor(private readonly db: Db) {}

  /** Whether a workspace the catalog can use exists (the reserved `_system` audit workspace is not one). */
  async exists(id: string): Promise<boolean> {
    if (id === SYSTEM_WORKSPACE) return false;
    return (await this.db.selectFrom('workspaces').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
  }

  /** Pass the transaction when inside one (SQLite has a single connection: using `db` there would wait forever). */
  async catalogMeta(id: string, executor: Db | Trx = this.db): Promise<Record<string, unknown> | null> {
    const row = await executor.selectFrom('workspaces').select('catalog_meta').where('id', '=', id).executeTakeFirst();
    return row?.catalog_meta ? (JSON.parse(row.catalog_meta) as Record<string, unknown>) : null;
  }

  async setCatalogMeta(trx: Trx, id: string, meta: Record<string, unknown>): Promise<void> {
    await trx.updateTable('workspaces').set({ catalog_meta: JSON.stringify(meta) }).where('id', '=', id).execute();
  }

  /** A workspace people can use; never the reserved `_system` one. */
  async find(ex: Executor, id: string): Promise<WorkspaceRow | undefined> {
    if (id === SYSTEM_WORKSPACE) return undefined;
    return ex.selectFrom('workspaces').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  }

  async insert(ex: Executor, row: { id: string; name: string; created_at: string }): Promise<void> {
    await ex.insertInto('workspaces').values({ ...row, catalog_meta: null }).execute();
  }

  async rename(ex: Executor, id: string, name: string): Promise<void> {
    await ex.updateTable('workspaces').set({ name }).where('id', '=', id).execute();
  }

  /** Marks the workspace deleted (`purgeAfter` set) or restores it (both null). */
  async setDeleted(ex: Executor, id: string, deletedAt: string | null, purgeAfter: string | null): Promise<void> {
    await ex.updateTable('workspaces').set({ deleted_at: deletedAt, purge_after: purgeAfter }).where('id', '=', id).execute();
  }

  /** Every workspace but `_system`, by id, with its number of members (the host's list). */
  async listAll(ex: Executor): Promise<Array<WorkspaceRow & { members: number }>> {
    const rows = await ex.selectFrom('workspaces as w')
      .select(COLUMNS.map((c) => `w.${c}` as const))
      .select((eb) => eb.selectFrom('memberships as m').select((e) => e.fn.countAll().as('n')).whereRef('m.workspace_id', '=', 'w.id').as('members'))
      .where('w.id', '!=', SYSTEM_WORKSPACE)
      .orderBy('w.id')
      .execute();
    return rows.map((r) => ({ ...r, members: Number(r.members ?? 0) }));
  }

  /** The user's workspaces with their role in each, by id. */
  async listOfUser(ex: Executor, userId: string): Promise<Array<WorkspaceRow & { role: string }>> {
    return ex.selectFrom('memberships as m')
      .innerJoin('workspaces as w', 'w.id', 'm.workspace_id')
      .select(COLUMNS.map((c) => `w.${c}` as const))
      .select('m.role as role')
      .where('m.user_id', '=', userId)
      .orderBy('w.id')
      .execute();
  }

  /** Deleted workspaces whose retention has run out at `now`. */
  async dueForPurge(ex: Executor, now: string): Promise<string[]> {
    const rows = await ex.selectFrom('workspaces').select('id').where('purge_after', 'is not', null).where('purge_after', '<=', now).orderBy('purge_after').execute();
    return rows.map((r) => r.id);
  }

  async isInstanceAdmin(ex: Executor, userId: string): Promise<boolean> {
    const row = await ex.selectFrom('users').select('instance_admin').where('id', '=', userId).executeTakeFirst();
    return Number(row?.instance_admin ?? 0) === 1;
  }

  async setInstanceAdmin(ex: Executor, userId: string, on: boolean): Promise<boolean> {
    const r = await ex.updateTable('users').set({ instance_admin: on ? 1 : 0 }).where('id', '=', userId).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
}
