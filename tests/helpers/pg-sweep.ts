import { randomInt } from 'node:crypto';
import { hostname } from 'node:os';
import pg from 'pg';

/**
 * Leftovers of crashed test runs on PostgreSQL, and how to tell them from live ones.
 *
 * Every test database (tests/helpers/databases.ts) is a schema plus a login role of the same name,
 * `mdl_t_<12 hex>`. Its test process keeps one "keeper" connection open for the database's whole life,
 * and that connection holds a session-level advisory lock on a random key. The key is written into
 * `COMMENT ON SCHEMA` and `COMMENT ON ROLE`, in the same transaction that creates both, after the lock
 * is taken; the owner drops both before it lets the lock go. So a marked object whose key can be locked
 * by someone else has no owner: PostgreSQL released the lock when the keeper's session ended, however
 * the process died (kill -9, OOM, Ctrl-C, lost network). That is proof, not a guess, so marked objects
 * need no age limit, and a test file that runs for hours is never swept. Another run's objects (other
 * workers, another `npm test` on the same server) have their lock held, so they are left alone.
 *
 * Objects without a marker come from a harness older than this one. They carry no liveness signal, so
 * the sweep only stamps them "first seen at T" and removes them once T is LEGACY_MAX_AGE_MS old: long
 * past any test run, so an old checkout's run going on right now is safe.
 */

/** Schema and role names of test databases; nothing else is ever considered. */
export const TEST_NAME_PATTERN = '^mdl_t_[0-9a-f]{12}$';
/** Catalog-reading work holds this advisory lock shared, drops hold it exclusively (databases.ts). */
export const SCHEMA_DDL_LOCK = 727_001;
/** First half of the two-part key of every keeper's lock (a key space apart from the one-part 727_001). */
export const LIVENESS_LOCK_CLASS = 727_002;
/** Unmarked objects are removed this long after a sweep first saw them. */
export const LEGACY_MAX_AGE_MS = 6 * 60 * 60 * 1000;

const MARKER_PREFIX = 'mdl-test ';
const FIRST_SEEN_PREFIX = 'mdl-test-first-seen ';

export interface LivenessMarker {
  /** The keeper's advisory lock: pg_advisory_lock(LIVENESS_LOCK_CLASS, key). */
  key: number;
  /** The database the keeper is connected to; advisory locks are per database, roles are not. */
  database: string;
  /** For people reading the catalog: who created it, and when. */
  host: string;
  pid: number;
  backendPid: number;
  created: string;
}

export function parseMarker(comment: string | null): LivenessMarker | undefined {
  if (!comment?.startsWith(MARKER_PREFIX)) return undefined;
  try {
    const m = JSON.parse(comment.slice(MARKER_PREFIX.length)) as Partial<LivenessMarker>;
    return Number.isInteger(m.key) && typeof m.database === 'string' ? (m as LivenessMarker) : undefined;
  } catch {
    return undefined;
  }
}

