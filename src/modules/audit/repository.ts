import type { Selectable } from 'kysely';
import type { AuditEventsTable } from '../../db/tables.js';
import { sql } from 'kysely';
import type { Db } from '../../db/connect.js';
import { engineOf } from '../../db/dialect.js';
import { liveWorkspaceRequirement } from '../../db/tenant-context.js';
import { NotFoundError } from '../../shared/errors.js';
import type { Trx } from '../catalog/kind.js';
import { deletedMessage, WorkspaceDeletedError } from '../workspaces/model.js';
import { chain, GENESIS_HASH, toChainedFields, type AuditRecord } from './chain.js';

/** Keeps multi-row INSERTs under SQLite's bound-parameter limit (14 columns a row). */
/** Transactions whose workspace was found live (see checkLive). */
const checked = new WeakSet<Trx>();
const CHUNK = 500;

export interface AuditFilter {
  actor?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  /** Inclusive lower bound on occurred_at (ISO 8601, UTC). */
  from?: string;
  /** Exclusive upper bound on occurred_at (ISO 8601, UTC). */
  to?: string;
}

/** One stored event, before/after still as their JSON text. */
export type AuditRow = Selectable<AuditEventsTable>;

const COLUMNS = ['id', 'workspace_id', 'occurred_at', 'actor', 'action', 'entity_type', 'entity_id', 'request_id', 'outcome',
  'before', 'after', 'ip', 'prev_hash', 'hash'] as const;

/** All SQL for the hash-chained, append-only audit log. */
export class AuditRepository {
  /**
   * Appends events to the workspace's chain inside the caller's transaction: one head read per call,
   * then the whole batch is linked in memory. On PostgreSQL a transaction-scoped advisory lock per
   * workspace serialises appenders until commit, so two transactions never link to the same head and
   * ids (taken after the lock) follow chain order. SQLite already serialises writers. The transaction
   * must be READ COMMITTED (the default) so the head read after the lock sees the latest commit.
   */
  async append(trx: Trx, workspaceId: string, records: readonly AuditRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.lockChain(trx, workspaceId);
    const rows = chain(await this.head(trx, workspaceId), records.map((r) => toChainedFields(workspaceId, r)));
    for (let i = 0; i < rows.length; i += CHUNK) {
      await trx.insertInto('audit_events').values(rows.slice(i, i + CHUNK)).execute();
    }
  }

  /**
   * Takes the workspace's chain lock (PostgreSQL: a transaction-scoped advisory lock, re-entrant within
   * the transaction; SQLite serialises writers anyway). Catalog writers take it first thing, before any
   * row lock: taken only at append, after their row writes, a long import holding it and a single
   * update holding a row the import still has to write would wait on each other (deadlock, 40P01).
   */
  async lockChain(trx: Trx, workspaceId: string): Promise<void> {
    if (engineOf(trx) === 'postgres') await sql`select pg_advisory_xact_lock(hashtext(${workspaceId}))`.execute(trx);
    await this.checkLive(trx, workspaceId);
  }

  /**
   * A request the deleted-workspace guard let write must still find its workspace as the guard saw it:
   * delete and purge take this same lock, so after it the row is current. Without this, a request whose
   * body arrived slowly wrote into a workspace deleted meanwhile, or (purged and re-created under the
   * same id) into another tenant's. Once per transaction.
   */
  private async checkLive(trx: Trx, workspaceId: string): Promise<void> {
    const need = liveWorkspaceRequirement(workspaceId);
    if (!need || checked.has(trx)) return;
    const ws = await trx.selectFrom('workspaces').select(['created_at', 'deleted_at', 'purge_after']).where('id', '=', workspaceId).executeTakeFirst();
    if (!ws || need.createdAt === null || String(ws.created_at) !== need.createdAt) throw new NotFoundError(`workspace ${workspaceId} not found`);
    if (ws.deleted_at) throw new WorkspaceDeletedError(deletedMessage(workspaceId, ws.purge_after));
    checked.add(trx);
  }

  /** The hash of the workspace's latest event (max id), or the genesis value for an empty chain. */
  async head(trx: Trx | Db, workspaceId: string): Promise<string> {
    const row = await trx.selectFrom('audit_events').select('hash').where('workspace_id', '=', workspaceId)
      .orderBy('id', 'desc').limit(1).executeTakeFirst();
    return row ? row.hash ?? GENESIS_HASH : GENESIS_HASH;
  }

  /** Up to `limit` events with id > afterId, in id order (the chain walk). */
  async pageAfter(db: Db | Trx, workspaceId: string, afterId: number, limit: number, filter: AuditFilter = {}): Promise<AuditRow[]> {
    const rows = await this.filtered(db, workspaceId, filter).where('id', '>', afterId).orderBy('id', 'asc').limit(limit).execute();
    return rows.map(normalize);
  }

  /** Up to `limit` events with id < beforeId (or the newest), newest first. */
  async pageBefore(db: Db, workspaceId: string, beforeId: number | undefined, limit: number, filter: AuditFilter = {}): Promise<AuditRow[]> {
    let q = this.filtered(db, workspaceId, filter);
    if (beforeId !== undefined) q = q.where('id', '<', beforeId);
    return (await q.orderBy('id', 'desc').limit(limit).execute()).map(normalize);
  }

  /** Sets prev_hash and hash of existing rows (used once, to seal events written before the chain). */
  async setLinks(trx: Trx, rows: ReadonlyArray<{ id: number; prev_hash: string; hash: string }>): Promise<void> {
    for (const r of rows) {
      await trx.updateTable('audit_events').set({ prev_hash: r.prev_hash, hash: r.hash }).where('id', '=', r.id).execute();
    }
  }

  async hasChained(db: Db | Trx, workspaceId: string): Promise<boolean> {
    const row = await db.selectFrom('audit_events').select('id').where('workspace_id', '=', workspaceId)
      .where('hash', 'is not', null).limit(1).executeTakeFirst();
    return row !== undefined;
  }

  async workspaceIds(db: Db | Trx): Promise<string[]> {
    return (await db.selectFrom('audit_events').select('workspace_id').distinct().execute()).map((r) => r.workspace_id);
  }

  private filtered(db: Db | Trx, workspaceId: string, f: AuditFilter) {
    let q = db.selectFrom('audit_events').select(COLUMNS).where('workspace_id', '=', workspaceId);
    if (f.actor !== undefined) q = q.where('actor', '=', f.actor);
    if (f.action !== undefined) q = q.where('action', '=', f.action);
    if (f.entityType !== undefined) q = q.where('entity_type', '=', f.entityType);
    if (f.entityId !== undefined) q = q.where('entity_id', '=', f.entityId);
    if (f.from !== undefined) q = q.where('occurred_at', '>=', f.from);
    if (f.to !== undefined) q = q.where('occurred_at', '<', f.to);
    return q;
  }
}

/** PostgreSQL may hand back identity ids as strings (int8); the chain walk compares numbers. */
function normalize(row: AuditRow): AuditRow {
  return { ...row, id: Number(row.id) };
}
