import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { connect, type Db } from '../../src/db/connect.js';
import { createServices } from '../../src/modules/services.js';
import { localContext } from '../../src/shared/context.js';
import { ENGINES, createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../helpers/app.js';
import { sampleDomain, sampleMetric } from '../helpers/samples.js';

/**
 * Row-level security through HTTP: a handler whose query forgot its workspace filter still answers
 * only the caller's workspace. The probe routes exist on the test's app instances only.
 */
const POSTGRES = ENGINES.find((e) => e.name === 'postgres')!;

interface Probe {
  setting: string | null;
  workspaces: string[];
  metrics: number;
}

/** Adds the probe routes: deliberately unfiltered queries (GET, a POST with a body, and a public one). */
function addProbes(app: FastifyInstance, db: Db): void {
  const probe = async (): Promise<Probe> => {
    const rows = await db.selectFrom('metrics').select('workspace_id').execute(); // no .where(): on purpose
    const { rows: [s] } = await sql<{ v: string | null }>`select current_setting('mdl.workspace_id', true) as v`.execute(db);
    return { setting: s!.v, workspaces: [...new Set(rows.map((r) => r.workspace_id))].sort(), metrics: rows.length };
  };
  app.get('/rls-probe', { config: { scope: 'metrics:read' } }, probe);
  // In a transaction, after the body was parsed: the context must survive both.
  app.post('/rls-probe', { config: { scope: 'metrics:read' } }, async (request) => {
    const size = JSON.stringify(request.body).length;
    const inTrx = await db.transaction().execute(async (trx) => (await trx.selectFrom('metrics').select('workspace_id').distinct().execute()).map((r) => r.workspace_id));
    return { ...(await probe()), size, inTrx };
  });
  app.get('/rls-probe/public', { config: { scope: 'public' } }, probe);
}

describe.skipIf(!POSTGRES.available)(`row-level security behind the API on ${POSTGRES.label}`, () => {
  let t: TestApp;
  let tokenB: string;

  beforeAll(async () => {
    t = await createTestApp('postgres');
    addProbes(t.raw, t.tdb.db); // before the first request: routes cannot be added once the app is ready
    await t.app.inject({ method: 'POST', url: '/api/v1/domains', payload: sampleDomain() });
    await t.app.inject({ method: 'POST', url: '/api/v1/metrics', payload: sampleMetric() });
    tokenB = (await t.login('b-admin@example.com', 'admin', 'tenant-b')).token;
    const b = t.as(tokenB);
    await b.inject({ method: 'POST', url: '/api/v1/domains', payload: sampleDomain() });
    for (const id of ['B-1', 'B-2']) expect((await b.inject({ method: 'POST', url: '/api/v1/metrics', payload: sampleMetric({ metric_id: id, name: id }) })).statusCode).toBe(201);
  });
  afterAll(async () => t?.close());

  it('(d) an unfiltered query in a handler sees only the principal\'s workspace', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/rls-probe' })).json()).toEqual({ setting: 'default', workspaces: ['default'], metrics: 1 });
    expect((await t.as(tokenB).inject({ method: 'GET', url: '/rls-probe' })).json()).toEqual({ setting: 'tenant-b', workspaces: ['tenant-b'], metrics: 2 });
    // An API key narrows the same way.
    const key = (await t.as(tokenB).inject({ method: 'POST', url: '/api/v1/api-keys', payload: { name: 'probe', scopes: ['metrics:read'] } })).json().key;
    expect((await t.raw.inject({ method: 'GET', url: '/rls-probe', headers: { 'x-api-key': key } })).json()).toMatchObject({ workspaces: ['tenant-b'] });
  });

  it('keeps the workspace through body parsing and transactions', async () => {
    const res = await t.as(tokenB).inject({ method: 'POST', url: '/rls-probe', payload: { filler: 'x'.repeat(200_000) } });
    expect(res.json()).toMatchObject({ setting: 'tenant-b', workspaces: ['tenant-b'], inTrx: ['tenant-b'], size: 200_013 });
  });

  it('keeps it on a real socket too, with a body that arrives in pieces', async () => {
    const served = await buildApp({ config: { bodyLimit: 1024 * 1024, importBodyLimit: 1024 * 1024, requestTimeoutMs: 30_000 }, db: t.tdb.db, services: t.services });
    addProbes(served, t.tdb.db);
    await served.listen({ host: '127.0.0.1', port: 0 });
    try {
      const { port } = served.server.address() as AddressInfo;
      const body = await new Promise<string>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/rls-probe', headers: { authorization: `Bearer ${tokenB}`, 'content-type': 'application/json' } }, (res) => {
          let text = '';
          res.setEncoding('utf8').on('data', (c: string) => { text += c; }).on('end', () => resolve(text)).on('error', reject);
        });
        req.on('error', reject);
        // Three chunks with pauses: parsing resumes from socket events, outside the request's async context.
        req.write('{"filler":"');
        setTimeout(() => { req.write('y'.repeat(1000)); setTimeout(() => req.end('"}'), 30); }, 30);
      });
      expect(JSON.parse(body)).toMatchObject({ setting: 'tenant-b', workspaces: ['tenant-b'], inTrx: ['tenant-b'] });
    } finally {
      await served.close();
    }
  });

  it('crosses workspaces where it must: a user\'s own sessions and keys in all their workspaces (asSystem)', async () => {
    const ctx = localContext('test');
    const user = await t.services.identity.users.createUser(ctx, { email: 'both@example.com', password: TEST_PASSWORD, membership: { workspaceId: 'default', role: 'viewer' } });
    await t.services.identity.users.addMember(ctx, 'tenant-b', user.id, 'viewer');
    const inA = (await t.services.login.login('both@example.com', TEST_PASSWORD, 'default', {})).access_token;
    const inB = (await t.services.login.login('both@example.com', TEST_PASSWORD, 'tenant-b', {})).access_token;
    const keyB = (await t.as(inB).inject({ method: 'POST', url: '/api/v1/api-keys', payload: { name: 'b', scopes: ['metrics:read'] } })).json().key;
    // Listed from workspace A, the sessions of both workspaces.
    const listed = (await t.as(inA).inject({ method: 'GET', url: '/api/v1/auth/sessions' })).json().items as Array<{ workspaceId: string }>;
    expect(listed.map((x) => x.workspaceId).sort()).toEqual(['default', 'tenant-b']);
    // A password change made in workspace A ends the session and the key in workspace B too.
    const changed = await t.as(inA).inject({ method: 'POST', url: '/api/v1/me/password', payload: { current_password: TEST_PASSWORD, new_password: 'another long passphrase 99' } });
    expect(changed.statusCode).toBe(204);
    expect((await t.as(inB).inject({ method: 'GET', url: '/api/v1/me' })).statusCode).toBe(401);
    expect((await t.raw.inject({ method: 'GET', url: '/rls-probe', headers: { 'x-api-key': keyB } })).statusCode).toBe(401);
  });

  it('(e) a public route, with no principal, runs in system mode', async () => {
    expect((await t.raw.inject({ method: 'GET', url: '/rls-probe/public' })).json()).toEqual({ setting: '*', workspaces: ['default', 'tenant-b'], metrics: 3 });
  });
});

