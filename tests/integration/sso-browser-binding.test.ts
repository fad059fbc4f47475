import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/databases.js';
import { startTestIdp, type TestIdp } from '../helpers/oidc-provider.js';
import { callbackUrl, createSsoTestApp, MDL_HOST, type SsoTestApp } from '../helpers/sso.js';

const cookiesOf = (r: LightMyRequestResponse) => ([] as string[]).concat(r.headers['set-cookie'] ?? []);

/**
 * Login CSRF through the SSO callback (RFC 6749 §10.12): an attacker starts a cookie-mode login,
 * signs in at the provider as themselves, and sends the callback URL (code and state) to a victim.
 * The state must be bound to the browser that started the login, or the victim's browser is signed
 * into the attacker's account and whatever they enter lands in the attacker's workspace.
 */
for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`SSO callback bound to the starting browser on ${engine.label}`, () => {
    let t: SsoTestApp;
    let idp: TestIdp;
    let ip = 0;
    const nextIp = () => `10.30.0.${++ip}`;
    const get = (url: string, cookie?: string) =>
      t.raw.inject({ method: 'GET', url, headers: { host: MDL_HOST, ...(cookie ? { cookie } : {}) }, remoteAddress: nextIp() });

    beforeAll(async () => {
      t = await createSsoTestApp(engine.name);
      idp = await startTestIdp({ redirectUris: [callbackUrl('default')] });
      const r = await t.admin.inject({
        method: 'PUT', url: '/api/v1/settings/sso',
        payload: {
          issuer: idp.issuer, client_id: idp.clientId, client_secret: idp.clientSecret, scopes: ['openid', 'email', 'profile', 'groups'],
          role_claim: 'groups', role_mappings: [{ value: 'staff', role: 'editor' }], jit_provisioning: true,
        },
      });
      expect(r.statusCode, r.body).toBe(200);
      idp.accounts.set('attacker', { email: 'attacker@example.com', email_verified: true, groups: ['staff'] });
    });
    afterAll(async () => {
      await idp?.close();
      await t?.close();
    });

    it('refuses a cookie-mode callback opened by a browser that did not start the login', async () => {
      const started = await get('/api/v1/auth/sso/default/start?mode=cookie&return_to=/dashboard');
      expect(started.statusCode, started.body).toBe(302);
      const back = await idp.authorize(started.headers.location as string, { accountId: 'attacker' });
      // The victim's browser follows the attacker's link: it carries no cookie of that login.
      const victim = await get(back.pathname + back.search);
      expect(victim.statusCode, victim.body).toBe(401);
      expect(cookiesOf(victim).some((c) => c.startsWith('mdl_access='))).toBe(false);
    });

    it('completes the login in the browser that started it', async () => {
      const started = await get('/api/v1/auth/sso/default/start?mode=cookie&return_to=/dashboard');
      expect(started.statusCode, started.body).toBe(302);
      const binding = cookiesOf(started).find((c) => c.startsWith('mdl_sso='));
      expect(binding).toBeDefined();
      expect(binding).toContain('HttpOnly');
      expect(binding).toContain('SameSite=Lax');
      const back = await idp.authorize(started.headers.location as string, { accountId: 'attacker' });
      const done = await get(back.pathname + back.search, binding!.split(';')[0]);
      expect(done.statusCode, done.body).toBe(303);
      expect(done.headers.location).toBe('/dashboard');
      expect(cookiesOf(done).some((c) => c.startsWith('mdl_access='))).toBe(true);
      // The binding cookie is spent with its state.
      expect(cookiesOf(done).some((c) => c.startsWith('mdl_sso=;') && c.includes('Max-Age=0'))).toBe(true);
    });
  });
}
