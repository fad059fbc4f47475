import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { DatabaseConfig } from '../../src/config/index.js';
import { connect, type Db } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrator.js';
import { SCHEMA_DDL_LOCK, createMarkedTestSchema } from './pg-sweep.js';
import { skippedBecause } from './skips.js';

export type EngineName = 'sqlite' | 'postgres';

const POSTGRES_URL = process.env.MDL_TEST_POSTGRES_URL;

/**
 * The engines every repository suite runs on. PostgreSQL joins when MDL_TEST_POSTGRES_URL is set;
 * otherwise its suites are registered as skipped with the reason in their name.
 */
export const ENGINES: Array<{ name: EngineName; available: boolean; label: string }> = [
  { name: 'sqlite', available: true, label: 'sqlite' },
  { name: 'postgres', available: Boolean(POSTGRES_URL), label: `postgres${skippedBecause(!POSTGRES_URL, 'MDL_TEST_POSTGRES_URL not set')}` },
];

/**
 * Test files create and drop schemas in one PostgreSQL database at the same time. Kysely's migrator
 * reads the catalog of every schema, and a concurrent `DROP SCHEMA … CASCADE` makes that read fail
 * ("schema … does not exist"). So catalog-reading work holds this advisory lock shared, and drops
 * hold it exclusively: readers run together, drops wait for them (and they for drops). The lock's key,
 * SCHEMA_DDL_LOCK, lives in pg-sweep.ts: the sweep of crashed runs' leftovers drops under it too.
 */

export async function underSchemaLock<T>(mode: 'shared' | 'exclusive', fn: () => Promise<T>): Promise<T> {
  if (!POSTGRES_URL) return fn();
  const c = new pg.Client({ connectionString: POSTGRES_URL });
  await c.connect();
  try {
    await c.query(mode === 'shared' ? 'SELECT pg_advisory_lock_shared($1)' : 'SELECT pg_advisory_lock($1)', [SCHEMA_DDL_LOCK]);
    return await fn();
  } finally {
    await c.end(); // ends the session, which releases the lock
  }
}

export interface TestDatabase {
  engine: EngineName;
  config: DatabaseConfig;
  db: Db;
  /** PostgreSQL: the superuser URL (RLS does not bind it), for looking past the wall; undefined on SQLite. */
  adminUrl?: string;
  /** Closes the connection and removes the database (file or schema). */
  destroy(): Promise<void>;
}

/**
 * The URL of `role` on the same server and database. The test server trusts local connections, so
 * no password is needed.
 */
export function urlAsRole(url: string, role: string): string {
  const u = new URL(url);
  u.username = role;
  u.password = '';
  return u.toString();
}

/**
 * A fresh, migrated database for one test file: a new SQLite file in a temp folder, or a new
 * PostgreSQL schema with a random, non-default name (catches hard-coded `public.` names).
 *
 * On PostgreSQL the schema belongs to a new login role of its own, NOSUPERUSER NOBYPASSRLS, and the
 * app connects as that role: it creates and owns the tables, and row-level security (migration 0007)
 * binds it, so every suite runs behind the wall as a production deployment should. The role is dropped
 * with the schema. `adminUrl` is the superuser's URL, for tests that need to look past the wall.
 *
 * A "keeper" connection stays open from creation to destroy, holding the advisory lock named in the
 * schema's and role's comments: while it is held they are alive; once the process dies, PostgreSQL
 * frees the lock and the next test run's sweep (pg-sweep.ts, from global-setup.ts) removes them.
 */
export async function createTestDatabase(engine: EngineName, opts: { migrate?: boolean } = {}): Promise<TestDatabase> {
  let config: DatabaseConfig;
  let dropExtra: () => Promise<void>;
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'mdl-test-'));
    config = { kind: 'sqlite', file: join(dir, 'mdl.db') };
    dropExtra = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    if (!POSTGRES_URL) throw new Error('MDL_TEST_POSTGRES_URL is not set');
    const schema = `mdl_t_${randomBytes(6).toString('hex')}`;
    const role = schema; // one role per test database, named like its schema
    const keeper = new pg.Client({ connectionString: POSTGRES_URL, application_name: `mdl-test keeper ${schema}` });
    keeper.on('error', (err) => {
      process.stderr.write(`test database ${schema}: its keeper connection was lost (${err.message}); a sweep may now remove it\n`);
    });
    await keeper.connect();
    try {
      await createMarkedTestSchema(keeper, schema); // creates the role too: `schema` names both
    } catch (err) {
      await keeper.end().catch(() => undefined);
      throw err;
    }
    config = { kind: 'postgres', url: urlAsRole(POSTGRES_URL, role), schema, poolMax: 5 };
    dropExtra = async () => {
      try {
        await underSchemaLock('exclusive', async () => {
          const c = new pg.Client({ connectionString: POSTGRES_URL });
          await c.connect();
          try {
            await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
            await c.query(`DROP ROLE IF EXISTS "${role}"`);
          } finally {
            await c.end();
          }
        });
      } finally {
        await keeper.end().catch(() => undefined); // only now: the objects are gone, free the liveness lock
      }
    };
  }
  const db = connect(config);
  if (opts.migrate !== false) {
    const migrate = () => migrateToLatest(db);
    await (engine === 'postgres' ? underSchemaLock('shared', migrate) : migrate()).catch(async (err) => {
      await db.destroy();
      await dropExtra().catch(() => undefined); // and the keeper: nothing is left for a sweep
      throw err;
    });
  }
  return {
    engine,
    config,
    db,
    ...(engine === 'postgres' ? { adminUrl: POSTGRES_URL } : {}),
    async destroy() {
      await db.destroy();
      await dropExtra();
    },
  };
}
