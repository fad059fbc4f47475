import type { Db } from '../../db/connect.js';
import type { AuditRecord } from '../audit/chain.js';
import { AuditRepository } from '../audit/repository.js';
import type { EntityType, Trx } from './kind.js';

export type { AuditRecord } from '../audit/chain.js';

export interface VersionRecord {
  entity_type: EntityType;
  entity_id: string;
  version: string;
  revision: number;
  change_kind: 'create' | 'update' | 'delete';
  bump: string | null;
  changed_fields: string[];
  snapshot: unknown;
  /** The snapshot already serialized (the row's own JSON), to avoid serializing it twice. */
  snapshot_json?: string;
  actor: string;
  request_id: string | null;
  created_at: string;
}

/** Keeps multi-row INSERTs under SQLite's bound-parameter limit. */
const CHUNK = 500;

/**
 * Version snapshots and audit events: append-only, written in the caller's transaction. Audit events
 * go through the AuditRepository, which links them into the workspace's hash chain.
 */
export class HistoryRepository {
  constructor(private readonly audit = new AuditRepository()) {}

  async append(trx: Trx, workspaceId: string, versions: VersionRecord[], audits: AuditRecord[]): Promise<void> {
    for (let i = 0; i < versions.length; i += CHUNK) {
      await trx
        .insertInto('entity_versions')
        .values(versions.slice(i, i + CHUNK).map(({ snapshot_json, ...v }) => ({
          workspace_id: workspaceId,
          ...v,
          changed_fields: JSON.stringify(v.changed_fields),
          snapshot: snapshot_json ?? JSON.stringify(v.snapshot),
        })))
        .execute();
    }
    await this.audit.append(trx, workspaceId, audits);
  }

  /** Serialises the workspace's writers from here to commit (see AuditRepository.lockChain). */
  lockWorkspace(trx: Trx, workspaceId: string): Promise<void> {
    return this.audit.lockChain(trx, workspaceId);
  }

  /** Highest revision recorded per id (a deleted entity keeps its history; a re-created one continues it). */
  async lastRevisions(trx: Trx, workspaceId: string, type: EntityType, ids: readonly string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (let i = 0; i < ids.length; i += CHUNK) {
      const rows = await trx
        .selectFrom('entity_versions')
        .select(['entity_id', (eb) => eb.fn.max('revision').as('rev')])
        .where('workspace_id', '=', workspaceId)
        .where('entity_type', '=', type)
        .where('entity_id', 'in', ids.slice(i, i + CHUNK))
        .groupBy('entity_id')
        .execute();
      for (const r of rows) out.set(r.entity_id, Number(r.rev ?? 0));
    }
    return out;
  }

  async listVersions(db: Db, workspaceId: string, type: EntityType, id: string): Promise<VersionRecord[]> {
    const rows = await db
      .selectFrom('entity_versions')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('entity_type', '=', type)
      .where('entity_id', '=', id)
      .orderBy('revision', 'desc')
      .execute();
    return rows.map(toVersion);
  }

  /** The newest snapshot carrying that version (a re-created entity may repeat a version). */
  async getVersion(db: Db, workspaceId: string, type: EntityType, id: string, version: string): Promise<VersionRecord | undefined> {
    const row = await db
      .selectFrom('entity_versions')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('entity_type', '=', type)
      .where('entity_id', '=', id)
      .where('version', '=', version)
      .orderBy('revision', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? toVersion(row) : undefined;
  }

  async listAudit(db: Db, workspaceId: string, filter: { entityType?: string; entityId?: string; limit: number }) {
    let q = db.selectFrom('audit_events').selectAll().where('workspace_id', '=', workspaceId);
    if (filter.entityType) q = q.where('entity_type', '=', filter.entityType);
    if (filter.entityId) q = q.where('entity_id', '=', filter.entityId);
    const rows = await q.orderBy('id', 'desc').limit(filter.limit).execute();
    return rows.map((r) => ({ ...r, before: r.before ? JSON.parse(r.before) : null, after: r.after ? JSON.parse(r.after) : null }));
  }
}

function toVersion(row: {
  entity_type: string; entity_id: string; version: string; revision: number; change_kind: string; bump: string | null;
  changed_fields: string; snapshot: string; actor: string; request_id: string | null; created_at: string;
}): VersionRecord {
  return {
    entity_type: row.entity_type as EntityType,
    entity_id: row.entity_id,
    version: row.version,
    revision: Number(row.revision),
    change_kind: row.change_kind as VersionRecord['change_kind'],
    bump: row.bump,
    changed_fields: JSON.parse(row.changed_fields) as string[],
    snapshot: JSON.parse(row.snapshot),
    actor: row.actor,
    request_id: row.request_id,
    created_at: row.created_at,
  };
}
