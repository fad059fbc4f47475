import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/databases.js';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../helpers/app.js';
import { sampleDomain, sampleMetric } from '../helpers/samples.js';

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`audit API on ${engine.label}`, () => {
    let t: TestApp;
    let apiKey: string;
    beforeAll(async () => {
      t = await createTestApp(engine.name);
      await t.app.inject({ method: 'POST', url: '/api/v1/domains', payload: sampleDomain() });
      await t.app.inject({ method: 'POST', url: '/api/v1/metrics', payload: sampleMetric() });
      await t.app.inject({ method: 'PATCH', url: '/api/v1/metrics/METRIC-ARR', payload: { tier: 'Tier-2' } });
      apiKey = (await t.app.inject({ method: 'POST', url: '/api/v1/api-keys', payload: { name: 'ci', scopes: ['metrics:read'] } })).json().key;
    });
    afterAll(async () => t?.close());

    it('lists events newest first with filters and a working cursor', async () => {
      const all = (await t.app.inject({ method: 'GET', url: '/api/v1/audit?entity_type=metric&limit=1' })).json();
      expect(all.items[0]).toMatchObject({ action: 'metric.update', entity_id: 'METRIC-ARR', actor: expect.stringMatching(/^user:/) });
      const next = (await t.app.inject({ method: 'GET', url: `/api/v1/audit?entity_type=metric&limit=1&cursor=${encodeURIComponent(all.next_cursor)}` })).json();
      expect(next.items[0]).toMatchObject({ action: 'metric.create' });
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/audit?action=api_key.create' })).json().items).toHaveLength(1);
    });

    it('exports CSV and JSON Lines, verifies the chain, and never contains a secret', async () => {
      const csv = await t.app.inject({ method: 'GET', url: '/api/v1/audit/export?format=csv' });
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      expect(csv.body.split('\r\n')[0]).toContain('action');
      const jsonl = (await t.app.inject({ method: 'GET', url: '/api/v1/audit/export' })).body.trim().split('\n').map((l) => JSON.parse(l));
      expect(jsonl.map((e) => e.action)).toEqual(expect.arrayContaining(['domain.create', 'metric.create', 'metric.update', 'api_key.create']));
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/audit/verify' })).json()).toMatchObject({ ok: true });
      const everything = csv.body + JSON.stringify(jsonl);
      for (const secret of [apiKey, apiKey.slice('mdl_'.length + 11), TEST_PASSWORD, t.adminToken]) expect(everything).not.toContain(secret);
    });
  });
}

describe('logging of authentication failures and denials', () => {
  it('logs each failure once with its reason, audits denials, and never writes a credential or password to the log', async () => {
    const { Writable } = await import('node:stream');
    const { buildApp } = await import('../../src/app.js');
    const { createServices } = await import('../../src/modules/services.js');
    const { createTestDatabase } = await import('../helpers/databases.js');
    const tdb = await createTestDatabase('sqlite');
    const lines: string[] = [];
    const stream = new Writable({ write(chunk, _enc, cb) { lines.push(String(chunk)); cb(); } });
    const services = createServices(tdb.db);
    const app = await buildApp({ config: { bodyLimit: 1e6, importBodyLimit: 1e6, requestTimeoutMs: 5000 }, db: tdb.db, services, logger: { level: 'info', stream } });
    try {
      await services.identity.users.createUser({ workspaceId: 'default', actor: 'test' }, { email: 'v@example.com', password: TEST_PASSWORD, membership: { workspaceId: 'default', role: 'viewer' } });
      const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'v@example.com', password: TEST_PASSWORD } });
      const { access_token, refresh_token } = login.json();
      const tampered = `${access_token.slice(0, -4)}AAAA`;
      expect((await app.inject({ method: 'GET', url: '/api/v1/metrics', headers: { authorization: `Bearer ${tampered}` } })).statusCode).toBe(401);
      expect((await app.inject({ method: 'POST', url: '/api/v1/domains', headers: { authorization: `Bearer ${access_token}` }, payload: { domain_id: 'x', name: 'X' } })).statusCode).toBe(403);
      const failures = lines.filter((l) => l.includes('"authentication failed"'));
      expect(failures).toHaveLength(1);
      expect(failures[0]).toContain('"reason"');
      expect(lines.filter((l) => l.includes('"permission denied"'))).toHaveLength(1);
      const denied = await tdb.db.selectFrom('audit_events').selectAll().where('action', '=', 'authz.denied').execute();
      expect(denied).toHaveLength(1);
      expect(denied[0]).toMatchObject({ entity_id: 'POST /api/v1/domains', outcome: 'failure' });
      const log = lines.join('');
      for (const secret of [access_token, tampered, refresh_token, TEST_PASSWORD]) expect(log).not.toContain(secret);
    } finally {
      await app.close();
      await tdb.destroy();
    }
  });
});
