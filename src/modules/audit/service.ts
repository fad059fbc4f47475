import type { Db } from '../../db/connect.js';
import { BadRequestError, ValidationError, type FieldIssue } from '../../shared/errors.js';
import { checkLinks, GENESIS_HASH, type VerifyResult } from './chain.js';
import { csvHeader, csvRow, jsonLine, type AuditExportFormat } from './export.js';
import { AuditRepository, type AuditFilter, type AuditRow } from './repository.js';

export type AuditEvent = Omit<AuditRow, 'before' | 'after'> & { before: unknown; after: unknown };

export interface AuditListQuery extends AuditFilter {
  /** 1..500. */
  limit: number;
  /** Opaque; the `nextCursor` of the previous page. */
  cursor?: string;
}

export interface AuditPage {
  items: AuditEvent[];
  nextCursor: string | null;
}

/** `{ ok: true, count }`, plus `unchained` when the workspace has events written before the chain existed. */
export type AuditVerifyResult = VerifyResult | { ok: true; count: number; unchained: number };

export const MAX_AUDIT_PAGE = 500;
const VERIFY_PAGE = 1000;
const EXPORT_PAGE = 500;

/**
 * Reading and checking the audit log. Verification walks a workspace's chain in id order, a page at
 * a time. It detects any altered field of any event, an altered link, and an event removed from the
 * middle (the next event's prev_hash no longer matches). Limitation: removing the newest events
 * leaves a shorter chain that is still valid; detecting that needs the head hash recorded elsewhere
 * (e.g. `verify` output kept off-site). The chain is unkeyed: someone able to rewrite every later row
 * can also recompute their hashes; it makes tampering evident, not impossible.
 */
export class AuditService {
  constructor(private readonly db: Db, private readonly repo = new AuditRepository()) {}

  async verify(workspaceId: string, opts: { pageSize?: number } = {}): Promise<AuditVerifyResult> {
    const pageSize = opts.pageSize ?? VERIFY_PAGE;
    let afterId = 0;
    let prev = GENESIS_HASH;
    let count = 0;
    let unchained = 0;
    let inLegacyPrefix = true;
    for (;;) {
      const rows = await this.repo.pageAfter(this.db, workspaceId, afterId, pageSize);
      if (rows.length === 0) break;
      let start = 0;
      if (inLegacyPrefix) {
        // Events written before migration 0002 have neither column; they can only form a prefix.
        while (start < rows.length && rows[start]!.hash === null && rows[start]!.prev_hash === null) start++;
        unchained += start;
        if (start < rows.length) inLegacyPrefix = false;
      }
      const checked = checkLinks(prev, rows.slice(start));
      if (checked.broken) {
        return { ok: false, count: count + checked.broken.index, firstBroken: { id: checked.broken.id, reason: checked.broken.reason } };
      }
      count += rows.length - start;
      prev = checked.prev;
      afterId = rows[rows.length - 1]!.id;
      if (rows.length < pageSize) break;
    }
    return unchained > 0 ? { ok: true, count, unchained } : { ok: true, count };
  }

  /** Newest first; keyset pagination on id. */
  async list(workspaceId: string, query: AuditListQuery): Promise<AuditPage> {
    const filter = validFilter(query);
    const limit = query.limit;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_AUDIT_PAGE) {
      throw new ValidationError('invalid audit query', [{ path: 'limit', message: `must be an integer from 1 to ${MAX_AUDIT_PAGE}` }]);
    }
    const before = decodeAuditCursor(query.cursor);
    const rows = await this.repo.pageBefore(this.db, workspaceId, before, limit + 1, filter);
    const page = rows.slice(0, limit);
    return {
      items: page.map(toEvent),
      nextCursor: rows.length > limit ? encodeAuditCursor(page[page.length - 1]!.id) : null,
    };
  }

  /** The matching events, oldest first (chain order), as JSON Lines or CSV text chunks (one per page). */
  async *export(workspaceId: string, filter: AuditFilter, format: AuditExportFormat): AsyncGenerator<string> {
    const f = validFilter(filter);
    if (format === 'csv') yield csvHeader();
    let afterId = 0;
    for (;;) {
      const rows = await this.repo.pageAfter(this.db, workspaceId, afterId, EXPORT_PAGE, f);
      if (rows.length === 0) return;
      yield rows.map((r) => (format === 'csv' ? csvRow(toEvent(r)) : jsonLine(toEvent(r)))).join('');
      if (rows.length < EXPORT_PAGE) return;
      afterId = rows[rows.length - 1]!.id;
    }
  }
}

export function encodeAuditCursor(id: number): string {
  return Buffer.from(JSON.stringify({ id }), 'utf8').toString('base64url');
}

function decodeAuditCursor(raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  let id: unknown;
  try {
    id = (JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { id?: unknown }).id;
  } catch {
    throw new BadRequestError('invalid cursor');
  }
  if (!Number.isSafeInteger(id) || (id as number) < 1) throw new BadRequestError('invalid cursor');
  return id as number;
}

/** Drops empty strings, and turns from/to into the stored timestamp form (toISOString) so they compare as text. */
function validFilter(q: AuditFilter): AuditFilter {
  const issues: FieldIssue[] = [];
  const out: AuditFilter = {};
  for (const k of ['actor', 'action', 'entityType', 'entityId'] as const) {
    if (q[k] !== undefined && q[k] !== '') out[k] = q[k];
  }
  for (const k of ['from', 'to'] as const) {
    const v = q[k];
    if (v === undefined || v === '') continue;
    const t = Date.parse(v);
    if (Number.isNaN(t)) issues.push({ path: k, message: 'must be an ISO 8601 date-time' });
    else out[k] = new Date(t).toISOString();
  }
  if (issues.length) throw new ValidationError('invalid audit query', issues);
  return out;
}

function toEvent(r: AuditRow): AuditEvent {
  return { ...r, before: r.before === null ? null : JSON.parse(r.before), after: r.after === null ? null : JSON.parse(r.after) };
}
