import { DatabaseUnavailableError, StorageError, StorageFullError, type DatabaseFaultError } from '../shared/errors.js';

/** Classifies driver errors by their codes (never by message text). */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  // better-sqlite3: SqliteError.code; pg: SQLSTATE 23505.
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}

/**
 * Why the database could not do its part, when it is not the request's fault:
 * - `disk_full`: SQLITE_FULL (SQLite's own full condition, ENOSPC included), PostgreSQL 53100;
 * - `io_error`: SQLITE_IOERR and its extended codes;
 * - `insufficient_resources`: the other PostgreSQL class 53 codes (out of memory, too many connections);
 * - `unavailable`: the server cannot be reached or went away (refused, reset, 57P01-57P03 shutdown and
 *   start-up, class 08 connection exceptions, a connection that broke or timed out: CONNECTION_LOST).
 */
export type DatabaseFault = 'disk_full' | 'io_error' | 'insufficient_resources' | 'unavailable';

/** The code given to a connection failure the driver reports without one (timeouts, "terminated unexpectedly"). */
export const CONNECTION_LOST = 'MDL_DB_CONNECTION_LOST';

const NETWORK_CODES = new Set([
  CONNECTION_LOST, 'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH',
  'EHOSTDOWN', 'ENETDOWN', 'ENOTFOUND', 'EAI_AGAIN',
]);

/** A connection failure that came without a code of its own; `cause` is the driver's error. */
export class ConnectionLostError extends Error {
  readonly code = CONNECTION_LOST;
  constructor(cause: unknown) {
    super(`database connection failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** The driver code of an error, looking through wrappers (MigrationError, AggregateError) by `cause`. */
export function databaseCodeOf(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
  }
  return undefined;
}

export function databaseFaultOf(err: unknown): DatabaseFault | undefined {
  const code = databaseCodeOf(err);
  if (code === undefined) return undefined;
  if (code === 'SQLITE_FULL' || code === '53100') return 'disk_full';
  if (code.startsWith('SQLITE_IOERR')) return 'io_error';
  if (/^53[0-9A-Z]{3}$/.test(code)) return 'insufficient_resources';
  if (code === '57P01' || code === '57P02' || code === '57P03' || /^08[0-9A-Z]{3}$/.test(code) || NETWORK_CODES.has(code)) return 'unavailable';
  return undefined;
}

/** How each fault is told apart in logs and metrics, in words. */
export const FAULT_WORDS: Record<DatabaseFault, string> = {
  disk_full: 'disk full',
  io_error: 'I/O error',
  insufficient_resources: 'insufficient resources',
  unavailable: 'database unavailable',
};

/**
 * The one mapping from database faults to domain errors (the error handler turns them into 507/503 with
 * Retry-After). Anything else is not a fault of the database's condition and stays a plain error (500).
 */
export function databaseFaultError(err: unknown): DatabaseFaultError | undefined {
  const fault = databaseFaultOf(err);
  if (fault === undefined) return undefined;
  const code = databaseCodeOf(err)!;
  switch (fault) {
    case 'disk_full':
      return new StorageFullError('the database storage is full: writes fail until space is freed', 60, { fault, dbCode: code });
    case 'io_error':
      return new StorageError('the database storage failed to read or write', 30, { fault, dbCode: code });
    case 'insufficient_resources':
    case 'unavailable':
      return new DatabaseUnavailableError('the database is unavailable: try again shortly', 5, { fault, dbCode: code });
  }
}
