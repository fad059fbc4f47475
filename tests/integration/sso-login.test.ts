import { createHash } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localContext } from '../../src/shared/context.js';
import { TEST_PASSWORD, type Injector } from '../helpers/app.js';
import { ENGINES } from '../helpers/databases.js';
import { startTestIdp, type TestAccount, type TestIdp } from '../helpers/oidc-provider.js';
import { callbackUrl, createSsoTestApp, MDL_HOST, type SsoTestApp } from '../helpers/sso.js';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const json = (r: LightMyRequestResponse) => r.json() as Record<string, any>;

/**
 * OpenID Connect login end to end against a real oidc-provider on 127.0.0.1: the redirect with state,
 * nonce and PKCE, the code exchange and ID token checks, JIT provisioning, claim → role mapping on every
 * login, linking by email, and each way a callback is refused. Every client address is fresh, so the
 * per-address failure throttle only acts where it is under test.
 */
for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`SSO login on ${engine.label}`, () => {
    let t: SsoTestApp;
    let idp: TestIdp;
    let other: Injector;
    /** Authorization codes seen, and the client secret: none may reach the audit log. */
    const secrets = new Set<string>();
    /** Every log line the app wrote (level info and up). */
    const logs: string[] = [];
    let ip = 0;
    const nextIp = () => `10.20.0.${++ip}`;

    const rules = [{ value: 'mdl-viewers', role: 'viewer' }, { value: 'mdl-admins', role: 'admin' }, { value: 'mdl-editors', role: 'editor' }];
    const configure = async (as: Injector, overrides: Record<string, unknown> = {}) => {
      const r = await as.inject({
        method: 'PUT', url: '/api/v1/settings/sso',
        payload: {
          issuer: idp.issuer, client_id: idp.clientId, client_secret: idp.clientSecret, scopes: ['openid', 'email', 'profile', 'groups'],
          role_claim: 'groups', role_mappings: rules, jit_provisioning: true, ...overrides,
        },
      });
      expect(r.statusCode, r.body).toBe(200);
    };

    beforeAll(async () => {
      t = await createSsoTestApp(engine.name, { logs });
      idp = await startTestIdp({ redirectUris: [callbackUrl('default'), callbackUrl('other')] });
      secrets.add(idp.clientSecret);
      other = await t.adminOf('other');
      await configure(t.admin);
      await configure(other);
    });
    afterAll(async () => {
      await idp?.close();
      await t?.close();
    });

    const start = async (ws = 'default') => {
      const r = await t.get(`/api/v1/auth/sso/${ws}/start`, nextIp());
      expect(r.statusCode, r.body).toBe(302);
      return r.headers.location as string;
    };
    /** Start, sign in at the provider as `account`, and return where the provider sends the browser back. */
    const signIn = async (accountId: string, ws = 'default') => {
      const back = await idp.authorize(await start(ws), { accountId });
      const code = back.searchParams.get('code');
      if (code) secrets.add(code);
      return back;
    };
    const callback = (back: URL, path = back.pathname, from = nextIp()) => t.get(path + back.search, from);
    const account = (id: string, a: TestAccount) => idp.accounts.set(id, { email_verified: true, ...a });
    const login = async (accountId: string, ws = 'default') => callback(await signIn(accountId, ws));
    /** The reason recorded for the latest failed SSO login in `ws`. */
    const lastFailure = async (ws = 'default') => {
      const row = await t.tdb.db.selectFrom('audit_events').select('after').where('workspace_id', '=', ws)
        .where('action', '=', 'auth.login').where('outcome', '=', 'failure').orderBy('id', 'desc').executeTakeFirstOrThrow();
      return JSON.parse(row.after ?? '{}') as { method: string; reason: string };
    };
    const expectRefused = (r: LightMyRequestResponse) => {
      expect(r.statusCode, r.body).toBe(401);
      expect(json(r).error.code).toBe('UNAUTHENTICATED');
    };

    it('start redirects to the provider with state, nonce and a PKCE S256 challenge; only the state hash is kept', async () => {
      const r = await t.get('/api/v1/auth/sso/default/start', nextIp());
      expect(r.statusCode).toBe(302);
      expect(r.headers['cache-control']).toBe('no-store');
      const url = new URL(r.headers.location as string);
      expect(url.origin).toBe(idp.issuer);
      const p = Object.fromEntries(url.searchParams);
      expect(p).toMatchObject({
        response_type: 'code', client_id: idp.clientId, redirect_uri: callbackUrl('default'), scope: 'openid email profile groups', code_challenge_method: 'S256',
      });
      for (const k of ['state', 'nonce', 'code_challenge']) expect(p[k]).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const row = await t.tdb.db.selectFrom('sso_login_states').selectAll().where('token_hash', '=', sha256(p.state!)).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ workspace_id: 'default', nonce: p.nonce, redirect_uri: callbackUrl('default'), used_at: null });
      expect(Date.parse(row.expires_at) - Date.parse(row.created_at)).toBe(600_000);
      // The verifier matches the challenge sent; the raw state is stored nowhere.
      expect(createHash('sha256').update(row.code_verifier).digest('base64url')).toBe(p.code_challenge);
      expect(JSON.stringify(await t.tdb.db.selectFrom('sso_login_states').selectAll().execute())).not.toContain(p.state);
    });

    it('JIT: the first login creates a user without a password, a member with the highest mapped role, and a session', async () => {
      account('jit-ana', { email: 'Ana@Example.com', name: 'Ana', groups: ['mdl-viewers', 'mdl-editors', 'unrelated'] });
      const r = await login('jit-ana');
      expect(r.statusCode, r.body).toBe(200);
      expect(r.headers['cache-control']).toBe('no-store');
      const pair = json(r);
      expect(pair).toMatchObject({ token_type: 'Bearer', workspace_id: 'default', role: 'editor', access_token: expect.any(String), refresh_token: expect.any(String) });
      const me = await t.raw.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${pair.access_token}` } });
      expect(me.statusCode).toBe(200);
      expect(json(me)).toMatchObject({ user: { email: 'ana@example.com', displayName: 'Ana' }, role: 'editor', workspace_id: 'default' });
      const refreshed = await t.raw.inject({ method: 'POST', url: '/api/v1/auth/refresh', remoteAddress: nextIp(), payload: { refresh_token: pair.refresh_token } });
      expect(refreshed.statusCode).toBe(200);

      const user = await t.tdb.db.selectFrom('users').selectAll().where('email', '=', 'ana@example.com').executeTakeFirstOrThrow();
      expect(user.password_hash).toBeNull();
      const identity = await t.tdb.db.selectFrom('sso_identities').selectAll().where('user_id', '=', user.id).execute();
      expect(identity).toEqual([expect.objectContaining({ workspace_id: 'default', issuer: idp.issuer, subject: 'jit-ana' })]);
      // No usable password: a password login is refused like a wrong one.
      for (const password of [TEST_PASSWORD, '']) {
        const pw = await t.raw.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: nextIp(), payload: { email: 'ana@example.com', password } });
        expect(pw.statusCode).toBe(password ? 401 : 400);
      }
      const actions = (await t.tdb.db.selectFrom('audit_events').select(['action', 'actor', 'entity_id', 'after']).where('workspace_id', '=', 'default').execute())
        .filter((e) => e.entity_id === user.id);
      expect(actions.map((e) => e.action)).toEqual(expect.arrayContaining(['user.create', 'membership.create', 'sso.identity.link', 'auth.login']));
      expect(actions.find((e) => e.action === 'auth.login')?.after).toContain('"method":"sso"');
    });

    it('later logins take the role from the claims again', async () => {
      account('jit-ben', { email: 'ben@example.com', groups: ['mdl-editors'] });
      expect(json(await login('jit-ben')).role).toBe('editor');
      idp.accounts.get('jit-ben')!.groups = ['mdl-viewers'];
      const demoted = await login('jit-ben');
      expect(json(demoted).role).toBe('viewer');
      const ben = await t.services.identity.users.getByEmail('ben@example.com');
      expect((await t.services.identity.users.getMembership('default', ben.id))?.role).toBe('viewer');
      idp.accounts.get('jit-ben')!.groups = ['mdl-admins', 'mdl-viewers'];
      expect(json(await login('jit-ben')).role).toBe('admin');
      const changes = await t.tdb.db.selectFrom('audit_events').select(['action', 'actor']).where('entity_id', '=', ben.id).where('action', '=', 'membership.update').execute();
      expect(changes).toEqual([{ action: 'membership.update', actor: 'sso' }, { action: 'membership.update', actor: 'sso' }]);
    });

    it('links an existing member by email without JIT, and refuses unknown users when JIT is off', async () => {
      await configure(t.admin, { client_secret: undefined, jit_provisioning: false });
      const cleo = await t.services.identity.users.createUser(localContext('test'), { email: 'cleo@example.com', password: TEST_PASSWORD, membership: { workspaceId: 'default', role: 'viewer' } });
      account('cleo-at-idp', { email: 'cleo@example.com', groups: ['mdl-editors'] });
      const r = await login('cleo-at-idp');
      expect(r.statusCode, r.body).toBe(200);
      expect(json(r).role).toBe('editor');
      expect(await t.tdb.db.selectFrom('sso_identities').select('user_id').where('subject', '=', 'cleo-at-idp').executeTakeFirst()).toEqual({ user_id: cleo.id });
      // Her password still works: SSO adds a way in.
      expect((await t.services.login.login('cleo@example.com', TEST_PASSWORD, 'default', {})).role).toBe('editor');

      account('dan', { email: 'dan@example.com', groups: ['mdl-editors'] });
      expectRefused(await login('dan'));
      expect(await lastFailure()).toEqual({ method: 'sso', reason: 'unknown user and JIT provisioning is off' });
      expect(await t.services.identity.users.findByEmail('dan@example.com')).toBeUndefined();
      await configure(t.admin);
    });

    it("never links by email an account that also belongs to another workspace (that workspace's admins do not manage it)", async () => {
      const elsewhere = await t.services.identity.users.createUser(localContext('test'), { email: 'ezra@example.com', password: TEST_PASSWORD, membership: { workspaceId: 'other', role: 'admin' } });
      await t.services.identity.users.addMember(localContext('test'), 'default', elsewhere.id, 'viewer');
      account('ezra-at-idp', { email: 'ezra@example.com', groups: ['mdl-editors'] });
      expectRefused(await login('ezra-at-idp'));
      expect((await lastFailure()).reason).toMatch(/also a member of other workspaces/);
      expect(await t.tdb.db.selectFrom('sso_identities').select('subject').where('user_id', '=', elsewhere.id).execute()).toEqual([]);
      // Nothing changed for the account: still a viewer here, an admin there.
      expect((await t.services.identity.users.getMembership('default', elsewhere.id))?.role).toBe('viewer');
      // An account of no other workspace is not joined to this one through JIT either.
      const loner = await t.services.identity.users.createUser(localContext('test'), { email: 'flo@example.com', password: TEST_PASSWORD, membership: { workspaceId: 'other', role: 'viewer' } });
      account('flo-at-idp', { email: 'flo@example.com', groups: ['mdl-editors'] });
      expectRefused(await login('flo-at-idp'));
      expect(await t.services.identity.users.getMembership('default', loner.id)).toBeUndefined();
    });

    it('never links an address in the reserved .invalid domain (service accounts live there)', async () => {
      const robot = await t.services.identity.users.createUser(localContext('test'), { email: 'robot@service.invalid', membership: { workspaceId: 'default', role: 'editor' } });
      account('robot-at-idp', { email: 'robot@service.invalid', groups: ['mdl-admins'] });
      expectRefused(await login('robot-at-idp'));
      expect(await lastFailure()).toEqual({ method: 'sso', reason: 'the email is in a reserved domain (.invalid)' });
      expect(await t.tdb.db.selectFrom('sso_identities').select('subject').where('user_id', '=', robot.id).execute()).toEqual([]);
    });

    it('leaves the workspace MFA policy to MDL\'s own TOTP enrolment, whatever the login method', async () => {
      await t.services.mfa.setPolicy(localContext('test'), 'all');
      account('mia', { email: 'mia@example.com', groups: ['mdl-editors'] });
      const r = await login('mia');
      expect(r.statusCode, r.body).toBe(200);
      expect(json(r).mfa_enrolment_required).toBe(true);
      await t.services.mfa.setPolicy(localContext('test'), 'none');
    });

    it('cookie mode: the callback sets a browser session and redirects to the same-origin return path', async () => {
      account('cookie-user', { email: 'cookie.user@example.com', groups: ['mdl-viewers'] });
      const r0 = await t.get('/api/v1/auth/sso/default/start?mode=cookie&return_to=/dashboard/metrics', nextIp());
      expect(r0.statusCode, r0.body).toBe(302);
      const back = await idp.authorize(r0.headers.location as string, { accountId: 'cookie-user' });
      secrets.add(back.searchParams.get('code') ?? '');
      // The browser that started the login holds its state in a cookie (a login CSRF defence).
      const binding = ([] as string[]).concat(r0.headers['set-cookie'] ?? []).find((c) => c.startsWith('mdl_sso='))!;
      const r = await t.raw.inject({ method: 'GET', url: back.pathname + back.search, headers: { host: MDL_HOST, cookie: binding.split(';')[0]! }, remoteAddress: nextIp() });
      expect(r.statusCode, r.body).toBe(303);
      expect(r.headers.location).toBe('/dashboard/metrics');
      expect(r.body).not.toContain('access_token');
      const cookies = ([] as string[]).concat(r.headers['set-cookie'] ?? []);
      // Each cookie once: the session's three, and the spent login binding expired.
      expect(cookies.map((c) => c.split('=')[0]).sort()).toEqual(['mdl_access', 'mdl_csrf', 'mdl_refresh', 'mdl_sso']);
      const access = cookies.find((c) => c.startsWith('mdl_access='))!;
      expect(access).toContain('HttpOnly');
      expect(access).toContain('SameSite=Strict');
      expect(cookies.some((c) => c.startsWith('mdl_csrf='))).toBe(true);
      const me = await t.raw.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: access.split(';')[0]! } });
      expect(me.statusCode, me.body).toBe(200);
      // Open redirects are refused at start: another host, protocol-relative, or backslash tricks.
      for (const bad of ['https://evil.example/', '//evil.example/', '/\\evil.example/', 'dashboard']) {
        const r1 = await t.get(`/api/v1/auth/sso/default/start?mode=cookie&return_to=${encodeURIComponent(bad)}`, nextIp());
        expect(r1.statusCode, bad).toBe(400);
      }
    });

    it('refuses an unknown or missing state', async () => {
      const unknown = await t.get(`/api/v1/auth/sso/default/callback?code=abc&state=${'x'.repeat(43)}`, nextIp());
      expectRefused(unknown);
      expect(json(unknown).error.message).toBe('single sign-on failed');
      expect(await lastFailure()).toEqual({ method: 'sso', reason: 'unknown state' });
      expectRefused(await t.get('/api/v1/auth/sso/default/callback?code=abc', nextIp()));
      expect(await lastFailure()).toEqual({ method: 'sso', reason: 'missing or malformed state' });
    });

    it('refuses a replayed callback (the state is single use)', async () => {
      account('eli', { email: 'eli@example.com', groups: ['mdl-viewers'] });
      const back = await signIn('eli');
      expect((await callback(back)).statusCode).toBe(200);
      expectRefused(await callback(back));
      expect(await lastFailure()).toEqual({ method: 'sso', reason: 'state already used' });
    });

    it('refuses an ID token whose nonce differs from the one stored at start', async () => {
      account('fay', { email: 'fay@example.com', groups: ['mdl-viewers'] });
      const location = await start();
      const state = new URL(location).searchParams.get('state')!;
      await t.tdb.db.updateTable('sso_login_states').set({ nonce: 'a-different-nonce-than-the-one-sent' }).where('token_hash', '=', sha256(state)).execute();
      const back = await idp.authorize(location, { accountId: 'fay' });
      secrets.add(back.searchParams.get('code')!);
      expectRefused(await callback(back));
      expect((await lastFailure()).reason).toBe('code exchange or ID token rejected: OAUTH_JWT_CLAIM_COMPARISON_FAILED');
      expect(await t.services.identity.users.findByEmail('fay@example.com')).toBeUndefined();
    });

    it('refuses an expired state', async () => {
      account('gus', { email: 'gus@example.com', groups: ['mdl-viewers'] });
      const back = await signIn('gus');
      await t.tdb.db.updateTable('sso_login_states').set({ expires_at: new Date(Date.now() - 1000).toISOString() })
        .where('token_hash', '=', sha256(back.searchParams.get('state')!)).execute();
      expectRefused(await callback(back));
      expect(await lastFailure()).toEqual({ method: 'sso', reason: 'state expired' });
    });

    it('refuses a state used at another workspace\'s callback', async () => {
      account('hal', { email: 'hal@example.com', groups: ['mdl-admins'] });
      const back = await signIn('hal', 'default');
      expectRefused(await callback(back, '/api/v1/auth/sso/other/callback'));
      // Recorded where the callback was aimed.
      expect(await lastFailure('other')).toEqual({ method: 'sso', reason: 'state was issued for another workspace' });
      // Presented once, used up: the right callback no longer works either.
      expectRefused(await callback(back));
      expect(await t.services.identity.users.findByEmail('hal@example.com')).toBeUndefined();
    });

    it('refuses the login when the provider answers with an error', async () => {
      const back = await idp.authorize(await start(), { deny: true });
      expect(back.searchParams.get('error')).toBe('access_denied');
      const r = await callback(back);
      expectRefused(r);
      expect(json(r).error.message).toBe('single sign-on failed: the identity provider answered access_denied');
      expect(await lastFailure()).toEqual({ method: 'sso', reason: 'provider error: access_denied' });
      expectRefused(await callback(back)); // and the state is spent
    });

    it('refuses when no role rule matches, unless a default role is configured', async () => {
      account('ivy', { email: 'ivy@example.com', groups: ['marketing'] });
      expectRefused(await login('ivy'));
      expect(await lastFailure()).toEqual({ method: 'sso', reason: 'no role mapping matched' });
      expect(await t.services.identity.users.findByEmail('ivy@example.com')).toBeUndefined();
      await configure(t.admin, { default_role: 'viewer' });
      const r = await login('ivy');
      expect(r.statusCode, r.body).toBe(200);
      expect(json(r).role).toBe('viewer');
      await configure(t.admin);
      // A linked user whose groups no longer match is refused too.
      expectRefused(await login('ivy'));
    });

    it('refuses a disabled user', async () => {
      account('jo', { email: 'jo@example.com', groups: ['mdl-editors'] });
      expect((await login('jo')).statusCode).toBe(200);
      const jo = await t.services.identity.users.getByEmail('jo@example.com');
      await t.services.identity.users.disable(localContext('test'), jo.id);
      expectRefused(await login('jo'));
      expect(await lastFailure()).toEqual({ method: 'sso', reason: 'user disabled' });
      // Nor does a disabled account get in through its email with a new identity.
      account('jo-again', { email: 'jo@example.com', groups: ['mdl-editors'] });
      expectRefused(await login('jo-again'));
    });

    it('refuses emails outside the allowed domains, and unverified ones', async () => {
      await configure(t.admin, { allowed_email_domains: ['Example.com'] });
      account('kim', { email: 'kim@elsewhere.test', groups: ['mdl-viewers'] });
      expectRefused(await login('kim'));
      expect((await lastFailure()).reason).toMatch(/^email domain not allowed/);
      account('lou', { email: 'lou@example.com', email_verified: false, groups: ['mdl-viewers'] });
      expectRefused(await login('lou'));
      account('max', { email: 'max@example.com', groups: ['mdl-viewers'] });
      expect((await login('max')).statusCode).toBe(200);
      await configure(t.admin);
    });

    it('answers 404 alike for a workspace without SSO and a missing workspace', async () => {
      await t.adminOf('nosso');
      for (const ws of ['nosso', 'no-such-workspace']) {
        for (const step of ['start', `callback?code=a&state=${'s'.repeat(43)}`]) {
          const r = await t.get(`/api/v1/auth/sso/${ws}/${step}`, nextIp());
          expect(r.statusCode).toBe(404);
          expect(json(r).error).toEqual({ code: 'NOT_FOUND', message: 'single sign-on is not available for this workspace' });
        }
      }
    });

    it('throttles starts for workspaces without SSO per client address', async () => {
      const from = nextIp();
      for (let i = 0; i < 5; i++) expect((await t.get(`/api/v1/auth/sso/probe-${i}/start`, from)).statusCode).toBe(404);
      expect((await t.get('/api/v1/auth/sso/default/start', from)).statusCode).toBe(429);
      expect((await t.get('/api/v1/auth/sso/default/start', nextIp())).statusCode).toBe(302);
    });

    it('answers SSO_PROVIDER_UNAVAILABLE when the provider cannot be reached, and stores no state', async () => {
      const down = await t.adminOf('down');
      await configure(down, { issuer: 'http://127.0.0.1:1' });
      const r = await t.get('/api/v1/auth/sso/down/start', nextIp());
      expect(r.statusCode).toBe(502);
      expect(json(r).error.code).toBe('SSO_PROVIDER_UNAVAILABLE');
      expect(r.body).not.toContain(idp.clientSecret);
      expect(await t.tdb.db.selectFrom('sso_login_states').select('token_hash').where('workspace_id', '=', 'down').execute()).toEqual([]);
    });

    it('throttles failed callbacks per client address like password logins', async () => {
      const from = nextIp();
      const bad = `/api/v1/auth/sso/default/callback?code=a&state=${'z'.repeat(43)}`;
      for (let i = 0; i < 5; i++) expect((await t.get(bad, from)).statusCode).toBe(401);
      const limited = await t.get(bad, from);
      expect(limited.statusCode).toBe(429);
      expect(limited.headers['retry-after']).toBeDefined();
    });

    it('keeps authorization codes and the client secret out of the audit log, the logs and the stored settings', async () => {
      expect(secrets.size).toBeGreaterThan(10);
      // The app does log (other requests, the start step), just never these.
      expect(logs.join('\n')).toContain('/api/v1/auth/sso/default/start');
      for (const s of secrets) expect(logs.join('\n')).not.toContain(s);
      const audit = JSON.stringify(await t.tdb.db.selectFrom('audit_events').selectAll().execute());
      const stored = JSON.stringify(await t.tdb.db.selectFrom('sso_providers').selectAll().execute());
      for (const s of secrets) {
        expect(audit).not.toContain(s);
        expect(stored).not.toContain(s);
      }
    });
  });
}