function sqlState(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

/** Runs `COMMENT ON <kind> <name> IS <text>`, quoted by the server (COMMENT takes no parameters). */
async function comment(c: pg.Client, kind: 'SCHEMA' | 'ROLE', name: string, text: string): Promise<void> {
  const { rows } = await c.query<{ q: string }>(`SELECT format('COMMENT ON ${kind} %I IS %L', $1::text, $2::text) AS q`, [name, text]);
  await c.query(rows[0]!.q);
}

/**
 * Creates the role and schema `name` (the schema owned by the role), marked with a liveness lock that
 * `keeper` takes first and holds until its session ends. Keep `keeper` open while the objects live;
 * drop them before ending it.
 */
export async function createMarkedTestSchema(keeper: pg.Client, name: string): Promise<LivenessMarker> {
  if (!new RegExp(TEST_NAME_PATTERN).test(name)) throw new Error(`not a test database name: ${name}`);
  let key: number;
  for (;;) {
    key = randomInt(1, 2 ** 31 - 1); // try, never wait: a taken key belongs to another live database
    const { rows } = await keeper.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [LIVENESS_LOCK_CLASS, key]);
    if (rows[0]!.ok) break;
  }
  const { rows } = await keeper.query<{ db: string; pid: number }>('SELECT current_database() AS db, pg_backend_pid() AS pid');
  const marker: LivenessMarker = { key, database: rows[0]!.db, host: hostname(), pid: process.pid, backendPid: rows[0]!.pid, created: new Date().toISOString() };
  const text = MARKER_PREFIX + JSON.stringify(marker);
  await keeper.query('BEGIN');
  try {
    await keeper.query(`CREATE ROLE "${name}" LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE`);
    await keeper.query(`CREATE SCHEMA "${name}" AUTHORIZATION "${name}"`);
    await comment(keeper, 'ROLE', name, text);
    await comment(keeper, 'SCHEMA', name, text);
    await keeper.query('COMMIT');
  } catch (err) {
    await keeper.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
  return marker;
}

export interface SweepOptions {
  /** The clock for unmarked objects' age. */
  now?: Date;
  legacyMaxAgeMs?: number;
  /** Restricts the sweep to some names (tests that play with the clock use it). */
  only?: (name: string) => boolean;
  /** How long to wait for the schema DDL lock before giving up on this sweep. */
  lockTimeoutMs?: number;
}

export interface SweepResult {
  schemas: string[];
  roles: string[];
  /** Roles that could not be dropped (for example, they still own objects in another database). */
  failed: Array<{ role: string; code?: string; message: string }>;
  /** Unmarked objects stamped "first seen" by this sweep. */
  stamped: number;
}

interface Leftover {
  kind: 'SCHEMA' | 'ROLE';
  name: string;
  comment: string | null;
}

/**
 * Removes the test schemas and roles on `url`'s server whose creating process is gone (see the top of
 * this file). Safe to run while other test processes, and other sweeps, run against the same server.
 */
export async function sweepDeadTestDatabases(url: string, opts: SweepOptions = {}): Promise<SweepResult> {
  const now = opts.now ?? new Date();
  const maxAge = opts.legacyMaxAgeMs ?? LEGACY_MAX_AGE_MS;
  const result: SweepResult = { schemas: [], roles: [], failed: [], stamped: 0 };
  const c = new pg.Client({ connectionString: url });
  c.on('error', () => undefined); // a lost connection surfaces as a failed query below
  await c.connect();
  try {
    await c.query(`SET lock_timeout = ${Math.max(1, Math.floor(opts.lockTimeoutMs ?? 60_000))}`);
    // Exclusive, like every drop: no migration is reading the catalog while we drop, and drops by the
    // harness and by other sweeps wait for us, so what we list below stays true until we drop it.
    await c.query('SELECT pg_advisory_lock($1)', [SCHEMA_DDL_LOCK]);
    const db = (await c.query<{ db: string }>('SELECT current_database() AS db')).rows[0]!.db;
    const schemas = await c.query<{ name: string; comment: string | null }>(
      `SELECT nspname AS name, obj_description(oid, 'pg_namespace') AS comment FROM pg_namespace WHERE nspname ~ $1 ORDER BY 1`, [TEST_NAME_PATTERN]);
    const roles = await c.query<{ name: string; comment: string | null }>(
      `SELECT rolname AS name, shobj_description(oid, 'pg_authid') AS comment FROM pg_roles WHERE rolname ~ $1 ORDER BY 1`, [TEST_NAME_PATTERN]);
    const all: Leftover[] = [
      ...schemas.rows.map((r) => ({ kind: 'SCHEMA' as const, ...r })),
      ...roles.rows.map((r) => ({ kind: 'ROLE' as const, ...r })),
    ].filter((o) => !opts.only || opts.only(o.name));

    const dead: Leftover[] = [];
    for (const o of all) {
      const marker = parseMarker(o.comment);
      if (marker) {
        if (marker.database !== db) continue; // its lock lives in another database; that one's sweep decides
        // Succeeds only if no session holds the key: the keeper is gone. We keep it until we disconnect.
        const { rows } = await c.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [LIVENESS_LOCK_CLASS, marker.key]);
        if (rows[0]!.ok) dead.push(o);
      } else if (o.comment?.startsWith(FIRST_SEEN_PREFIX)) {
        const seen = Date.parse(o.comment.slice(FIRST_SEEN_PREFIX.length));
        if (Number.isFinite(seen) && now.getTime() - seen >= maxAge) dead.push(o);
      } else {
        try {
          await comment(c, o.kind, o.name, FIRST_SEEN_PREFIX + now.toISOString());
          result.stamped++;
        } catch (err) {
          if (!['3F000', '42704'].includes(sqlState(err) ?? '')) throw err; // dropped meanwhile: fine
        }
      }
    }

    for (const o of dead.filter((x) => x.kind === 'SCHEMA')) {
      try {
        await c.query(`DROP SCHEMA IF EXISTS "${o.name}" CASCADE`);
        result.schemas.push(o.name);
      } catch (err) {
        if (sqlState(err) !== '3F000') throw err;
      }
    }
    for (const o of dead.filter((x) => x.kind === 'ROLE')) {
      try {
        // The role may still own objects or hold grants here; DROP OWNED BY clears those in this
        // database only. If it owns something in another database, DROP ROLE fails: keep it, go on.
        await c.query(`DROP OWNED BY "${o.name}" CASCADE`);
        await c.query(`DROP ROLE IF EXISTS "${o.name}"`);
        result.roles.push(o.name);
      } catch (err) {
        const code = sqlState(err);
        if (code === '42704') continue; // dropped meanwhile
        result.failed.push({ role: o.name, ...(code ? { code } : {}), message: err instanceof Error ? err.message : String(err) });
      }
    }
  } finally {
    await c.end().catch(() => undefined); // ends the session: releases the DDL lock and the keys we took
  }
  return result;
}

