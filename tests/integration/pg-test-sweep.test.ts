import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ENGINES, createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import setup from '../helpers/global-setup.js';
import { CHURNED_CATALOGS, LIVENESS_LOCK_CLASS, createMarkedTestSchema, parseMarker, sweepDeadTestDatabases, vacuumChurnedCatalogs } from '../helpers/pg-sweep.js';

/**
 * The sweep of crashed test runs' PostgreSQL leftovers (tests/helpers/pg-sweep.ts): it removes the
 * schema and role of a test process that died without cleaning up, and never those of a live one.
 */
const POSTGRES = ENGINES.find((e) => e.name === 'postgres')!;
const URL_ = process.env.MDL_TEST_POSTGRES_URL ?? '';
const DATABASES_TS = fileURLToPath(new URL('../helpers/databases.ts', import.meta.url));

const freshName = () => `mdl_t_${randomBytes(6).toString('hex')}`;

describe.skipIf(!POSTGRES.available)(`sweep of dead test runs on ${POSTGRES.label}`, () => {
  let admin: pg.Client;
  const created = new Set<string>(); // everything this file makes, dropped in afterAll whatever happens
  const live: TestDatabase[] = [];

  const exists = async (name: string) => {
    const { rows } = await admin.query<{ schema: boolean; role: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1) AS schema, EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) AS role`, [name]);
    return rows[0]!;
  };
  const markerOf = async (name: string) => {
    const { rows } = await admin.query<{ c: string | null }>(`SELECT obj_description(oid, 'pg_namespace') AS c FROM pg_namespace WHERE nspname = $1`, [name]);
    return parseMarker(rows[0]?.c ?? null);
  };
  /** Waits until no session holds the liveness lock `key`: the server has noticed its holder is gone. */
  const lockReleased = async (key: number) => {
    for (let i = 0; i < 200; i++) {
      const { rows } = await admin.query(
        `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND classid = $1 AND objid = $2 AND objsubid = 2 AND granted`, [LIVENESS_LOCK_CLASS, key]);
      if (rows.length === 0) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`liveness lock ${key} still held after 10 s`);
  };
  /** A test database made by the real harness in another process, which then dies by SIGKILL. */
  const crashedRun = async (): Promise<string> => {
    const code = `import { createTestDatabase } from ${JSON.stringify(DATABASES_TS)};
      const t = await createTestDatabase('postgres', { migrate: false });
      await t.db.destroy();
      process.stdout.write(t.config.schema + '\\n');
      setInterval(() => {}, 60_000);`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { env: process.env, stdio: ['ignore', 'pipe', 'inherit'] });
    const name = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve(out.trim());
      });
      child.on('exit', (c) => reject(new Error(`child exited (${c}) before creating its database`)));
    });
    created.add(name);
    const exited = new Promise((r) => child.on('exit', r));
    child.kill('SIGKILL'); // no destroy(), no exit handlers: a crash
    await exited;
    return name;
  };

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: URL_ });
    await admin.connect();
  });
  afterAll(async () => {
    for (const t of live) await t.destroy().catch(() => undefined);
    if (!admin) return;
    for (const name of created) {
      await admin.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
      await admin.query(`DROP TABLE IF EXISTS public."${name}_owned"`);
      if ((await exists(name)).role) {
        await admin.query(`DROP OWNED BY "${name}" CASCADE`);
        await admin.query(`DROP ROLE IF EXISTS "${name}"`);
      }
    }
    await admin.end();
  });

  it("removes a killed process's schema and role, and keeps those of a live one", async () => {
    const alive = await createTestDatabase('postgres', { migrate: false });
    live.push(alive);
    const liveName = alive.config.kind === 'postgres' ? alive.config.schema! : '';
    created.add(liveName);
    const deadName = await crashedRun();
    const deadMarker = await markerOf(deadName);
    expect(deadMarker, 'the harness marks its schema with a liveness lock').toBeDefined();
    await lockReleased(deadMarker!.key);
    expect(await exists(deadName), 'the crash left the schema and role behind').toEqual({ schema: true, role: true });

    const r = await sweepDeadTestDatabases(URL_);

    expect(await exists(deadName)).toEqual({ schema: false, role: false });
    expect(r.schemas).toContain(deadName);
    expect(r.roles).toContain(deadName);
    expect(await exists(liveName)).toEqual({ schema: true, role: true });
    expect(r.schemas).not.toContain(liveName);
    // and the live database still works as its role, behind the wall
    const c = new pg.Client({ connectionString: alive.config.kind === 'postgres' ? alive.config.url : '' });
    await c.connect();
    try {
      await c.query(`CREATE TABLE "${liveName}".still_here (id int)`);
    } finally {
      await c.end();
    }
  });

  it('drops a dead role that owns objects elsewhere in the database, or whose schema is already gone', async () => {
    const owner = freshName();
    const orphan = freshName();
    created.add(owner).add(orphan);
    for (const name of [owner, orphan]) {
      const keeper = new pg.Client({ connectionString: URL_ });
      await keeper.connect();
      const m = await createMarkedTestSchema(keeper, name);
      if (name === owner) await admin.query(`CREATE TABLE public."${name}_owned" (id int); ALTER TABLE public."${name}_owned" OWNER TO "${name}"`);
      else await admin.query(`DROP SCHEMA "${name}" CASCADE`); // a crash between destroy()'s two drops
      await keeper.end();
      await lockReleased(m.key);
    }

    const r = await sweepDeadTestDatabases(URL_, { only: (n) => n === owner || n === orphan });

    expect(r.failed).toEqual([]);
    expect(r.roles.sort()).toEqual([owner, orphan].sort());
    expect(await exists(owner)).toEqual({ schema: false, role: false });
    expect(await exists(orphan)).toEqual({ schema: false, role: false });
    const { rows } = await admin.query(`SELECT 1 FROM pg_class WHERE relname = $1`, [`${owner}_owned`]);
    expect(rows).toEqual([]);
  });

  it('two sweeps at once remove a dead database once, and neither fails', async () => {
    const name = freshName();
    created.add(name);
    const keeper = new pg.Client({ connectionString: URL_ });
    await keeper.connect();
    const m = await createMarkedTestSchema(keeper, name);
    await keeper.end();
    await lockReleased(m.key);

    const only = (n: string) => n === name;
    const [a, b] = await Promise.all([sweepDeadTestDatabases(URL_, { only }), sweepDeadTestDatabases(URL_, { only })]);

    expect([...a.schemas, ...b.schemas]).toEqual([name]);
    expect([...a.roles, ...b.roles]).toEqual([name]);
    expect(await exists(name)).toEqual({ schema: false, role: false });
  });

  it('removes unmarked leftovers of an older harness only six hours after first seeing them', async () => {
    const name = freshName();
    created.add(name);
    await admin.query(`CREATE ROLE "${name}" LOGIN NOSUPERUSER NOBYPASSRLS; CREATE SCHEMA "${name}" AUTHORIZATION "${name}"`);
    const only = (n: string) => n === name;
    const t0 = new Date();
    const hours = (h: number) => new Date(t0.getTime() + h * 3_600_000);

    const first = await sweepDeadTestDatabases(URL_, { only, now: t0 });
    expect(first).toMatchObject({ schemas: [], roles: [], stamped: 2 });
    expect(await sweepDeadTestDatabases(URL_, { only, now: hours(5.9) })).toMatchObject({ schemas: [], roles: [], stamped: 0 });
    expect(await exists(name)).toEqual({ schema: true, role: true });

    const late = await sweepDeadTestDatabases(URL_, { only, now: hours(6.1) });
    expect(late).toMatchObject({ schemas: [name], roles: [name] });
    expect(await exists(name)).toEqual({ schema: false, role: false });
  });

  it("vacuums the system catalogs that test schemas bloat, at the start of every run", async () => {
    const vacuums = async () => {
      const { rows } = await admin.query<{ relname: string; n: string }>(
        `SELECT relname, vacuum_count AS n FROM pg_stat_sys_tables WHERE schemaname = 'pg_catalog' AND relname = ANY($1::text[])`, [[...CHURNED_CATALOGS]]);
      return new Map(rows.map((r) => [r.relname, Number(r.n)]));
    };
    const allVacuumedSince = async (before: Map<string, number>) => {
      const now = await vacuums(); // statistics can lag behind (before PostgreSQL 15): polled, not timed
      return CHURNED_CATALOGS.filter((n) => !((now.get(n) ?? 0) > (before.get(n) ?? 0)));
    };
    const name = freshName();
    created.add(name);
    await admin.query(`CREATE SCHEMA "${name}"; CREATE TABLE "${name}".t (id serial PRIMARY KEY, a text); DROP SCHEMA "${name}" CASCADE`);

    let before = await vacuums();
    expect(await vacuumChurnedCatalogs(URL_)).toMatchObject({ warnings: [] }); // the test URL is a superuser's
    await expect.poll(() => allVacuumedSince(before), { timeout: 15_000, interval: 200 }).toEqual([]);

    // The run's global setup does it, after its sweep.
    before = await vacuums();
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await setup();
    } finally {
      out.mockRestore();
    }
    await expect.poll(() => allVacuumedSince(before), { timeout: 15_000, interval: 200 }).toEqual([]);
  });
});
