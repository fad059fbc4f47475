import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseApiKey } from '../../src/modules/auth/api-keys.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { ENGINES } from '../helpers/databases.js';

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`service accounts and their API keys (${engine.label})`, () => {
    let t: TestApp;
    beforeAll(async () => { t = await createTestApp(engine.name); });
    afterAll(async () => t?.close());

    const createAccount = async (name: string, role: string) => {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/service-accounts', payload: { name, role } });
      expect(res.statusCode).toBe(201);
      return res.json() as { id: string; role: string };
    };
    const createKey = (id: string, scopes: string[]) => t.app.inject({ method: 'POST', url: `/api/v1/service-accounts/${id}/api-keys`, payload: { name: 'ci', scopes } });

    it('creates an account that holds keys, and whose key works with the scopes it was given', async () => {
      const acct = await createAccount('Nightly ETL', 'editor');
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/service-accounts' })).json().items).toEqual(
        expect.arrayContaining([expect.objectContaining({ id: acct.id, name: 'Nightly ETL', role: 'editor', status: 'active' })]));
      const res = await createKey(acct.id, ['metrics:read']);
      expect(res.statusCode).toBe(201);
      expect(res.headers['cache-control']).toBe('no-store');
      const { key, record } = res.json() as { key: string; record: { user_id: string } };
      expect(key).toMatch(/^mdl_/);
      expect(record.user_id).toBe(acct.id);
      expect((await t.as(key).inject({ method: 'GET', url: '/api/v1/metrics' })).statusCode).toBe(200);
      // Only the scopes it was given: a write is forbidden.
      expect((await t.as(key).inject({ method: 'POST', url: '/api/v1/domains', payload: { domain_id: 'x', name: 'X' } })).statusCode).toBe(403);
      // The secret is stored only as a hash. The whole secret: it may itself contain `_`, and the part
      // after the last one can be a single letter found in any row ("w" of workspace_id).
      const secret = parseApiKey(key)!.secret;
      expect(secret).toHaveLength(43);
      const rows = await t.tdb.db.selectFrom('api_keys').selectAll().where('user_id', '=', acct.id).execute();
      expect(JSON.stringify(rows)).not.toContain(secret);
    });

    it("never grants a key more than the account's role allows", async () => {
      const viewer = await createAccount('Dashboard reader', 'viewer');
      const res = await createKey(viewer.id, ['metrics:write']);
      expect(res.statusCode).toBe(403);
      expect((await createKey(viewer.id, ['admin'])).statusCode).toBe(403);
    });

    it("never grants a key more than its creator's scopes, and only admins manage accounts", async () => {
      const acct = await createAccount('Importer', 'editor');
      const editor = await t.login('ed@example.com', 'editor');
      expect((await t.as(editor.token).inject({ method: 'GET', url: '/api/v1/service-accounts' })).statusCode).toBe(403);
      expect((await t.as(editor.token).inject({ method: 'POST', url: `/api/v1/service-accounts/${acct.id}/api-keys`, payload: { name: 'x', scopes: ['metrics:read'] } })).statusCode).toBe(403);
    });

    it('cannot sign in, and cannot be given a password', async () => {
      const acct = await createAccount('No login', 'viewer');
      const reset = await t.app.inject({ method: 'POST', url: `/api/v1/members/${acct.id}/password`, payload: { password: 'a perfectly long passphrase 77' } });
      expect(reset.statusCode).toBe(400);
      expect(reset.json().error.code).toBe('VALIDATION_FAILED');
      const row = await t.tdb.db.selectFrom('users').select(['email', 'password_hash', 'kind']).where('id', '=', acct.id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ password_hash: null, kind: 'service' });
      const login = await t.raw.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: row.email, password: 'a perfectly long passphrase 77' } });
      expect(login.statusCode).toBe(401);
    });

    it('deleting the account stops its keys at once and is audited', async () => {
      const acct = await createAccount('Short-lived', 'viewer');
      const { key } = (await createKey(acct.id, ['metrics:read'])).json() as { key: string };
      expect((await t.as(key).inject({ method: 'GET', url: '/api/v1/metrics' })).statusCode).toBe(200);
      expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/service-accounts/${acct.id}` })).statusCode).toBe(204);
      expect((await t.as(key).inject({ method: 'GET', url: '/api/v1/metrics' })).statusCode).toBe(401);
      expect((await t.app.inject({ method: 'GET', url: `/api/v1/service-accounts/${acct.id}` })).statusCode).toBe(404);
      const actions = (await t.tdb.db.selectFrom('audit_events').select('action').where('entity_id', '=', acct.id).execute()).map((r) => r.action);
      expect(actions).toEqual(expect.arrayContaining(['service_account.create', 'service_account.delete']));
    });

    it("answers another workspace's account, or a person, exactly like a missing one", async () => {
      const other = await t.login('zed@example.com', 'admin', 'other-ws');
      const theirs = (await t.as(other.token).inject({ method: 'POST', url: '/api/v1/service-accounts', payload: { name: 'Theirs', role: 'viewer' } })).json() as { id: string };
      const missing = await t.app.inject({ method: 'GET', url: '/api/v1/service-accounts/svc_nope' });
      for (const id of [theirs.id, other.userId]) {
        const res = await t.app.inject({ method: 'GET', url: `/api/v1/service-accounts/${id}` });
        expect(res.statusCode).toBe(404);
        expect(res.json().error.code).toBe(missing.json().error.code);
        expect((await createKey(id, ['metrics:read'])).statusCode).toBe(404);
        expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/service-accounts/${id}` })).statusCode).toBe(404);
      }
    });
  });
}
