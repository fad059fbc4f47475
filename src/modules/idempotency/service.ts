import type { Db } from '../../db/connect.js';
import { isUniqueViolation } from '../../db/errors.js';
import { asSystem } from '../../db/tenant-context.js';
import { IdempotencyRepository, type ClaimVersion, type IdempotencyKeyId, type IdempotencyRow } from './repository.js';

export type { IdempotencyKeyId } from './repository.js';

export const DEFAULT_TTL_MS = 24 * 60 * 60 * 1000;
/** An in-flight claim older than this is taken to be abandoned (its process died) and may be reclaimed. */
export const DEFAULT_STALE_AFTER_MS = 5 * 60 * 1000;

/** A response as stored for replay. */
export interface StoredResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/** The right to run a request under a key, held until `complete` or `release`. */
export interface Claim extends ClaimVersion {
  id: IdempotencyKeyId;
}

export type BeginResult =
  /** The key is new (or its old row expired or was abandoned): run the request, then complete or release. */
  | { kind: 'claimed'; claim: Claim }
  /** The same request already completed: answer with its stored response. */
  | { kind: 'replay'; response: StoredResponse }
  /** The key was used for a different request (method, URL, content type or body). */
  | { kind: 'mismatch' }
  /** The same request is still running elsewhere. */
  | { kind: 'in_progress' };

export interface IdempotencyServiceOptions {
  repo?: IdempotencyRepository;
  clock?: () => Date;
  /** How long a key is kept after its first use (default 24 h). */
  ttlMs?: number;
  /** After how long an in-flight claim counts as abandoned (default 5 min). */
  staleAfterMs?: number;
}

/** Attempts of the insert → read → reclaim loop before answering "in progress". */
const MAX_ATTEMPTS = 4;

/**
 * Stored idempotency keys. The database row is the lock: the first request inserts it in flight
 * (status NULL), and racing inserts lose on the primary key. Rows live `ttlMs` from their creation;
 * an expired row is ignored and overwritten, and `purgeExpired` deletes them in bulk.
 */
export class IdempotencyService {
  private readonly repo: IdempotencyRepository;
  private readonly clock: () => Date;
  readonly ttlMs: number;
  readonly staleAfterMs: number;

  constructor(private readonly db: Db, opts: IdempotencyServiceOptions = {}) {
    this.repo = opts.repo ?? new IdempotencyRepository();
    this.clock = opts.clock ?? (() => new Date());
    this.ttlMs = opts.ttlMs ?? DEFAULT_TTL_MS;
    this.staleAfterMs = opts.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
  }

  /** Claims the key for this request, or says what to answer instead. `route` is kept for diagnostics. */
  async begin(id: IdempotencyKeyId, route: string, requestHash: string): Promise<BeginResult> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const now = this.clock();
      const row: IdempotencyRow = {
        workspace_id: id.workspaceId,
        principal: id.principal,
        idem_key: id.key,
        route,
        request_hash: requestHash,
        status_code: null,
        response_headers: null,
        response_body: null,
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + this.ttlMs).toISOString(),
      };
      const claimed: BeginResult = { kind: 'claimed', claim: { id, createdAt: row.created_at, requestHash } };
      try {
        await this.repo.insert(this.db, row);
        return claimed;
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
      }
      const existing = await this.repo.find(this.db, id);
      if (!existing) continue; // released or purged in between: try the insert again
      const seen = { createdAt: existing.created_at, requestHash: existing.request_hash };
      if (existing.expires_at <= row.created_at) {
        if (await this.repo.replace(this.db, id, seen, row)) return claimed;
        continue;
      }
      if (existing.request_hash !== requestHash) return { kind: 'mismatch' };
      if (existing.status_code === null) {
        const staleBefore = new Date(now.getTime() - this.staleAfterMs).toISOString();
        if (existing.created_at > staleBefore) return { kind: 'in_progress' };
        if (await this.repo.replace(this.db, id, seen, row)) return claimed;
        continue;
      }
      return { kind: 'replay', response: toResponse(existing) };
    }
    // Lost every race (the row keeps changing under us): the client may retry shortly.
    return { kind: 'in_progress' };
  }

  /** Stores the response of a claim. False when the claim was lost (reclaimed after being abandoned). */
  async complete(claim: Claim, response: StoredResponse): Promise<boolean> {
    return this.repo.complete(this.db, claim.id, claim, {
      status_code: response.statusCode,
      response_headers: JSON.stringify(response.headers),
      response_body: response.body,
    });
  }

  /** Gives the key up without a stored response: a retry with it runs the request again. */
  async release(claim: Claim): Promise<boolean> {
    return this.repo.release(this.db, claim.id, claim);
  }

  /** Deletes the expired keys (of every workspace); returns how many. */
  async purgeExpired(): Promise<number> {
    // Housekeeping over every workspace, though a request of one workspace triggers it.
    return asSystem(() => this.repo.deleteExpired(this.db, this.clock().toISOString()));
  }
}

function toResponse(row: IdempotencyRow): StoredResponse {
  const headers = row.response_headers ? (JSON.parse(row.response_headers) as Record<string, string>) : {};
  return { statusCode: Number(row.status_code), headers, body: row.response_body ?? '' };
}
