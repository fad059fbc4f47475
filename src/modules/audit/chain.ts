import type { Selectable } from 'kysely';
import type { AuditEventsTable } from '../../db/tables.js';
import { createHash } from 'node:crypto';
import { canonicalJson } from '../policies/canonical-json.js';

/**
 * The audit hash chain. Each workspace's events form one chain in id order: an event stores the
 * previous event's hash (`GENESIS_HASH` for the first) and its own
 * `hash = SHA-256(prev_hash + canonical JSON of its fields)`. The fields are the stored column values,
 * `before` and `after` as their stored JSON text, so a verifier needs nothing but the rows.
 */
export const GENESIS_HASH = '0'.repeat(64);

/** An event as writers hand it over (before/after as values; serialized once, on append). */
export type AuditRecord = Omit<ChainedFields, 'workspace_id' | 'outcome' | 'before' | 'after' | 'ip'> & {
  outcome: 'success' | 'failure';
  before: unknown;
  after: unknown;
  /** Client address of the request; absent for the CLI. */
  ip?: string | null;
};

/** The hashed fields, exactly as stored. */
export type ChainedFields = Omit<Selectable<AuditEventsTable>, 'id' | 'prev_hash' | 'hash'>;

export const jsonOrNull = (v: unknown): string | null => (v === undefined || v === null ? null : JSON.stringify(v));

export function toChainedFields(workspaceId: string, r: AuditRecord): ChainedFields {
  return {
    workspace_id: workspaceId, occurred_at: r.occurred_at, actor: r.actor, action: r.action, entity_type: r.entity_type,
    entity_id: r.entity_id, request_id: r.request_id ?? null, outcome: r.outcome, before: jsonOrNull(r.before), after: jsonOrNull(r.after),
    ip: r.ip ?? null,
  };
}

export function eventHash(prevHash: string, f: ChainedFields): string {
  const fields: Record<string, unknown> = {
    workspace_id: f.workspace_id, occurred_at: f.occurred_at, actor: f.actor, action: f.action, entity_type: f.entity_type,
    entity_id: f.entity_id, request_id: f.request_id ?? null, outcome: f.outcome, before: f.before ?? null, after: f.after ?? null,
  };
  // Hashed only when set: events from before the column existed keep their original hashes.
  if (f.ip !== null && f.ip !== undefined) fields.ip = f.ip;
  return createHash('sha256').update(prevHash).update(canonicalJson(fields)).digest('hex');
}

/** Links `rows` after `head`: each gets the running prev_hash and its own hash. */
export function chain<T extends ChainedFields>(head: string, rows: readonly T[]): Array<T & { prev_hash: string; hash: string }> {
  let prev = head;
  return rows.map((row) => {
    const hash = eventHash(prev, row);
    const linked = { ...row, prev_hash: prev, hash };
    prev = hash;
    return linked;
  });
}

export type BrokenReason = 'hash mismatch' | 'prev_hash mismatch';

export type VerifyResult =
  | { ok: true; count: number }
  | { ok: false; count: number; firstBroken: { id: number; reason: BrokenReason } };

/**
 * Checks rows in id order, carrying the expected prev_hash across calls (pages). Returns the first
 * broken link, or the hash the next row must point at.
 */
export function checkLinks(
  expectedPrev: string, rows: ReadonlyArray<ChainedFields & { id: number; prev_hash: string | null; hash: string | null }>,
): { broken?: { id: number; reason: BrokenReason; index: number }; prev: string } {
  let prev = expectedPrev;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    if (row.prev_hash !== prev) return { broken: { id: row.id, reason: 'prev_hash mismatch', index: i }, prev };
    if (row.hash !== eventHash(prev, row)) return { broken: { id: row.id, reason: 'hash mismatch', index: i }, prev };
    prev = row.hash;
  }
  return { prev };
}
