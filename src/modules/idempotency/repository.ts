import type { ExpressionBuilder, Selectable } from 'kysely';
import type { Db } from '../../db/connect.js';
import type { Database, IdempotencyKeysTable } from '../../db/tables.js';

export type IdempotencyRow = Selectable<IdempotencyKeysTable>;

/** The primary key of a stored key: one key space per workspace and principal. */
export interface IdempotencyKeyId {
  workspaceId: string;
  principal: string;
  key: string;
}

/**
 * Which claim a write belongs to. A row is reclaimed (expired, or abandoned in flight) by rewriting
 * it, so every later write of the first claimant is conditional on these two columns being unchanged.
 */
export interface ClaimVersion {
  createdAt: string;
  requestHash: string;
}

export interface StoredResponseColumns {
  status_code: number;
  response_headers: string;
  response_body: string;
}

/** All SQL for stored idempotency keys (`idempotency_keys`). */
export class IdempotencyRepository {
  /** Inserts a new row; throws the driver's unique violation when the key is already stored. */
  async insert(db: Db, row: IdempotencyRow): Promise<void> {
    await db.insertInto('idempotency_keys').values(row).execute();
  }

  async find(db: Db, id: IdempotencyKeyId): Promise<IdempotencyRow | undefined> {
    return db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('workspace_id', '=', id.workspaceId)
      .where('principal', '=', id.principal)
      .where('idem_key', '=', id.key)
      .executeTakeFirst();
  }

  /** Overwrites the row read as `seen` with a fresh in-flight claim; false when someone else got there first. */
  async replace(db: Db, id: IdempotencyKeyId, seen: ClaimVersion, row: IdempotencyRow): Promise<boolean> {
    const result = await db
      .updateTable('idempotency_keys')
      .set({
        route: row.route,
        request_hash: row.request_hash,
        status_code: row.status_code,
        response_headers: row.response_headers,
        response_body: row.response_body,
        created_at: row.created_at,
        expires_at: row.expires_at,
      })
      .where('workspace_id', '=', id.workspaceId)
      .where('principal', '=', id.principal)
      .where('idem_key', '=', id.key)
      .where('created_at', '=', seen.createdAt)
      .where('request_hash', '=', seen.requestHash)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Stores the response of an in-flight claim; false when the claim is no longer this one's. */
  async complete(db: Db, id: IdempotencyKeyId, claim: ClaimVersion, response: StoredResponseColumns): Promise<boolean> {
    const result = await db
      .updateTable('idempotency_keys')
      .set(response)
      .where((eb) => isInFlightClaim(eb, id, claim))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Deletes an in-flight claim, so that a retry with the same key runs again. */
  async release(db: Db, id: IdempotencyKeyId, claim: ClaimVersion): Promise<boolean> {
    const result = await db
      .deleteFrom('idempotency_keys')
      .where((eb) => isInFlightClaim(eb, id, claim))
      .executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }

  /** Deletes every row that expired at or before `now` (ISO time); returns how many. */
  async deleteExpired(db: Db, now: string): Promise<number> {
    const result = await db.deleteFrom('idempotency_keys').where('expires_at', '<=', now).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

/** The row is still this claim's and still in flight: nobody has completed it or taken it over. */
function isInFlightClaim(eb: ExpressionBuilder<Database, 'idempotency_keys'>, id: IdempotencyKeyId, claim: ClaimVersion) {
  return eb.and([
    eb('workspace_id', '=', id.workspaceId),
    eb('principal', '=', id.principal),
    eb('idem_key', '=', id.key),
    eb('created_at', '=', claim.createdAt),
    eb('request_hash', '=', claim.requestHash),
    eb('status_code', 'is', null),
  ]);
}
