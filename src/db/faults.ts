import type { Kysely } from 'kysely';
import { FAULT_WORDS, type DatabaseFault } from './errors.js';

/**
 * Statements that change data. Their outcome tells readiness and /metrics whether writes work (reads
 * keep working on a full disk, so a read-only probe such as `SELECT 1` says nothing about writes).
 * BEGIN, ROLLBACK and savepoints are left out: they succeed on a full disk.
 */
const WRITE_STATEMENT = /^\s*(insert|update|delete|replace|merge|commit|end|create|alter|drop|truncate)\b/i;

export function isWriteStatement(sqlText: string): boolean {
  return WRITE_STATEMENT.test(sqlText);
}

/** A failure older than this no longer marks writes as failing (nothing may have tried to write since). */
export const RECENT_FAILURE_MS = 60_000;

/**
 * What one database handle has seen of its own faults: write failures by reason (counted for /metrics),
 * failed connection attempts, and whether the latest write failed recently (readiness). Fed by the
 * drivers' statement wrappers (src/db/sqlite-handle.ts, src/db/pg-pool.ts).
 */
export class DatabaseFaults {
  readonly writeFailures = new Map<DatabaseFault, number>();
  connectFailures = 0;
  #seq = 0;
  #lastSuccess = 0;
  #lastFailure: { seq: number; at: number; fault: DatabaseFault } | undefined;

  writeFailed(fault: DatabaseFault): void {
    this.writeFailures.set(fault, (this.writeFailures.get(fault) ?? 0) + 1);
    this.#lastFailure = { seq: ++this.#seq, at: Date.now(), fault };
  }

  writeSucceeded(): void {
    this.#lastSuccess = ++this.#seq;
  }

  connectFailed(): void {
    this.connectFailures += 1;
  }

  /** The reason writes are failing now: the latest write failed, within RECENT_FAILURE_MS. */
  failingWrites(now = Date.now()): { fault: DatabaseFault; words: string } | undefined {
    const f = this.#lastFailure;
    if (!f || f.seq < this.#lastSuccess || now - f.at > RECENT_FAILURE_MS) return undefined;
    return { fault: f.fault, words: FAULT_WORDS[f.fault] };
  }
}

const byDb = new WeakMap<Kysely<any>, DatabaseFaults>();

/** Ties a handle to the tracker its driver reports to (connect()). */
export function attachFaults<D extends Kysely<any>>(db: D, faults: DatabaseFaults): D {
  byDb.set(db, faults);
  return db;
}

/** The handle's tracker; a handle not opened by connect() gets an empty one that never sees a fault. */
export function faultsOf(db: Kysely<any>): DatabaseFaults {
  let f = byDb.get(db);
  if (!f) byDb.set(db, (f = new DatabaseFaults()));
  return f;
}
