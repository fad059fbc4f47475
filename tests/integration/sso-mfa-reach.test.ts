import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localContext } from '../../src/shared/context.js';
import { syncAuth, TEST_PASSWORD, withCredential, type Injector } from '../helpers/app.js';
import { ENGINES } from '../helpers/databases.js';
import { startTestIdp, type TestAccount, type TestIdp } from '../helpers/oidc-provider.js';
import { callbackUrl, createSsoTestApp, type SsoTestApp } from '../helpers/sso.js';

const json = (r: LightMyRequestResponse) => r.json() as Record<string, any>;
const ctx = localContext('test');

/**
 * What a session may do depends on how it was authenticated, which is now stored with it:
 * - the workspace MFA policy counts the identity provider's second factor only for the `amr` values
 *   the workspace names (`mfa_amr`), and keeps counting it across refreshes;
 * - an SSO session of an account that also belongs to other workspaces reaches only its workspace:
 *   it lists and ends only that workspace's sessions and cannot change two-factor settings, which a
 *   password session of the same account can.
 */
for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`SSO sessions: provider MFA and account reach on ${engine.label}`, () => {
    let t: SsoTestApp;
    let idp: TestIdp;
    let ip = 0;
    const nextIp = () => `10.30.0.${++ip}`;

    const configure = async (overrides: Record<string, unknown> = {}) => t.admin.inject({
      method: 'PUT', url: '/api/v1/settings/sso',
      payload: { issuer: idp.issuer, client_id: idp.clientId, client_secret: idp.clientSecret, default_role: 'editor', jit_provisioning: true, ...overrides },
    });
    const account = (id: string, a: TestAccount) => idp.accounts.set(id, { email_verified: true, ...a });
    /** A whole SSO login into `default` as `accountId`, the provider reporting `amr`; the token pair. */
    const ssoLogin = async (accountId: string, amr?: string[]) => {
      const start = await t.get('/api/v1/auth/sso/default/start', nextIp());
      expect(start.statusCode, start.body).toBe(302);
      const back = await idp.authorize(start.headers.location as string, { accountId, ...(amr ? { amr } : {}) });
      const r = await t.get(back.pathname + back.search, nextIp());
      expect(r.statusCode, r.body).toBe(200);
      return json(r);
    };
    const as = (pair: Record<string, any>): Injector => withCredential(t.raw, pair.access_token);
    const refresh = async (pair: Record<string, any>) => {
      const r = await t.raw.inject({ method: 'POST', url: '/api/v1/auth/refresh', remoteAddress: nextIp(), payload: { refresh_token: pair.refresh_token } });
      expect(r.statusCode, r.body).toBe(200);
      return json(r);
    };
    const status = async (who: Injector, url: string, method: 'GET' | 'POST' | 'DELETE' = 'GET', payload?: object) =>
      (await who.inject({ method, url, ...(payload ? { payload } : {}) })).statusCode;

    beforeAll(async () => {
      t = await createSsoTestApp(engine.name);
      idp = await startTestIdp({ redirectUris: [callbackUrl('default')] });
      expect((await configure()).statusCode).toBe(200);
    });
    afterAll(async () => {
      await idp?.close();
      await t?.close();
    });

    it('stores the mfa_amr setting, refuses malformed values, and shows it back', async () => {
      for (const bad of [[], ['has space'], ['x'.repeat(65)], 'mfa']) {
        const r = await configure({ mfa_amr: bad });
        expect(r.statusCode, JSON.stringify(bad)).toBe(400);
        expect(json(r).error.code).toBe('VALIDATION_FAILED');
      }
      expect(json(await configure({ mfa_amr: ['mfa', 'hwk', 'mfa'] })).mfa_amr).toEqual(['mfa', 'hwk']);
      expect(json(await t.admin.inject({ method: 'GET', url: '/api/v1/settings/sso' })).mfa_amr).toEqual(['mfa', 'hwk']);
      expect(json(await configure()).mfa_amr).toBeNull();
    });

    it("counts the provider's second factor for the MFA policy only for the amr values the workspace names", async () => {
      // The policy covers the admin who configures SSO too: it is on only while nia's requests run.
      const policy = (p: 'all' | 'none') => t.services.mfa.setPolicy(ctx, p);
      account('nia', { email: 'nia@example.com' });
      try {
        // Not configured: the provider's "mfa" does not count.
        expect((await configure()).statusCode).toBe(200);
        await policy('all');
        const uncounted = await ssoLogin('nia', ['pwd', 'mfa']);
        expect(uncounted.mfa_enrolment_required).toBe(true);
        const denied = await as(uncounted).inject({ method: 'GET', url: '/api/v1/metrics' });
        expect(denied.statusCode).toBe(403);
        expect(json(denied).error.code).toBe('MFA_REQUIRED');
        await policy('none');

        expect((await configure({ mfa_amr: ['mfa', 'hwk'] })).statusCode).toBe(200);
        await policy('all');
        // Configured, but this login used a password only.
        const single = await ssoLogin('nia', ['pwd']);
        expect(single.mfa_enrolment_required).toBe(true);
        expect(await status(as(single), '/api/v1/metrics')).toBe(403);

        const multi = await ssoLogin('nia', ['pwd', 'hwk']);
        expect(multi.mfa_enrolment_required).toBeUndefined();
        expect(await status(as(multi), '/api/v1/metrics')).toBe(200);
        expect(json(await as(multi).inject({ method: 'GET', url: '/api/v1/me/mfa' }))).toMatchObject({ enabled: false, policy: 'all', enrolment_required: false });
        // The session keeps how it was opened: a refreshed token still counts it.
        const refreshed = await refresh(multi);
        expect(refreshed.mfa_enrolment_required).toBeUndefined();
        expect(await status(as(refreshed), '/api/v1/metrics')).toBe(200);

        const sessions = json(await as(refreshed).inject({ method: 'GET', url: '/api/v1/auth/sessions' })).items as Array<Record<string, unknown>>;
        expect(sessions.map((s) => s.authMethod).sort()).toEqual(['sso', 'sso', 'sso+mfa']);
        const events = await t.tdb.db.selectFrom('audit_events').select('after').where('action', '=', 'auth.login').where('outcome', '=', 'success')
          .where('actor', '=', `user:${(await t.services.identity.users.findByEmail('nia@example.com'))!.id}`).orderBy('id').execute();
        expect(events.map((e) => JSON.parse(e.after ?? '{}').method)).toEqual(['sso', 'sso', 'sso+mfa']);
      } finally {
        await policy('none');
        await configure();
      }
    });

    describe('an account that also belongs to another workspace', () => {
      let userId: string;
      let elsewhere: Record<string, any>;

      beforeAll(async () => {
        // Linked by email while the account belonged to `default` alone, then added to `other`.
        const user = await t.services.identity.users.createUser(ctx, { email: 'omar@example.com', password: TEST_PASSWORD, membership: { workspaceId: 'default', role: 'editor' } });
        userId = user.id;
        account('omar', { email: 'omar@example.com' });
        await ssoLogin('omar');
        await t.services.identity.users.createWorkspace(ctx, { id: 'other', name: 'Other' });
        await t.services.identity.users.addMember(ctx, 'other', userId, 'viewer');
        elsewhere = await t.services.login.login('omar@example.com', TEST_PASSWORD, 'other', {});
      });

      it('an SSO session lists and ends only the sessions of its own workspace', async () => {
        const sso = await ssoLogin('omar');
        const listed = json(await as(sso).inject({ method: 'GET', url: '/api/v1/auth/sessions' })).items as Array<Record<string, unknown>>;
        expect(listed.length).toBeGreaterThanOrEqual(2);
        expect(new Set(listed.map((s) => s.workspaceId))).toEqual(new Set(['default']));

        const otherSession = (json(await as(elsewhere).inject({ method: 'GET', url: '/api/v1/auth/sessions' })).items as Array<Record<string, any>>)
          .find((s) => s.workspaceId === 'other')!;
        expect(otherSession).toBeDefined();
        // Another workspace's session answers like a missing one.
        const one = await as(sso).inject({ method: 'DELETE', url: `/api/v1/auth/sessions/${otherSession.id}` });
        const missing = await as(sso).inject({ method: 'DELETE', url: '/api/v1/auth/sessions/00000000-0000-4000-8000-000000000000' });
        expect([one.statusCode, missing.statusCode]).toEqual([404, 404]);
        expect(json(one).error.code).toBe(json(missing).error.code);
        expect(json(one).error.message.replace(otherSession.id, '<id>')).toBe(json(missing).error.message.replace('00000000-0000-4000-8000-000000000000', '<id>'));

        expect(await status(as(sso), '/api/v1/auth/sessions', 'DELETE')).toBe(204);
        expect(await status(as(sso), '/api/v1/me')).toBe(401);
        // The password session in `other` survived "sign out everywhere" from a session that speaks for `default` only.
        expect(await status(as(elsewhere), '/api/v1/me')).toBe(200);
      });

      it('an SSO session cannot change two-factor settings; a password session of the same account can', async () => {
        const sso = await ssoLogin('omar', ['pwd', 'mfa']);
        for (const [method, url, payload] of [
          ['POST', '/api/v1/me/mfa/totp', undefined], ['POST', '/api/v1/me/mfa/totp/confirm', { code: '123456' }], ['DELETE', '/api/v1/me/mfa/totp', { password: TEST_PASSWORD }],
        ] as const) {
          const r = await as(sso).inject({ method, url, ...(payload ? { payload } : {}) });
          expect(r.statusCode, `${method} ${url}`).toBe(403);
          expect(json(r).error.code).toBe('REAUTHENTICATION_REQUIRED');
        }
        expect(await t.tdb.db.selectFrom('mfa_totp').select('user_id').where('user_id', '=', userId).execute()).toEqual([]);

        // The password session reaches the whole account: every workspace's sessions, and two-factor settings.
        const listed = json(await as(elsewhere).inject({ method: 'GET', url: '/api/v1/auth/sessions' })).items as Array<Record<string, unknown>>;
        expect(new Set(listed.map((s) => s.workspaceId))).toEqual(new Set(['default', 'other']));
        expect(await status(as(elsewhere), '/api/v1/me/mfa/totp', 'POST')).toBe(201);
      });

      it('a session of unknown method (opened before methods were recorded) is treated like an SSO one', async () => {
        const pair = await t.services.login.login('omar@example.com', TEST_PASSWORD, 'default', {});
        const sid = json(await as(pair).inject({ method: 'GET', url: '/api/v1/auth/sessions' })).items.find((s: any) => s.authMethod === 'password' && s.workspaceId === 'default');
        expect(sid).toBeDefined();
        await t.tdb.db.updateTable('sessions').set({ auth_method: null }).where('user_id', '=', userId).where('workspace_id', '=', 'default').execute();
        await syncAuth(t.services, t.tdb);
        const r = await as(pair).inject({ method: 'POST', url: '/api/v1/me/mfa/totp' });
        expect(json(r).error?.code).toBe('REAUTHENTICATION_REQUIRED');
      });
    });

    it('an SSO session of an account in this workspace alone keeps the whole account in reach', async () => {
      account('solo', { email: 'solo@example.com' });
      const sso = await ssoLogin('solo');
      await ssoLogin('solo');
      expect((json(await as(sso).inject({ method: 'GET', url: '/api/v1/auth/sessions' })).items as unknown[]).length).toBe(2);
      expect(await status(as(sso), '/api/v1/me/mfa/totp', 'POST')).toBe(201);
    });
  });
}
