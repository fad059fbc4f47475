import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { createHash } from 'node:crypto';
import { BadRequestError } from '../../shared/errors.js';
import { NO_NUL } from '../../shared/zod-primitives.js';

export type SortDir = 'asc' | 'desc';

export interface Sort<F extends string> {
  field: F;
  dir: SortDir;
}

interface CursorPayload {
  f: string;
  d: SortDir;
  v: string;
  id: string;
  /** The chain's total, counted on its first page, and the key of the filters it was counted for. */
  n?: number;
  h?: string;
}

/**
 * A cursor chain's count: counted once, on the first page, and carried in the cursors after it, so a
 * page deep in a long filtered list costs no scan of everything before it. `key` names the filters
 * (and workspace) it counts; a cursor sent with other filters is counted again.
 */
export interface ChainCount {
  key: string;
  total?: number;
}

/** The ChainCount key of a list request: a short hash of the workspace and the filters. */
export function chainKey(workspaceId: string, filter: unknown): string {
  return createHash('sha256').update(JSON.stringify([workspaceId, filter])).digest('base64url').slice(0, 16);
}

/** `-updated_at` → { field: 'updated_at', dir: 'desc' }; unknown fields are a 400 listing the allowed ones. */
export function parseSort<F extends string>(raw: string | undefined, allowed: readonly F[], fallback: F): Sort<F> {
  if (!raw) return { field: fallback, dir: 'asc' };
  const dir: SortDir = raw.startsWith('-') ? 'desc' : 'asc';
  const field = raw.replace(/^[-+]/, '') as F;
  if (!allowed.includes(field)) throw new BadRequestError(`cannot sort by "${field}"; sortable fields: ${allowed.join(', ')}`);
  return { field, dir };
}

/** Opaque cursor: the sort and the last row's (value, id), so pages stay stable while rows are added. */
export function encodeCursor(sort: Sort<string>, value: string, id: string, count?: { total: number; key: string }): string {
  const payload: CursorPayload = { f: sort.field, d: sort.dir, v: value, id, ...(count ? { n: count.total, h: count.key } : {}) };
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

export function decodeCursor(raw: string | undefined, sort: Sort<string>): { value: string; id: string; count?: { total: number; key: string } } | undefined {
  if (!raw) return undefined;
  let payload: CursorPayload;
  try {
    payload = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as CursorPayload;
  } catch {
    throw new BadRequestError('invalid cursor');
  }
  if (typeof payload?.v !== 'string' || typeof payload.id !== 'string' || !NO_NUL.test(payload.v) || !NO_NUL.test(payload.id)) throw new BadRequestError('invalid cursor');
  if (payload.f !== sort.field || payload.d !== sort.dir) throw new BadRequestError('cursor belongs to a different sort order; restart from the first page');
  const counted = Number.isSafeInteger(payload.n) && (payload.n as number) >= 0 && typeof payload.h === 'string';
  return { value: payload.v, id: payload.id, ...(counted ? { count: { total: payload.n as number, key: payload.h as string } } : {}) };
}

/** Keyset predicate: rows strictly after (value, id) in the sort order, `id` breaking ties. */
export function afterCursor<DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>, sortColumn: string, idColumn: string, dir: SortDir, cursor: { value: string; id: string },
): Expression<SqlBool> {
  const op = dir === 'asc' ? '>' : '<';
  const col = sql.ref(sortColumn);
  const idc = sql.ref(idColumn);
  if (sortColumn === idColumn) return sql<SqlBool>`${idc} ${sql.raw(op)} ${cursor.id}`;
  return sql<SqlBool>`(${col} ${sql.raw(op)} ${cursor.value} OR (${col} = ${cursor.value} AND ${idc} ${sql.raw(op)} ${cursor.id}))`;
}

export interface Page<T> {
  items: T[];
  total: number;
  nextCursor: string | null;
}

export const MAX_PAGE_SIZE = 500;