describe.skipIf(!POSTGRES.available)(`row-level security across pooled requests on ${POSTGRES.label}`, () => {
  let tdb: TestDatabase;
  let single: Db;
  let app: FastifyInstance;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    tdb = await createTestDatabase('postgres');
    // The app's pool has ONE connection: every request reuses it.
    single = connect({ ...(tdb.config as Extract<TestDatabase['config'], { kind: 'postgres' }>), poolMax: 1 });
    const services = createServices(single);
    app = await buildApp({ config: { bodyLimit: 1024 * 1024, importBodyLimit: 1024 * 1024, requestTimeoutMs: 30_000 }, db: single, services });
    addProbes(app, single);
    for (const ws of ['pool-a', 'pool-b']) {
      const ctx = localContext('seed', ws);
      await services.identity.users.createWorkspace(ctx, { id: ws, name: ws });
      await services.identity.users.createUser(ctx, { email: `${ws}@example.com`, password: TEST_PASSWORD, membership: { workspaceId: ws, role: 'viewer' } });
      tokens[ws] = (await services.login.login(`${ws}@example.com`, TEST_PASSWORD, ws, {})).access_token;
    }
    await services.domains.create(localContext('seed', 'pool-a'), sampleDomain());
    await services.metrics.create(localContext('seed', 'pool-a'), sampleMetric());
  });
  afterAll(async () => {
    await app?.close();
    await single?.destroy();
    await tdb?.destroy();
  });

  it('(f) A then B then A on one connection: the setting follows each request, never the previous one', async () => {
    const as = (token: string) => app.inject({ method: 'GET', url: '/rls-probe', headers: { authorization: `Bearer ${token}` } }).then((r) => r.json() as Probe);
    const [a, b] = [tokens['pool-a']!, tokens['pool-b']!];
    expect(await as(a)).toEqual({ setting: 'pool-a', workspaces: ['pool-a'], metrics: 1 });
    expect(await as(b)).toEqual({ setting: 'pool-b', workspaces: [], metrics: 0 });
    expect(await as(a)).toEqual({ setting: 'pool-a', workspaces: ['pool-a'], metrics: 1 });
    // Concurrent requests queue for the one connection; each still sees its own workspace.
    const all = await Promise.all([as(b), as(a), as(b), as(a)]);
    expect(all.map((p) => p.setting)).toEqual(['pool-b', 'pool-a', 'pool-b', 'pool-a']);
    expect(all.map((p) => p.metrics)).toEqual([0, 1, 0, 1]);
    // And a public request after them is back in system mode.
    expect((await app.inject({ method: 'GET', url: '/rls-probe/public' })).json()).toMatchObject({ setting: '*', metrics: 1 });
  });
});
