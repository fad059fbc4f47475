import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localContext } from '../../src/shared/context.js';
import { ENGINES } from '../helpers/databases.js';
import { createTestApp, type Injector, type TestApp } from '../helpers/app.js';
import { sampleDomain, sampleMetric, sampleObjective } from '../helpers/samples.js';

/** Status and error code: what must be identical for "another tenant's id" and "no such id". */
const shape = (r: { statusCode: number; json(): any }) => ({ status: r.statusCode, code: r.statusCode >= 400 ? r.json().error?.code : undefined, keys: Object.keys(r.json() ?? {}).sort() });

const ID_ROUTES = (kind: string, id: string, body: object) => [
  { method: 'GET', url: `/api/v1/${kind}/${id}` },
  { method: 'GET', url: `/api/v1/${kind}/${id}/versions` },
  { method: 'GET', url: `/api/v1/${kind}/${id}/versions/1.0.0` },
  { method: 'PUT', url: `/api/v1/${kind}/${id}`, payload: body },
  { method: 'PATCH', url: `/api/v1/${kind}/${id}`, payload: { description: 'hijack' } },
  { method: 'DELETE', url: `/api/v1/${kind}/${id}` },
  ...(kind === 'metrics' ? [{ method: 'GET', url: `/api/v1/metrics/${id}/policy` }, { method: 'POST', url: `/api/v1/metrics/${id}/policy/evaluate`, payload: { action: 'read_definition', user: { id: 'u', roles: ['viewer'] } } }] : []),
];

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`tenant isolation on ${engine.label}`, () => {
    let t: TestApp;
    let b: Injector;
    let bUser: { userId: string };

    beforeAll(async () => {
      t = await createTestApp(engine.name);
      await t.app.inject({ method: 'POST', url: '/api/v1/domains', payload: sampleDomain() });
      await t.app.inject({ method: 'POST', url: '/api/v1/metrics', payload: sampleMetric() });
      await t.app.inject({ method: 'POST', url: '/api/v1/objectives', payload: sampleObjective() });
      const login = await t.login('b-admin@example.com', 'admin', 'tenant-b');
      b = t.as(login.token);
      bUser = login;
    });
    afterAll(async () => t?.close());

    it('answers another workspace\'s ids exactly like missing ones, and never changes them', async () => {
      const cases: Array<[string, string, object]> = [
        ['metrics', 'METRIC-ARR', sampleMetric()], ['domains', 'revenue', sampleDomain()], ['objectives', 'OBJ-GROW', sampleObjective()],
      ];
      for (const [kind, id, body] of cases) {
        const foreign = ID_ROUTES(kind, id, body);
        const missing = ID_ROUTES(kind, 'NOPE-404', { ...body, [`${kind.slice(0, -1)}_id`]: 'NOPE-404' });
        for (let i = 0; i < foreign.length; i++) {
          const f = await b.inject(foreign[i] as never);
          const m = await b.inject(missing[i] as never);
          expect(shape(f), `${foreign[i]!.method} ${foreign[i]!.url}`).toEqual(shape(m));
          expect(f.statusCode).toBeGreaterThanOrEqual(400);
        }
      }
      const still = (await t.app.inject({ method: 'GET', url: '/api/v1/metrics/METRIC-ARR' })).json();
      expect(still.description).toBe(sampleMetric().description);
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/metrics/METRIC-ARR/versions' })).json().items).toHaveLength(1);
    });

    it('keeps lists, stats, exports, bundles and members per workspace; the same id may exist in both', async () => {
      expect((await b.inject({ method: 'GET', url: '/api/v1/metrics' })).json().total).toBe(0);
      expect((await b.inject({ method: 'GET', url: '/api/v1/metrics/stats' })).json().total).toBe(0);
      expect((await b.inject({ method: 'GET', url: '/api/v1/export' })).json().metrics).toEqual([]);
      expect((await b.inject({ method: 'GET', url: '/api/v1/members' })).json().items.map((m: { id: string }) => m.id)).toEqual([bUser.userId]);
      await b.inject({ method: 'POST', url: '/api/v1/domains', payload: sampleDomain() });
      expect((await b.inject({ method: 'POST', url: '/api/v1/metrics', payload: sampleMetric({ name: 'B copy' }) })).statusCode).toBe(201);
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/metrics/METRIC-ARR' })).json().name).toBe(sampleMetric().name);
      // Admin routes cannot reach a user of another workspace either.
      const adminA = (await t.app.inject({ method: 'GET', url: '/api/v1/me' })).json().user.id;
      expect((await b.inject({ method: 'POST', url: `/api/v1/members/${adminA}/disable` })).statusCode).toBe(404);
    });

    it('answers another workspace\'s invitations exactly like missing ones, and never changes them', async () => {
      const inv = (await t.app.inject({ method: 'POST', url: '/api/v1/invitations', payload: { email: 'only-in-a@example.com', role: 'viewer' } })).json().invitation;
      expect((await b.inject({ method: 'GET', url: '/api/v1/invitations?status=all' })).json().items).toEqual([]);
      for (const [method, suffix] of [['GET', ''], ['POST', '/resend'], ['DELETE', '']] as const) {
        const foreign = await b.inject({ method, url: `/api/v1/invitations/${inv.id}${suffix}` });
        const missing = await b.inject({ method, url: `/api/v1/invitations/inv_nope${suffix}` });
        expect(shape(foreign), `${method} ${suffix}`).toEqual(shape(missing));
        expect(foreign.statusCode).toBe(404);
      }
      const still = (await t.app.inject({ method: 'GET', url: `/api/v1/invitations/${inv.id}` })).json();
      expect(still.status).toBe('pending');
      expect(still.expires_at).toBe(inv.expires_at);
    });

    it('answers another workspace\'s id on the workspace routes exactly like a missing one, and never changes it', async () => {
      await t.services.workspaces.createOnHost(localContext('test'), { id: 'tenant-a2', name: 'A2' }, 'admin@example.com');
      const routes = (id: string) => [
        { method: 'PATCH', url: `/api/v1/workspaces/${id}`, payload: { name: 'hijack' } },
        { method: 'PATCH', url: `/api/v1/workspaces/${id}`, payload: { mfa_required: 'all' } },
        { method: 'DELETE', url: `/api/v1/workspaces/${id}?confirm=${id}` },
        { method: 'POST', url: '/api/v1/auth/switch', payload: { workspace_id: id } },
      ] as const;
      for (const foreignId of ['default', 'tenant-a2']) {
        const foreign = routes(foreignId);
        const missing = routes('nope-404');
        for (let i = 0; i < foreign.length; i++) {
          const f = await b.inject(foreign[i] as never);
          const m = await b.inject(missing[i] as never);
          expect(shape(f), `${foreign[i]!.method} ${foreign[i]!.url}`).toEqual(shape(m));
          expect(f.statusCode).toBe(404);
        }
      }
      expect((await b.inject({ method: 'GET', url: '/api/v1/workspaces' })).json().items.map((w: { id: string }) => w.id)).toEqual(['tenant-b']);
      for (const id of ['default', 'tenant-a2']) {
        expect(await t.services.workspaces.get(id)).toMatchObject({ mfa_required: 'none', deleted_at: null });
      }
      expect((await t.services.workspaces.get('tenant-a2')).name).toBe('A2');
      expect((await b.inject({ method: 'GET', url: '/api/v1/me' })).json().workspace_id).toBe('tenant-b'); // the failed switches ended nothing
    });

    it('holds for arbitrary ids (property)', async () => {
      const ids = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,20}$/);
      await fc.assert(fc.asyncProperty(ids, async (id) => {
        const r = await b.inject({ method: 'GET', url: `/api/v1/metrics/${encodeURIComponent(id)}` });
        const own = (await b.inject({ method: 'GET', url: '/api/v1/metrics?limit=500' })).json().items.map((m: { metric_id: string }) => m.metric_id);
        if (!own.includes(id)) expect(shape(r)).toEqual({ status: 404, code: 'NOT_FOUND', keys: ['error', 'requestId'] });
      }), { numRuns: 40 });
    });
  });

  describe.skipIf(!engine.available)(`credential cut-off on ${engine.label}`, () => {
    let t: TestApp;
    beforeAll(async () => { t = await createTestApp(engine.name); });
    afterAll(async () => t?.close());

    it('stops a disabled user\'s still-valid token and keys on the next request', async () => {
      const u = await t.login('soon-disabled@example.com', 'editor');
      const key = (await t.as(u.token).inject({ method: 'POST', url: '/api/v1/api-keys', payload: { name: 'k', scopes: ['metrics:read'] } })).json().key;
      expect((await t.as(u.token).inject({ method: 'GET', url: '/api/v1/metrics' })).statusCode).toBe(200);
      expect((await t.raw.inject({ method: 'GET', url: '/api/v1/metrics', headers: { 'x-api-key': key } })).statusCode).toBe(200);
      expect((await t.app.inject({ method: 'POST', url: `/api/v1/members/${u.userId}/disable` })).statusCode).toBe(204);
      expect((await t.as(u.token).inject({ method: 'GET', url: '/api/v1/metrics' })).statusCode).toBe(401);
      expect((await t.raw.inject({ method: 'GET', url: '/api/v1/metrics', headers: { 'x-api-key': key } })).statusCode).toBe(401);
      expect((await t.raw.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refresh_token: u.refreshToken } })).statusCode).toBe(401);
    });

    it('rotates refresh tokens and ends the session when a spent one is replayed', async () => {
      const u = await t.login('rotator@example.com', 'viewer');
      const first = await t.raw.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refresh_token: u.refreshToken } });
      expect(first.statusCode).toBe(200);
      const next = first.json();
      expect(next.refresh_token).not.toBe(u.refreshToken);
      const replay = await t.raw.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refresh_token: u.refreshToken } });
      expect(replay.statusCode).toBe(401);
      expect((await t.raw.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refresh_token: next.refresh_token } })).statusCode).toBe(401);
      expect((await t.as(next.access_token).inject({ method: 'GET', url: '/api/v1/metrics' })).statusCode).toBe(401);
    });

    it('ends a session on logout, and a password change ends them all', async () => {
      const u = await t.login('leaver@example.com', 'viewer');
      expect((await t.as(u.token).inject({ method: 'POST', url: '/api/v1/auth/logout' })).statusCode).toBe(204);
      expect((await t.as(u.token).inject({ method: 'GET', url: '/api/v1/me' })).statusCode).toBe(401);
      const login = await t.raw.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'leaver@example.com', password: 'correct horse battery staple 42' } });
      const token = login.json().access_token;
      expect((await t.as(token).inject({ method: 'POST', url: '/api/v1/me/password', payload: { current_password: 'correct horse battery staple 42', new_password: 'an entirely new long passphrase 7' } })).statusCode).toBe(204);
      expect((await t.as(token).inject({ method: 'GET', url: '/api/v1/me' })).statusCode).toBe(401);
      const weak = await t.raw.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'leaver@example.com', password: 'wrong password entirely' } });
      expect(weak.json()).toEqual({ error: { code: 'UNAUTHENTICATED', message: expect.any(String) }, requestId: expect.any(String) });
      const unknown = await t.raw.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'nobody@example.com', password: 'wrong password entirely' } });
      expect(unknown.json().error.message).toBe(weak.json().error.message);
    });
  });
}
