import type { Selectable } from 'kysely';
import type { Db } from '../../db/connect.js';
import type { RecordProvenanceTable } from '../../db/tables.js';
import type { EntityType, Trx } from '../catalog/kind.js';

/** Where an imported entity came from, and its ETag as that import left it (columns: db/tables.ts). */
export type StoredProvenance = Omit<Selectable<RecordProvenanceTable>, 'workspace_id' | 'entity_type' | 'entity_id'>;

export type ProvenanceWrite = Omit<Selectable<RecordProvenanceTable>, 'workspace_id' | 'entity_type' | 'imported_at'>;

// 9 columns a row: well under SQLite's 32,766 bound parameters and PostgreSQL's 65,535.
const CHUNK = 500;

/** All SQL for `record_provenance` (migration 0015). */
export class ProvenanceRepository {
  async findMany(db: Db | Trx, workspaceId: string, type: EntityType, ids: readonly string[]): Promise<Map<string, StoredProvenance>> {
    const out = new Map<string, StoredProvenance>();
    for (let i = 0; i < ids.length; i += CHUNK) {
      const rows = await db.selectFrom('record_provenance').select(['entity_id', 'entity_pk', 'format', 'source', 'name', 'etag', 'imported_at'])
        .where('workspace_id', '=', workspaceId).where('entity_type', '=', type).where('entity_id', 'in', ids.slice(i, i + CHUNK)).execute();
      for (const { entity_id, ...p } of rows) out.set(entity_id, p);
    }
    return out;
  }

  async find(db: Db | Trx, workspaceId: string, type: EntityType, id: string): Promise<StoredProvenance | undefined> {
    return (await this.findMany(db, workspaceId, type, [id])).get(id);
  }

  /** Records (or moves) each entity's source; one row per entity, its latest source. */
  async upsertMany(trx: Trx, workspaceId: string, type: EntityType, rows: readonly ProvenanceWrite[], at: string): Promise<void> {
    for (let i = 0; i < rows.length; i += CHUNK) {
      const values = rows.slice(i, i + CHUNK).map((r) => ({ workspace_id: workspaceId, entity_type: type, imported_at: at, ...r }));
      await trx.insertInto('record_provenance').values(values)
        .onConflict((oc) => oc.columns(['workspace_id', 'entity_type', 'entity_id']).doUpdateSet((eb) => ({
          entity_pk: eb.ref('excluded.entity_pk'), format: eb.ref('excluded.format'), source: eb.ref('excluded.source'), name: eb.ref('excluded.name'),
          etag: eb.ref('excluded.etag'), imported_at: eb.ref('excluded.imported_at'),
        })))
        .execute();
    }
  }

  async delete(trx: Trx, workspaceId: string, type: EntityType, id: string): Promise<void> {
    await trx.deleteFrom('record_provenance').where('workspace_id', '=', workspaceId).where('entity_type', '=', type).where('entity_id', '=', id).execute();
  }
}
