import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';
import { databaseFaultOf } from './errors.js';
import { isWriteStatement, type DatabaseFaults } from './faults.js';

const ROLLBACK = /^\s*rollback\b/i;
const NOTHING_CHANGED = { changes: 0, lastInsertRowid: 0 };

/**
 * The better-sqlite3 handle as Kysely's SQLite dialect sees it:
 * - prepared statements are reused by SQL text (bounded): Kysely's driver prepares every statement
 *   anew; safe because Kysely serialises all use of the single connection;
 * - a ROLLBACK with no transaction open does nothing: on SQLITE_FULL (and IOERR, NOMEM, BUSY) SQLite
 *   rolls the transaction back itself, and Kysely's own ROLLBACK then failed with "cannot rollback - no
 *   transaction is active", which replaced the error that mattered (SQLITE_FULL) in every log line;
 * - writes report their outcome to `faults` (readiness and /metrics);
 * - `changeToken()` changes whenever the database may have changed (see change-token.ts).
 */
export function sqliteHandle(sqlite: BetterSqlite3.Database, faults: DatabaseFaults, max = 1000): SqliteDatabase & { changeToken(): string } {
  const statements = new Map<string, SqliteStatement>();
  // PRAGMA data_version moves when another connection (the CLI, another server) commits; this
  // connection's own writes are counted here, before they run (a rolled-back one only costs a miss).
  const dataVersion = sqlite.prepare('PRAGMA data_version').pluck();
  const own = { writes: 0 };
  return {
    changeToken: () => `${String(dataVersion.get())}:${own.writes}`,
    prepare(text: string): SqliteStatement {
      let stmt = statements.get(text);
      if (!stmt) {
        stmt = guarded(sqlite, sqlite.prepare(text), text, faults, own);
        if (statements.size >= max) statements.delete(statements.keys().next().value!);
        statements.set(text, stmt);
      }
      return stmt;
    },
    close(): void {
      statements.clear();
      sqlite.close();
    },
  };
}

function guarded(sqlite: BetterSqlite3.Database, stmt: BetterSqlite3.Statement, text: string, faults: DatabaseFaults, own: { writes: number }): SqliteStatement {
  const write = isWriteStatement(text);
  const rollback = ROLLBACK.test(text);
  // SQLite's own answer to "may this change the database" (a CTE'd or RETURNING write included).
  const changes = !stmt.readonly;
  const observe = <T>(run: () => T): T => {
    if (changes) own.writes++;
    if (!write) return run();
    try {
      const result = run();
      faults.writeSucceeded();
      return result;
    } catch (err) {
      const fault = databaseFaultOf(err);
      if (fault) faults.writeFailed(fault);
      throw err;
    }
  };
  return {
    get reader() {
      return stmt.reader;
    },
    all: (parameters) => observe(() => stmt.all(parameters)),
    run: (parameters) => (rollback && !sqlite.inTransaction ? NOTHING_CHANGED : observe(() => stmt.run(parameters))),
    iterate: (parameters) => {
      if (changes) own.writes++;
      return stmt.iterate(parameters);
    },
  };
}
