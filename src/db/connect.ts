import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery, Kysely, PostgresDialect, SqliteDialect, sql, type DatabaseIntrospector,
  type DatabaseConnection, type Driver, type QueryCompiler, type TransactionSettings,
} from 'kysely';
import { CurrentSchemaIntrospector } from './introspection.js';
import type pg from 'pg';
import { requireLazily } from '../shared/lazy-require.js';
import type { DatabaseConfig } from '../config/index.js';
import { engineOf } from './dialect.js';
import { attachChangeToken } from './change-token.js';
import { attachFaults, DatabaseFaults } from './faults.js';
import { guardedPool } from './pg-pool.js';
import { sqliteHandle } from './sqlite-handle.js';
import type { Database } from './tables.js';
import { scopeSettingValue } from './tenant-context.js';

export type Db = Kysely<Database>;

/** How long taking a new PostgreSQL connection may wait (a database that drops packets must not hang requests). */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/**
 * Opens the configured engine; nothing connects until the first query. SQLite: WAL, foreign keys on,
 * busy timeout so CLI and server can share a file, `synchronous` as configured (MDL_SQLITE_SYNCHRONOUS:
 * NORMAL survives a crash of the process, FULL also an OS crash or power cut: docs/architecture.md).
 * Both engines report write failures and broken connections to the handle's DatabaseFaults (faultsOf).
 */
export function connect(config: DatabaseConfig, opts: { connectTimeoutMs?: number } = {}): Db {
  const faults = new DatabaseFaults();
  if (config.kind === 'sqlite') {
    // 0700: the folder (by default ./.mdl) holds the database and the development key file (secret-keys.ts).
    if (config.file !== ':memory:') mkdirSync(dirname(config.file), { recursive: true, mode: 0o700 });
    const sqlite = new BetterSqlite3(config.file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma(`synchronous = ${config.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
    const handle = sqliteHandle(sqlite, faults);
    return attachChangeToken(attachFaults(new Kysely<Database>({ dialect: new SqliteDialect({ database: handle }) }), faults), handle.changeToken);
  }
  // The schema is a startup parameter of every connection (not a SET issued after connecting, which
  // a first query could overtake): unqualified names resolve in the configured schema only. The name
  // was checked against ^[a-z_][a-z0-9_]*$ by the config.
  const pool = new (requireLazily<typeof pg>('pg')).Pool({
    connectionString: config.url,
    max: config.poolMax,
    ...(config.schema ? { options: `-c search_path=${config.schema}` } : {}),
    connectionTimeoutMillis: opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
  });
  return attachFaults(new Kysely<Database>({ dialect: new TenantPostgresDialect({ pool: guardedPool(pool, faults) }) }), faults);
}

/** PostgreSQL whose connections carry the tenant context (row-level security, migration 0007). */
class TenantPostgresDialect extends PostgresDialect {
  override createDriver(): Driver {
    return new TenantDriver(super.createDriver());
  }

  /** Reads MDL's own schema only (see CurrentSchemaIntrospector: Kysely's races with schema drops). */
  override createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new CurrentSchemaIntrospector(db);
  }
}

const SET_SCOPE = "select set_config('mdl.workspace_id', $1, false)";

/**
 * Sets `mdl.workspace_id` from the current tenant context (src/db/tenant-context.ts) each time a
 * connection leaves the pool, before any query or BEGIN runs on it, so transactions are covered too.
 * The setting is session-level and outside any transaction, so it cannot be rolled back; the value
 * each connection carries is remembered and the round trip skipped when it already matches.
 * (Kysely's onReserveConnection hook would not release the connection when the SET fails.)
 */
class TenantDriver implements Driver {
  readonly #carried = new WeakMap<DatabaseConnection, string>();

  constructor(private readonly inner: Driver) {}

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await this.inner.acquireConnection();
    const value = scopeSettingValue();
    if (this.#carried.get(connection) === value) return connection;
    try {
      this.#carried.delete(connection);
      await connection.executeQuery(CompiledQuery.raw(SET_SCOPE, [value]));
    } catch (err) {
      await this.inner.releaseConnection(connection);
      throw err;
    }
    this.#carried.set(connection, value);
    return connection;
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.inner.beginTransaction(connection, settings);
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.commitTransaction(connection);
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.rollbackTransaction(connection);
  }

  savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.inner.savepoint!(connection, name, compile);
  }

  rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.inner.rollbackToSavepoint!(connection, name, compile);
  }

  releaseSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.inner.releaseSavepoint!(connection, name, compile);
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection(connection);
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

/**
 * Row-level security does not hold for a superuser or a BYPASSRLS role: PostgreSQL skips every policy
 * for them. Returns the connected role and what it can bypass (undefined on SQLite).
 */
export async function databaseRole(db: Db): Promise<{ role: string; superuser: boolean; bypassRls: boolean } | undefined> {
  if (engineOf(db) !== 'postgres') return undefined;
  const { rows } = await sql<{ role: string; superuser: boolean; bypass: boolean }>`
    select rolname as role, rolsuper as superuser, rolbypassrls as bypass from pg_roles where rolname = current_user`.execute(db);
  const r = rows[0];
  if (!r) throw new Error('the connected role is missing from pg_roles');
  return { role: r.role, superuser: r.superuser, bypassRls: r.bypass };
}

/** The start-up warning (a refusal in production) for a role that row-level security does not bind. */
export function rlsBypassProblem(role: { role: string; superuser: boolean; bypassRls: boolean } | undefined): string | undefined {
  if (!role || (!role.superuser && !role.bypassRls)) return undefined;
  const what = role.superuser ? 'is a superuser' : 'has BYPASSRLS';
  return `database role "${role.role}" ${what}: PostgreSQL row-level security does not apply to it, so workspaces are kept apart `
    + 'by the application\'s query filters alone. Connect as a NOSUPERUSER NOBYPASSRLS role (docs/security.md), '
    + 'or set MDL_ALLOW_RLS_BYPASS=true to accept this';
}