/** One line for the top of a test run, or undefined when there is nothing to say. */
export function describeSweep(r: SweepResult): string | undefined {
  const parts: string[] = [];
  if (r.schemas.length + r.roles.length > 0) {
    parts.push(`removed ${r.schemas.length} leftover schema(s) and ${r.roles.length} role(s) of dead test runs`);
  }
  if (r.failed.length > 0) parts.push(`could not drop role(s) ${r.failed.map((f) => `${f.role} (${f.code ?? f.message})`).join(', ')}`);
  return parts.length ? `  PostgreSQL sweep: ${parts.join('; ')}` : undefined;
}

/**
 * The system catalogs that creating and dropping test schemas and roles fills with dead rows. The
 * machine's PostgreSQL runs with autovacuum off, so they grew without bound over runs (pg_attribute:
 * 862k dead rows, 175 MB), and every catalog read, each migration included, got slower.
 */
export const CHURNED_CATALOGS = [
  'pg_attribute', 'pg_class', 'pg_type', 'pg_depend', 'pg_shdepend', 'pg_namespace', 'pg_constraint', 'pg_index', 'pg_attrdef',
  'pg_sequence', 'pg_trigger', 'pg_policy', 'pg_description', 'pg_shdescription', 'pg_authid', 'pg_auth_members', 'pg_statistic', 'pg_init_privs',
] as const;

export interface VacuumResult {
  /** Dead rows in those catalogs before, as the statistics counted them (approximate). */
  deadBefore: number;
  /** The server's warnings, such as a catalog it would not vacuum for this user (needs a superuser). */
  warnings: string[];
}

/**
 * VACUUMs CHURNED_CATALOGS, so a run does not inherit the bloat of earlier ones. A plain VACUUM takes
 * no lock that DDL or queries wait for, and SKIP_LOCKED passes over a catalog another VACUUM (a second
 * run starting) is working on, so this is safe while other test runs use the server.
 */
export async function vacuumChurnedCatalogs(url: string): Promise<VacuumResult> {
  const c = new pg.Client({ connectionString: url });
  c.on('error', () => undefined); // a lost connection surfaces as a failed query below
  const warnings: string[] = [];
  c.on('notice', (n) => { if (n.severity === 'WARNING' || n.severity === 'ERROR') warnings.push(n.message ?? 'warning'); });
  await c.connect();
  try {
    const { rows } = await c.query<{ dead: string | null }>(
      `SELECT sum(n_dead_tup) AS dead FROM pg_stat_sys_tables WHERE schemaname = 'pg_catalog' AND relname = ANY($1::text[])`, [[...CHURNED_CATALOGS]]);
    // Fixed names, not input: VACUUM takes no parameters.
    await c.query(`VACUUM (SKIP_LOCKED) ${CHURNED_CATALOGS.map((n) => `pg_catalog.${n}`).join(', ')}`);
    return { deadBefore: Number(rows[0]?.dead ?? 0), warnings };
  } finally {
    await c.end().catch(() => undefined);
  }
}

/** One line for the top of a test run, or undefined when there is nothing to say. */
export function describeVacuum(r: VacuumResult, ms: number): string | undefined {
  const parts: string[] = [];
  if (r.deadBefore >= 1000) parts.push(`vacuumed the system catalogs (${Math.round(r.deadBefore / 1000)}k dead rows of earlier runs) in ${(ms / 1000).toFixed(1)} s`);
  if (r.warnings.length > 0) parts.push(`catalog vacuum incomplete: ${r.warnings[0]}${r.warnings.length > 1 ? ` (+${r.warnings.length - 1} more)` : ''}`);
  return parts.length ? `  PostgreSQL: ${parts.join('; ')}` : undefined;
}
