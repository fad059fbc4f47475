import { sql } from 'kysely';
import { engineOf } from '../../db/dialect.js';
import { SecretBox, SecretBoxError } from '../../shared/secret-box.js';
import type { Trx } from '../catalog/kind.js';

/**
 * Secrets at rest: every table column sealed with the SecretBox registers a Resealable here. Re-sealing
 * moves each value that is still in clear (written before encryption) or sealed by an older key
 * (MDL_SECRET_KEY_PREVIOUS) under the current MDL_SECRET_KEY, one transaction per table. It runs at
 * server start-up and as `mdl keys reencrypt`. A value that cannot be opened stops it with a
 * SecretBoxError naming the table and row, never the value.
 */

export interface ResealReport {
  table: string;
  /** Rows with a sealed column. */
  values: number;
  /** Rows re-sealed now (the clear ones included). */
  resealed: number;
  /** Of those, rows that were in clear. */
  fromClear: number;
}

export interface Resealable {
  reseal(): Promise<ResealReport>;
}

export class SecretsAtRest {
  private readonly parts: Resealable[] = [];

  constructor(readonly box: SecretBox) {}

  /** Adds a table (each module that seals a column registers itself). */
  register(part: Resealable): void {
    this.parts.push(part);
  }

  /** Re-seals every registered table in turn; stops at the first failure. */
  async resealAll(): Promise<ResealReport[]> {
    const reports: ResealReport[] = [];
    for (const p of this.parts) reports.push(await p.reseal());
    return reports;
  }
}

/** `signing_keys: 3 value(s), 2 re-sealed (1 was in clear)`, one line per table. */
export function describeReseal(reports: readonly ResealReport[]): string[] {
  return reports.map((r) => `${r.table}: ${r.values} value(s), ${r.resealed} re-sealed${r.fromClear ? ` (${r.fromClear} was in clear)` : ''}`);
}

/**
 * The loop every table shares, inside the caller's transaction: for each row, the value re-sealed
 * under the current key (or nothing to do), written back by `write`, which matches the old value so a
 * concurrent change is never overwritten.
 */
export async function resealRows<R>(
  box: SecretBox,
  table: string,
  rows: readonly R[],
  row: (r: R) => { id: string; value: string; context: string },
  write: (r: R, sealed: string) => Promise<void>,
): Promise<ResealReport> {
  const report: ResealReport = { table, values: rows.length, resealed: 0, fromClear: 0 };
  for (const r of rows) {
    const { id, value, context } = row(r);
    let next: string | undefined;
    try {
      next = box.reseal(value, context);
    } catch (err) {
      if (err instanceof SecretBoxError) throw new SecretBoxError(`cannot open ${table} ${id}: ${err.message}`);
      throw err;
    }
    if (next === undefined) continue;
    await write(r, next);
    report.resealed++;
    if (!SecretBox.isSealed(value)) report.fromClear++;
  }
  return report;
}

/**
 * SQLite: a write first, so the transaction holds the write lock before it reads (a read-then-write
 * transaction could otherwise fail on a concurrent writer). PostgreSQL: nothing (callers lock rows).
 */
export async function takeSqliteWriteLock(trx: Trx, table: string, column: string): Promise<void> {
  if (engineOf(trx) === 'sqlite') await sql`UPDATE ${sql.table(table)} SET ${sql.ref(column)} = ${sql.ref(column)} WHERE 0 = 1`.execute(trx);
}
