import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from '../config/index.js';
import type { Database } from './tables.js';

export type Db = Kysely<Database>;

/** Opens the configured engine. SQLite: WAL, foreign keys on, busy timeout so CLI and server can share a file. */
export function connect(config: DatabaseConfig): Db {
  if (config.kind === 'sqlite') {
    if (config.file !== ':memory:') mkdirSync(dirname(config.file), { recursive: true });
    const sqlite = new BetterSqlite3(config.file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('synchronous = NORMAL');
    return new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  }
  // The schema is a startup parameter of every connection (not a SET issued after connecting, which
  // a first query could overtake): unqualified names resolve in the configured schema only. The name
  // was checked against ^[a-z_][a-z0-9_]*$ by the config.
  const pool = new pg.Pool({
    connectionString: config.url,
    max: config.poolMax,
    ...(config.schema ? { options: `-c search_path=${config.schema}` } : {}),
  });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/**
 * Kysely's SQLite driver prepares every statement anew; this reuses prepared statements by SQL text
 * (bounded). Safe because Kysely serialises all use of the single connection.
 */
function withStatementCache(sqlite: BetterSqlite3.Database, max = 1000) {
  const statements = new Map<string, BetterSqlite3.Statement>();
  return {
    prepare(text: string): BetterSqlite3.Statement {
      let stmt = statements.get(text);
      if (!stmt) {
        stmt = sqlite.prepare(text);
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
