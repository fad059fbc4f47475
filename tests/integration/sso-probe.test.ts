import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD, withCredential } from '../helpers/app.js';
import { ENGINES } from '../helpers/databases.js';
import { startTestIdp, type TestIdp } from '../helpers/oidc-provider.js';
import { callbackUrl, createSsoTestApp, type SsoTestApp } from '../helpers/sso.js';

/**
 * GET /auth/sso/:workspaceId, the sign-in page's "does this workspace offer single sign-on?": public,
 * one 404 for a workspace without SSO and one that does not exist, and a "no" counts against the
 * address in the same bucket as `start`. Also `current` on GET /auth/sessions (the account page marks it).
 */
for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`the SSO probe on ${engine.label}`, () => {
    let t: SsoTestApp;
    let idp: TestIdp;
    let ip = 0;
    const nextIp = () => `10.40.0.${++ip}`;

    beforeAll(async () => {
      t = await createSsoTestApp(engine.name);
      idp = await startTestIdp({ redirectUris: [callbackUrl('default')] });
      const r = await t.admin.inject({
        method: 'PUT', url: '/api/v1/settings/sso',
        payload: { issuer: idp.issuer, client_id: idp.clientId, client_secret: idp.clientSecret, default_role: 'viewer' },
      });
      expect(r.statusCode, r.body).toBe(200);
      await t.adminOf('nosso');
    });
    afterAll(async () => {
      await idp?.close();
      await t?.close();
    });

    it('says yes for a workspace with SSO, without a session and without telling anything of the provider', async () => {
      const r = await t.get('/api/v1/auth/sso/default', nextIp());
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json()).toEqual({ workspace_id: 'default', enabled: true });
      expect(r.headers['cache-control']).toBe('no-store');
      expect(r.body).not.toContain(idp.issuer);
      expect(r.body).not.toContain(idp.clientId);
    });

    it('answers a workspace without SSO and an unknown workspace alike', async () => {
      const answers = await Promise.all(['nosso', 'no-such-workspace'].map((ws) => t.get(`/api/v1/auth/sso/${ws}`, nextIp())));
      for (const r of answers) {
        expect(r.statusCode).toBe(404);
        expect(r.json().error).toEqual({ code: 'NOT_FOUND', message: 'single sign-on is not available for this workspace' });
      }
      expect(answers.map((r) => ({ ...r.json(), requestId: undefined }))).toEqual([answers[1]!.json(), answers[1]!.json()].map((b) => ({ ...b, requestId: undefined })));
    });

    it('throttles probes per address, in the bucket the start route counts in', async () => {
      const from = nextIp();
      for (let i = 0; i < 3; i++) expect((await t.get(`/api/v1/auth/sso/probe-${i}`, from)).statusCode).toBe(404);
      for (let i = 3; i < 5; i++) expect((await t.get(`/api/v1/auth/sso/probe-${i}/start`, from)).statusCode).toBe(404);
      // Five failures from this address: the probe and start are both refused now, even for a real workspace.
      expect((await t.get('/api/v1/auth/sso/default', from)).statusCode).toBe(429);
      expect((await t.get('/api/v1/auth/sso/default/start', from)).statusCode).toBe(429);
      expect((await t.get('/api/v1/auth/sso/default', nextIp())).statusCode).toBe(200);
    });

    it('GET /auth/sessions marks the session the request came with', async () => {
      const email = 'admin@default.example.com';
      const other = await t.services.login.login(email, TEST_PASSWORD, 'default', {});
      const listed = (await withCredential(t.raw, other.access_token).inject({ method: 'GET', url: '/api/v1/auth/sessions' })).json()
        .items as Array<{ id: string; current: boolean }>;
      expect(listed.length).toBeGreaterThanOrEqual(2);
      expect(listed.filter((s) => s.current)).toHaveLength(1);
      const fromAdmin = (await t.admin.inject({ method: 'GET', url: '/api/v1/auth/sessions' })).json().items as Array<{ id: string; current: boolean }>;
      // Two sessions of one account: each request sees its own as the current one.
      expect(fromAdmin.find((s) => s.current)!.id).not.toBe(listed.find((s) => s.current)!.id);
    });
  });
}
