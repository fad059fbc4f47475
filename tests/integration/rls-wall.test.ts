import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, databaseRole, rlsBypassProblem, type Db } from '../../src/db/connect.js';
import { TENANT_TABLES } from '../../src/db/migrations/0007_row_level_security.js';
import { asSystem, currentWorkspace, withWorkspace } from '../../src/db/tenant-context.js';
import { createServices, type Services } from '../../src/modules/services.js';
import { startServer } from '../../src/server.js';
import { localContext } from '../../src/shared/context.js';
import { ENGINES, createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { sampleDomain, sampleMetric } from '../helpers/samples.js';

/**
 * Row-level security as a second wall (migration 0007): queries that forget their workspace filter
 * still see one workspace only. PostgreSQL only; the suites connect as a NOSUPERUSER NOBYPASSRLS role
 * (tests/helpers/databases.ts), as production must.
 */
const POSTGRES = ENGINES.find((e) => e.name === 'postgres')!;
const A = 'alpha';
const B = 'beta';
/** Tables added after migration 0007, each under the same policy (their own migration applies it). */
const LATER_TENANT_TABLES = ['invitations', 'record_provenance', 'vocabularies', 'vocabulary_values', 'vocabulary_aliases'] as const;
const ALL_TENANT_TABLES = [...TENANT_TABLES, ...LATER_TENANT_TABLES, 'workspaces'] as const;

/** Rows of `table` with their workspace, through whatever context is current. */
async function workspacesIn(db: Db, table: (typeof ALL_TENANT_TABLES)[number]): Promise<string[]> {
  const col = table === 'workspaces' ? 'id' : 'workspace_id';
  const { rows } = await sql<{ ws: string }>`select ${sql.ref(col)} as ws from ${sql.table(table)}`.execute(db);
  return rows.map((r) => r.ws);
}

/** A raw pg session as the app's role, in the test schema: no app, so no `mdl.workspace_id`. */
async function rawSession(t: TestDatabase): Promise<pg.Client> {
  const c = t.config as { url: string; schema: string };
  const client = new pg.Client({ connectionString: c.url, options: `-c search_path=${c.schema}` });
  await client.connect();
  return client;
}

describe.skipIf(!POSTGRES.available)(`row-level security on ${POSTGRES.label}`, () => {
  let t: TestDatabase;
  let s: Services;

  beforeAll(async () => {
    t = await createTestDatabase('postgres');
    s = createServices(t.db);
    // Seeding runs outside any request: system mode, like the CLI.
    for (const ws of [A, B]) {
      await s.identity.users.createWorkspace(localContext('seed'), { id: ws, name: ws });
      const ctx = localContext('seed', ws);
      await s.domains.create(ctx, sampleDomain());
      await s.metrics.create(ctx, sampleMetric({ name: `ARR of ${ws}` }));
      await s.metrics.create(ctx, sampleMetric({ metric_id: `M-${ws}`, name: `Only in ${ws}`, tags: [ws] }));
      await s.identity.users.createUser(ctx, { email: `admin@${ws}.example`, password: 'correct horse battery staple 42', membership: { workspaceId: ws, role: 'admin' } });
      await s.login.login(`admin@${ws}.example`, 'correct horse battery staple 42', ws, {});
      const user = await s.identity.users.getByEmail(`admin@${ws}.example`);
      await s.auth.apiKeys.create({ workspaceId: ws, userId: user.id, creatorScopes: new Set(['metrics:read']), name: 'k', scopes: ['metrics:read'] });
    }
  });
  afterAll(async () => t?.destroy());

  it('connects as a role the policies bind (not a superuser, no BYPASSRLS)', async () => {
    expect(await databaseRole(t.db)).toMatchObject({ superuser: false, bypassRls: false });
    expect(rlsBypassProblem(await databaseRole(t.db))).toBeUndefined();
  });

  it('puts every table with a workspace_id column behind a forced policy', async () => {
    const schema = (t.config as { schema: string }).schema;
    const { rows } = await sql<{ table_name: string; enabled: boolean; forced: boolean; policies: string }>`
      select c.table_name, k.relrowsecurity as enabled, k.relforcerowsecurity as forced,
             (select count(*) from pg_policies p where p.schemaname = c.table_schema and p.tablename = c.table_name)::text as policies
      from information_schema.columns c
      join pg_class k on k.relname = c.table_name and k.relnamespace = (select oid from pg_namespace where nspname = c.table_schema)
      where c.table_schema = ${schema} and c.column_name = 'workspace_id'`.execute(t.db);
    expect(rows.map((r) => r.table_name).sort()).toEqual([...TENANT_TABLES, ...LATER_TENANT_TABLES].sort());
    for (const r of rows) expect({ table: r.table_name, enabled: r.enabled, forced: r.forced, policies: r.policies }).toEqual({ table: r.table_name, enabled: true, forced: true, policies: '1' });
  });

  it('(a) an unfiltered SELECT inside withWorkspace returns that workspace\'s rows only, in every tenant table', async () => {
    // System mode sees both workspaces, so the checks below are not vacuous.
    for (const table of ['metrics', 'metric_tags', 'domains', 'entity_refs', 'entity_versions', 'audit_events', 'memberships', 'sessions', 'api_keys', 'workspaces'] as const) {
      expect(await workspacesIn(t.db, table), table).toEqual(expect.arrayContaining([A, B]));
    }
    await withWorkspace(A, async () => {
      // Deliberately no .where('workspace_id', …): the wall alone must hold.
      const metrics = await t.db.selectFrom('metrics').selectAll().execute();
      expect(metrics.map((m) => m.metric_id).sort()).toEqual(['M-alpha', 'METRIC-ARR']);
      expect(metrics.every((m) => m.workspace_id === A && !m.name.includes(B))).toBe(true);
      for (const table of ALL_TENANT_TABLES) expect((await workspacesIn(t.db, table)).filter((ws) => ws !== A), table).toEqual([]);
      // Joins and aggregates too.
      const joined = await t.db.selectFrom('metric_tags as t').innerJoin('metrics as m', 'm.id', 't.metric_pk').select(['m.workspace_id', 't.tag']).execute();
      expect(joined.map((r) => r.tag)).not.toContain(B);
      expect(Number((await t.db.selectFrom('memberships').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(1);
    });
  });

  it('(b) an unfiltered UPDATE or DELETE cannot touch another workspace; writing a row into it fails', async () => {
    await withWorkspace(A, async () => {
      const updated = await t.db.updateTable('metrics').set({ owner_team: 'hijacked' }).executeTakeFirst();
      expect(Number(updated.numUpdatedRows)).toBe(2);
      const deleted = await t.db.deleteFrom('metric_tags').executeTakeFirst();
      expect(Number(deleted.numDeletedRows)).toBeGreaterThan(0);
      // WITH CHECK: neither a new row for B nor moving A's row to B.
      const now = new Date().toISOString();
      await expect(t.db.insertInto('domains').values({
        workspace_id: B, domain_id: 'planted', name: 'Planted', owner_team: '', version: '1.0.0', revision: 1, etag: 'x', doc: '{}', created_at: now, updated_at: now,
      }).execute()).rejects.toMatchObject({ code: '42501' });
      await expect(t.db.updateTable('domains').set({ workspace_id: B }).execute()).rejects.toMatchObject({ code: '42501' });
    });
    const bMetrics = await t.db.selectFrom('metrics').select(['owner_team']).where('workspace_id', '=', B).execute();
    expect(bMetrics.map((m) => m.owner_team)).toEqual(['finance', 'finance']);
    expect(await t.db.selectFrom('metric_tags').select('tag').where('workspace_id', '=', B).execute()).not.toEqual([]);
    expect(await t.db.selectFrom('domains').select('domain_id').where('domain_id', '=', 'planted').execute()).toEqual([]);
  });

  it('(c) a session that did not come through the app sees no tenant rows at all', async () => {
    const raw = await rawSession(t);
    try {
      for (const table of ALL_TENANT_TABLES) {
        expect(Number((await raw.query(`select count(*) as n from ${table}`)).rows[0].n), table).toBe(0);
      }
      await expect(raw.query(`insert into workspaces (id, name, created_at) values ('gamma', 'g', 'now')`)).rejects.toMatchObject({ code: '42501' });
      // The same role with the setting sees exactly one workspace: the policy, not a missing grant, hid the rows.
      await raw.query(`select set_config('mdl.workspace_id', $1, false)`, [B]);
      expect((await raw.query('select distinct workspace_id from metrics')).rows).toEqual([{ workspace_id: B }]);
    } finally {
      await raw.end();
    }
  });

  it('(e) system mode sees every workspace', async () => {
    await asSystem(async () => {
      expect(currentWorkspace()).toBeNull();
      expect([...new Set(await workspacesIn(t.db, 'metrics'))].sort()).toEqual([A, B]);
      expect([...new Set(await workspacesIn(t.db, 'workspaces'))]).toEqual(expect.arrayContaining(['default', A, B]));
    });
    // And a workspace nested in system mode (or the other way round) is its own scope.
    await asSystem(() => withWorkspace(B, async () => expect([...new Set(await workspacesIn(t.db, 'metrics'))]).toEqual([B])));
    await withWorkspace(B, () => asSystem(async () => expect([...new Set(await workspacesIn(t.db, 'metrics'))].sort()).toEqual([A, B])));
  });

  it('(f) the setting never leaks from one use of a pooled connection to the next', async () => {
    const one = connect({ ...(t.config as Extract<TestDatabase['config'], { kind: 'postgres' }>), poolMax: 1 });
    try {
      const seen = async () => (await sql<{ v: string | null; n: string }>`select current_setting('mdl.workspace_id', true) as v,
        (select count(*) from metrics)::text as n`.execute(one)).rows[0]!;
      expect(await withWorkspace(A, seen)).toEqual({ v: A, n: '2' });
      expect(await withWorkspace(B, seen)).toEqual({ v: B, n: '2' });
      expect(await seen()).toEqual({ v: '*', n: '4' });
      expect(await withWorkspace(A, seen)).toEqual({ v: A, n: '2' });
      // Interleaved on the one connection: each acquisition carries its own caller's workspace.
      const both = await Promise.all([withWorkspace(A, seen), withWorkspace(B, seen), asSystem(seen), withWorkspace(B, seen)]);
      expect(both.map((r) => r.v)).toEqual([A, B, '*', B]);
      // A transaction takes the context it began in (documented): switching inside it changes nothing.
      const inTrx = await withWorkspace(A, () => one.transaction().execute((trx) =>
        asSystem(async () => (await trx.selectFrom('metrics').select('workspace_id').distinct().execute()).map((r) => r.workspace_id))));
      expect(inTrx).toEqual([A]);
      // A failed transaction leaves nothing behind either.
      await expect(withWorkspace(B, () => one.transaction().execute(async (trx) => {
        await trx.selectFrom('metrics').selectAll().execute();
        throw new Error('boom');
      }))).rejects.toThrow('boom');
      expect(await withWorkspace(A, seen)).toEqual({ v: A, n: '2' });
    } finally {
      await one.destroy();
    }
  });

  it('refuses a workspace id that is no workspace', () => {
    expect(() => withWorkspace('*', () => 1)).toThrow(/not a workspace id/);
    expect(() => withWorkspace('', () => 1)).toThrow(/not a workspace id/);
  });
});

describe.skipIf(!POSTGRES.available)(`start-up check of the database role on ${POSTGRES.label}`, () => {
  let t: TestDatabase;
  let superuser: Kysely<any>;
  /** The superuser URL with a strong password (the test server trusts local connections and ignores it). */
  let adminUrl: string;

  beforeAll(async () => {
    t = await createTestDatabase('postgres');
    const u = new URL(t.adminUrl!);
    u.password = randomBytes(18).toString('hex');
    adminUrl = u.toString();
    superuser = connect({ ...(t.config as Extract<TestDatabase['config'], { kind: 'postgres' }>), url: adminUrl });
  });
  afterAll(async () => {
    await superuser?.destroy();
    await t?.destroy();
  });

  it('flags a superuser connection', async () => {
    const role = await databaseRole(superuser as Db);
    expect(role).toMatchObject({ superuser: true });
    expect(rlsBypassProblem(role)).toMatch(/^database role "\w+" is a superuser: PostgreSQL row-level security does not apply to it/);
    expect(rlsBypassProblem({ role: 'app', superuser: false, bypassRls: true })).toMatch(/"app" has BYPASSRLS/);
  });

  it('refuses to start in production as such a role, unless MDL_ALLOW_RLS_BYPASS says so', async () => {
    const env = {
      MDL_ENV: 'production', MDL_PORT: '0', MDL_LOG_LEVEL: 'silent', MDL_SECRET_KEY: randomBytes(32).toString('base64'),
      MDL_DATABASE_URL: adminUrl, MDL_DB_SCHEMA: (t.config as { schema: string }).schema,
    };
    await expect(startServer(env)).rejects.toThrow(/^refusing to start \(MDL_ENV=production\): database role "\w+" is a superuser.*MDL_ALLOW_RLS_BYPASS=true/);
    const app = await startServer({ ...env, MDL_ALLOW_RLS_BYPASS: 'true' });
    await app.close();
    // The app's own role starts without complaint.
    const asApp = new URL(adminUrl);
    asApp.username = (t.config as { schema: string }).schema; // the test role is named like its schema
    const own = await startServer({ ...env, MDL_DATABASE_URL: asApp.toString() });
    await own.close();
  });
});
