import type { Db } from '../../db/connect.js';
import { SYSTEM_WORKSPACE } from '../../shared/context.js';
import type { Trx } from '../catalog/kind.js';

/** Workspace rows; the catalog-level metadata of the last imported catalog file lives here. */
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
}
