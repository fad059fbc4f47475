import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthMethod } from '../../src/modules/auth/sessions.js';
import { localContext } from '../../src/shared/context.js';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../helpers/app.js';
import { ENGINES } from '../helpers/databases.js';

const ctx = localContext('test');
const HOUR_MS = 3600 * 1000;
const shape = (r: LightMyRequestResponse) => ({ status: r.statusCode, code: r.json().error?.code, keys: Object.keys(r.json()).sort() });

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`switching workspace on ${engine.label}`, () => {
    let t: TestApp;
    let userId: string;
    /** A session of the user in `default` opened by `method`, and its access token. */
    const sessionBy = async (method: AuthMethod, ws = 'default') => {
      const s = await t.services.auth.sessions.start(userId, ws, { method });
      const role = (await t.services.identity.users.getMembership(ws, userId))!.role;
      return { sessionId: s.sessionId, token: await t.services.auth.tokens.issueAccessToken({ sub: userId, ws, role, sid: s.sessionId }) };
    };
    const switchTo = (token: string, workspace_id: string) => t.as(token).inject({ method: 'POST', url: '/api/v1/auth/switch', payload: { workspace_id } });

    beforeAll(async () => {
      t = await createTestApp(engine.name);
      userId = (await t.login('multi@example.com', 'editor')).userId;
      for (const ws of ['second', 'third', 'strict', 'doomed']) await t.services.identity.users.createWorkspace(ctx, { id: ws, name: ws });
      await t.services.identity.users.addMember(ctx, 'second', userId, 'viewer');
      await t.services.identity.users.addMember(ctx, 'strict', userId, 'viewer');
      await t.services.identity.users.addMember(ctx, 'doomed', userId, 'editor');
      await t.services.mfa.setPolicy({ ...ctx, workspaceId: 'strict' }, 'all');
    });
    afterAll(async () => t?.close());

    it('moves a password session to another workspace: a new pair there, the old session ends, its end is kept', async () => {
      const login = await t.raw.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'multi@example.com', password: TEST_PASSWORD, workspace: 'default' } });
      const old = login.json();
      const oldSession = (await t.services.auth.sessions.list(userId)).find((s) => s.workspaceId === 'default')!;
      // The old session ends in an hour: the new one must not outlive it.
      const end = new Date(Date.now() + HOUR_MS).toISOString();
      await t.tdb.db.updateTable('sessions').set({ expires_at: end }).where('id', '=', oldSession.id).execute();

      const r = await switchTo(old.access_token, 'second');
      expect(r.statusCode, r.body).toBe(200);
      const pair = r.json();
      expect(pair).toMatchObject({ token_type: 'Bearer', workspace_id: 'second', role: 'viewer' });
      expect(r.headers['cache-control']).toBe('no-store');
      const me = (await t.as(pair.access_token).inject({ method: 'GET', url: '/api/v1/me' })).json();
      expect(me).toMatchObject({ workspace_id: 'second', role: 'viewer' });
      const fresh = await t.tdb.db.selectFrom('sessions').selectAll().where('user_id', '=', userId).where('workspace_id', '=', 'second').where('revoked_at', 'is', null).executeTakeFirstOrThrow();
      expect(fresh.auth_method).toBe('password');
      expect(fresh.expires_at <= end).toBe(true);
      expect(Date.parse(fresh.expires_at)).toBeGreaterThan(Date.parse(end) - 60_000);

      expect((await t.as(old.access_token).inject({ method: 'GET', url: '/api/v1/me' })).statusCode).toBe(401);
      expect((await t.raw.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refresh_token: old.refresh_token } })).statusCode).toBe(401);
      const refreshed = await t.raw.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refresh_token: pair.refresh_token } });
      expect(refreshed.json()).toMatchObject({ workspace_id: 'second' });

      // Each chain records its side, and neither names the other workspace.
      const events = async (ws: string) => t.tdb.db.selectFrom('audit_events').selectAll().where('workspace_id', '=', ws).where('action', '=', 'auth.switch').execute();
      const out = await events('default');
      const into = await events('second');
      expect(out.map((e) => JSON.parse(e.after!).direction)).toEqual(['out']);
      expect(into.map((e) => JSON.parse(e.after!).direction)).toEqual(['in']);
      expect(JSON.stringify(out)).not.toContain('second');
      expect(JSON.stringify(into)).not.toContain('"default"');

      const back = await switchTo(pair.access_token, 'default');
      expect(back.json()).toMatchObject({ workspace_id: 'default', role: 'editor' });
    });

    it('answers a workspace the account is not in exactly like one that does not exist', async () => {
      const { token } = await sessionBy('password');
      const foreign = await switchTo(token, 'third');
      const missing = await switchTo(token, 'nope');
      expect(foreign.statusCode).toBe(404);
      expect(shape(foreign)).toEqual(shape(missing));
      expect(shape(await switchTo(token, '_system'))).toEqual(shape(missing));
      expect((await switchTo(token, 'default')).statusCode).toBe(400);
      expect((await t.as(token).inject({ method: 'GET', url: '/api/v1/me' })).statusCode).toBe(200); // nothing ended
    });

    it('lets only a session that proved the account switch: not single sign-on, not an API key', async () => {
      for (const method of ['sso', 'sso+mfa'] as const) {
        const r = await switchTo((await sessionBy(method)).token, 'second');
        expect(r.statusCode, method).toBe(403);
        expect(r.json().error.code).toBe('REAUTHENTICATION_REQUIRED');
      }
      const { token } = await sessionBy('password');
      const key = (await t.as(token).inject({ method: 'POST', url: '/api/v1/api-keys', payload: { name: 'k', scopes: ['self'] } })).json().key;
      const byKey = await switchTo(key, 'second');
      expect(byKey.json().error.code).toBe('REAUTHENTICATION_REQUIRED');
    });

    it('holds the entry to the workspace\'s MFA policy and to the account\'s own TOTP', async () => {
      const noCode = await switchTo((await sessionBy('password')).token, 'strict');
      expect(noCode.statusCode).toBe(403);
      expect(noCode.json().error).toMatchObject({ code: 'MFA_REQUIRED', message: expect.stringContaining('workspace strict requires two-factor') });
      expect((await switchTo((await sessionBy('password+mfa')).token, 'strict')).json()).toMatchObject({ workspace_id: 'strict' });

      // With TOTP on the account, a login always asks for a code: so does a switch, wherever it goes.
      const now = new Date().toISOString();
      await t.tdb.db.insertInto('mfa_totp').values({ user_id: userId, secret: 'unused', created_at: now, enabled_at: now, last_used_step: null }).execute();
      try {
        const r = await switchTo((await sessionBy('password')).token, 'second');
        expect(r.statusCode).toBe(403);
        expect(r.json().error.message).toMatch(/opened without it/);
        expect((await switchTo((await sessionBy('password+mfa')).token, 'second')).statusCode).toBe(200);
      } finally {
        await t.tdb.db.deleteFrom('mfa_totp').where('user_id', '=', userId).execute();
      }
    });

    it('enters a workspace with single sign-on as a password login naming it would', async () => {
      const now = new Date().toISOString();
      await t.tdb.db.insertInto('sso_providers').values({
        workspace_id: 'second', issuer: 'https://idp.invalid', client_id: 'c', client_secret: 'sealed', scopes: '["openid"]', allowed_email_domains: '[]',
        role_claim: null, role_mappings: '[]', default_role: null, jit_provisioning: 0, created_at: now, updated_at: now, mfa_amr: null,
      }).execute();
      const login = await t.raw.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'multi@example.com', password: TEST_PASSWORD, workspace: 'second' } });
      expect(login.statusCode).toBe(200);
      expect((await switchTo((await sessionBy('password')).token, 'second')).statusCode).toBe(200);
    });

    it('lets only admins into a deleted workspace', async () => {
      await t.services.workspaces.softDelete(ctx, 'doomed', 'doomed');
      const r = await switchTo((await sessionBy('password')).token, 'doomed');
      expect(r.statusCode).toBe(409);
      expect(r.json().error.code).toBe('WORKSPACE_DELETED');
      await t.services.identity.users.updateMember(ctx, 'doomed', userId, 'admin');
      expect((await switchTo((await sessionBy('password')).token, 'doomed')).json()).toMatchObject({ workspace_id: 'doomed', role: 'admin' });
    });

    it('moves a browser session as a browser session: new cookies, and the CSRF token is required', async () => {
      const login = await t.raw.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'multi@example.com', password: TEST_PASSWORD, workspace: 'default', mode: 'cookie' } });
      const cookies = ([] as string[]).concat(login.headers['set-cookie'] ?? []);
      const cookie = cookies.map((c) => c.split(';')[0]).join('; ');
      const csrf = login.json().csrf_token;
      const forged = await t.raw.inject({ method: 'POST', url: '/api/v1/auth/switch', headers: { cookie }, payload: { workspace_id: 'second' } });
      expect(forged.json().error.code).toBe('CSRF_FAILED');
      const r = await t.raw.inject({ method: 'POST', url: '/api/v1/auth/switch', headers: { cookie, 'x-csrf-token': csrf }, payload: { workspace_id: 'second' } });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json()).toMatchObject({ token_type: 'Cookie', workspace_id: 'second', csrf_token: expect.any(String) });
      expect(r.json().access_token).toBeUndefined();
      const set = ([] as string[]).concat(r.headers['set-cookie'] ?? []).map((c) => c.split('=')[0]);
      expect(set.sort()).toEqual(['mdl_access', 'mdl_csrf', 'mdl_refresh']);
    });
  });
}
