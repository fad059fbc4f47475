import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashChallengeToken } from '../../src/modules/mfa/service.js';
import { base32Decode, totp } from '../../src/modules/mfa/totp.js';
import { localContext } from '../../src/shared/context.js';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../helpers/app.js';
import { ENGINES } from '../helpers/databases.js';

/**
 * MFA over HTTP: enrolment, the two-step login, recovery codes, the per-challenge limit, the
 * workspace policy (403 MFA_REQUIRED outside `self` routes until the user enrols) and the audit trail.
 * Codes are made with the real clock: each step below uses a step the server has not seen yet
 * (confirm with "now", log in with "now + 30 s"; later logins use recovery codes).
 */
for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`MFA API on ${engine.label}`, () => {
    let t: TestApp;
    /** Every secret the server handed out: none may appear in the audit trail. */
    const secrets = new Set<string>();
    let ip = 0;
    /** A fresh client address per scenario, so the per-IP credential throttle never mixes scenarios. */
    const nextIp = () => `10.9.0.${++ip}`;

    beforeAll(async () => { t = await createTestApp(engine.name); });
    afterAll(async () => { await t?.close(); });

    const json = (r: LightMyRequestResponse) => r.json() as Record<string, any>;
    const loginReq = (email: string, remoteAddress = nextIp(), workspace?: string) =>
      t.raw.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress, payload: { email, password: TEST_PASSWORD, ...(workspace ? { workspace } : {}) } });
    const mfaReq = (mfa_token: string, code: string, remoteAddress = nextIp()) =>
      t.raw.inject({ method: 'POST', url: '/api/v1/auth/mfa', remoteAddress, payload: { mfa_token, code } });

    /** Enrols the bearer of `token` over HTTP; returns the TOTP key and the recovery codes. */
    async function enrol(token: string): Promise<{ key: Buffer; secret: string; codes: string[] }> {
      const as = t.as(token);
      const start = await as.inject({ method: 'POST', url: '/api/v1/me/mfa/totp' });
      expect(start.statusCode).toBe(201);
      expect(start.headers['cache-control']).toBe('no-store');
      const { secret, otpauth_uri } = json(start);
      secrets.add(secret);
      expect(otpauth_uri).toMatch(new RegExp(`^otpauth://totp/MDL:[^?]+%40example\\.com\\?secret=${secret}&issuer=MDL&algorithm=SHA1&digits=6&period=30$`));
      const key = base32Decode(secret);
      const confirm = await as.inject({ method: 'POST', url: '/api/v1/me/mfa/totp/confirm', payload: { code: totp(key, Date.now()) } });
      expect(confirm.statusCode, confirm.body).toBe(200);
      expect(confirm.headers['cache-control']).toBe('no-store');
      const codes = json(confirm).recovery_codes as string[];
      codes.forEach((c) => secrets.add(c));
      return { key, secret, codes };
    }

    /** Password step of a user with TOTP: the challenge token. */
    async function challenge(email: string, workspace?: string): Promise<string> {
      const r = await loginReq(email, nextIp(), workspace);
      expect(r.statusCode, r.body).toBe(200);
      const body = json(r);
      expect(body).toEqual({ mfa_required: true, mfa_token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), expires_in: 300 });
      secrets.add(body.mfa_token);
      return body.mfa_token;
    }

    it('enrols over HTTP, then login needs a second step that returns the token pair', async () => {
      const u = await t.login('ana@example.com', 'editor');
      const before = await t.as(u.token).inject({ method: 'GET', url: '/api/v1/me/mfa' });
      expect(json(before)).toEqual({ enabled: false, pending: false, enabled_at: null, recovery_codes_left: 0, policy: 'none', enrolment_required: false });

      // A wrong first code does not enable anything.
      const start = await t.as(u.token).inject({ method: 'POST', url: '/api/v1/me/mfa/totp' });
      secrets.add(json(start).secret);
      const bad = await t.as(u.token).inject({ method: 'POST', url: '/api/v1/me/mfa/totp/confirm', payload: { code: '12345' } });
      expect(bad.statusCode).toBe(403);
      expect(json(bad).error.code).toBe('FORBIDDEN');
      expect(json(await t.as(u.token).inject({ method: 'GET', url: '/api/v1/me/mfa' })).pending).toBe(true);

      const { key, codes } = await enrol(u.token);
      expect(codes).toHaveLength(10);
      const status = json(await t.as(u.token).inject({ method: 'GET', url: '/api/v1/me/mfa' }));
      expect(status).toMatchObject({ enabled: true, pending: false, recovery_codes_left: 10 });
      // Enrolling again needs disabling first.
      expect((await t.as(u.token).inject({ method: 'POST', url: '/api/v1/me/mfa/totp' })).statusCode).toBe(409);

      const mfaToken = await challenge('ana@example.com');
      const wrongPassword = await t.raw.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: nextIp(), payload: { email: 'ana@example.com', password: 'not the password at all' } });
      expect(wrongPassword.statusCode).toBe(401);

      const code = totp(key, Date.now() + 30_000);
      const done = await mfaReq(mfaToken, code);
      expect(done.statusCode, done.body).toBe(200);
      const pair = json(done);
      expect(pair).toMatchObject({ token_type: 'Bearer', workspace_id: 'default', role: 'editor', access_token: expect.any(String), refresh_token: expect.any(String) });
      expect(pair.mfa_enrolment_required).toBeUndefined();
      const me = await t.as(pair.access_token).inject({ method: 'GET', url: '/api/v1/me' });
      expect(me.statusCode).toBe(200);
      expect(json(me).user.email).toBe('ana@example.com');
      // The refresh token works as with any login.
      const refreshed = await t.raw.inject({ method: 'POST', url: '/api/v1/auth/refresh', remoteAddress: nextIp(), payload: { refresh_token: pair.refresh_token } });
      expect(refreshed.statusCode).toBe(200);

      // The challenge is single use, and the code cannot be replayed on a new challenge.
      expect((await mfaReq(mfaToken, totp(key, Date.now() + 30_000))).statusCode).toBe(401);
      const replay = await mfaReq(await challenge('ana@example.com'), code);
      expect(replay.statusCode).toBe(401);
      expect(json(replay).error).toEqual({ code: 'UNAUTHENTICATED', message: 'invalid or expired MFA token or code' });

      // A recovery code works once.
      const viaRecovery = await mfaReq(await challenge('ana@example.com'), codes[0]!);
      expect(viaRecovery.statusCode, viaRecovery.body).toBe(200);
      expect((await mfaReq(await challenge('ana@example.com'), codes[0]!)).statusCode).toBe(401);
      expect(json(await t.as(u.token).inject({ method: 'GET', url: '/api/v1/me/mfa' })).recovery_codes_left).toBe(9);

      // Password-only login (the service method tools use) refuses an account with TOTP.
      await expect(t.services.login.login('ana@example.com', TEST_PASSWORD, 'default', {})).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
      // An account disabled between the two steps does not get a session.
      const late = await challenge('ana@example.com');
      await t.services.identity.users.disable(localContext('test'), u.userId);
      expect((await mfaReq(late, codes[1]!)).statusCode).toBe(401);

      // The stored challenge is a hash.
      const stored = await t.tdb.db.selectFrom('mfa_challenges').select('token_hash').where('token_hash', '=', hashChallengeToken(mfaToken)).executeTakeFirst();
      expect(stored?.token_hash).toBe(hashChallengeToken(mfaToken));
      expect(JSON.stringify(await t.tdb.db.selectFrom('mfa_challenges').selectAll().execute())).not.toContain(mfaToken);
    });

    it('voids a challenge after 5 wrong codes, even for the right code afterwards', async () => {
      const u = await t.login('ben@example.com', 'viewer');
      const { key } = await enrol(u.token);
      const mfaToken = await challenge('ben@example.com');
      const good = totp(key, Date.now() + 30_000);
      const wrong = good === '000000' ? '111111' : '000000';
      // Each attempt from another address: the per-challenge limit is what is under test, not the per-IP throttle.
      for (let i = 0; i < 5; i++) expect((await mfaReq(mfaToken, wrong)).statusCode).toBe(401);
      expect((await mfaReq(mfaToken, good)).statusCode).toBe(401);
      // A new challenge with the same (unused) code succeeds.
      expect((await mfaReq(await challenge('ben@example.com'), good)).statusCode).toBe(200);
    });

    it('throttles wrong codes per client address (429 after 5 failures)', async () => {
      const u = await t.login('cleo@example.com', 'viewer');
      await enrol(u.token);
      const from = nextIp();
      for (let i = 0; i < 5; i++) expect((await mfaReq(await challenge('cleo@example.com'), 'aaaa-aaaa-aaaa', from)).statusCode).toBe(401);
      const limited = await mfaReq(await challenge('cleo@example.com'), 'aaaa-aaaa-aaaa', from);
      expect(limited.statusCode).toBe(429);
      expect(json(limited).error.code).toBe('RATE_LIMITED');
    });

    it('validates the bodies', async () => {
      const r = await t.raw.inject({ method: 'POST', url: '/api/v1/auth/mfa', payload: { mfa_token: 'x' } });
      expect(r.statusCode).toBe(400);
      expect(json(r).error.code).toBe('VALIDATION_FAILED');
      const u = await t.login('dan@example.com', 'viewer');
      const both = await t.as(u.token).inject({ method: 'DELETE', url: '/api/v1/me/mfa/totp', payload: { code: '123456', password: 'x' } });
      expect(both.statusCode).toBe(400);
      const neither = await t.as(u.token).inject({ method: 'DELETE', url: '/api/v1/me/mfa/totp', payload: {} });
      expect(neither.statusCode).toBe(400);
      const notEnrolled = await t.as(u.token).inject({ method: 'DELETE', url: '/api/v1/me/mfa/totp', payload: { password: TEST_PASSWORD } });
      expect(notEnrolled.statusCode).toBe(404);
      expect((await t.raw.inject({ method: 'GET', url: '/api/v1/me/mfa' })).statusCode).toBe(401);
    });

    it('disables with the password; login then answers tokens directly', async () => {
      const u = await t.login('eve@example.com', 'editor');
      await enrol(u.token);
      const wrong = await t.as(u.token).inject({ method: 'DELETE', url: '/api/v1/me/mfa/totp', payload: { password: 'this is not it at all' } });
      expect(wrong.statusCode).toBe(403);
      const off = await t.as(u.token).inject({ method: 'DELETE', url: '/api/v1/me/mfa/totp', payload: { password: TEST_PASSWORD } });
      expect(off.statusCode, off.body).toBe(204);
      const r = await loginReq('eve@example.com');
      expect(r.statusCode).toBe(200);
      expect(json(r).access_token).toEqual(expect.any(String));
      expect(json(r).mfa_required).toBeUndefined();
    });

    it('enforces the workspace policy: admins, then everyone, until each enrols', async () => {
      const ws = 'mfa-policy';
      const admin = await t.login('pol-admin@example.com', 'admin', ws);
      const viewer = await t.login('pol-viewer@example.com', 'viewer', ws);
      const settings = (token: string, required?: string) => t.as(token).inject(required
        ? { method: 'PUT', url: '/api/v1/settings/mfa', payload: { required } }
        : { method: 'GET', url: '/api/v1/settings/mfa' });
      const metrics = (token: string) => t.as(token).inject({ method: 'GET', url: '/api/v1/metrics' });

      expect(json(await settings(admin.token))).toEqual({ required: 'none' });
      expect((await settings(viewer.token, 'all')).statusCode).toBe(403);
      expect((await settings(admin.token, 'sometimes')).statusCode).toBe(400);
      const set = await settings(admin.token, 'admins');
      expect(set.statusCode, set.body).toBe(200);
      expect(json(set)).toEqual({ required: 'admins' });

      // The admin has no TOTP: only `self` routes answer, with the same token.
      const refused = await metrics(admin.token);
      expect(refused.statusCode).toBe(403);
      expect(json(refused).error).toMatchObject({ code: 'MFA_REQUIRED' });
      expect((await settings(admin.token)).statusCode).toBe(403);
      const me = await t.as(admin.token).inject({ method: 'GET', url: '/api/v1/me' });
      expect(me.statusCode).toBe(200);
      expect(json(me)).toMatchObject({ role: 'admin', scopes: ['self'] });
      expect(json(await t.as(admin.token).inject({ method: 'GET', url: '/api/v1/me/mfa' }))).toMatchObject({ policy: 'admins', enrolment_required: true });
      // A new API key cannot carry more than `self` meanwhile.
      const key = await t.as(admin.token).inject({ method: 'POST', url: '/api/v1/api-keys', payload: { name: 'sneaky', scopes: ['metrics:read'] } });
      expect(key.statusCode).toBe(403);
      // A new login still succeeds, and says enrolment is due.
      const fresh = await loginReq('pol-admin@example.com', nextIp(), ws);
      expect(fresh.statusCode).toBe(200);
      expect(json(fresh)).toMatchObject({ role: 'admin', mfa_enrolment_required: true });
      // The policy does not touch the viewer.
      expect((await metrics(viewer.token)).statusCode).toBe(200);

      // The admin enrols; the very same token gets its scopes back.
      await enrol(admin.token);
      expect((await metrics(admin.token)).statusCode).toBe(200);
      expect((await settings(admin.token, 'all')).statusCode).toBe(200);

      const viewerRefused = await metrics(viewer.token);
      expect(viewerRefused.statusCode).toBe(403);
      expect(json(viewerRefused).error.code).toBe('MFA_REQUIRED');
      expect(json(await t.as(viewer.token).inject({ method: 'GET', url: '/api/v1/auth/sessions' })).items).toHaveLength(1);
      await enrol(viewer.token);
      expect((await metrics(viewer.token)).statusCode).toBe(200);
      // Disabling TOTP again puts the viewer back behind the gate.
      const off = await t.as(viewer.token).inject({ method: 'DELETE', url: '/api/v1/me/mfa/totp', payload: { password: TEST_PASSWORD } });
      expect(off.statusCode).toBe(204);
      expect(json(await metrics(viewer.token)).error.code).toBe('MFA_REQUIRED');
      // Logout is a `self` route.
      expect((await t.as(viewer.token).inject({ method: 'POST', url: '/api/v1/auth/logout' })).statusCode).toBe(204);

      // The refusals are audited like any denial, in the workspace.
      const denials = await t.tdb.db.selectFrom('audit_events').selectAll().where('workspace_id', '=', ws).where('action', '=', 'authz.denied').execute();
      expect(denials.filter((d) => d.entity_id === 'GET /api/v1/metrics').length).toBeGreaterThanOrEqual(3);
      const policy = await t.tdb.db.selectFrom('audit_events').selectAll().where('workspace_id', '=', ws).where('action', '=', 'mfa.policy.update').orderBy('id').execute();
      expect(policy.map((e) => JSON.parse(e.after!).required)).toEqual(['admins', 'all']);
      expect(policy[0]!.actor).toBe(`user:${admin.userId}`);

      // Back to none (an enrolled admin may).
      expect((await settings(admin.token, 'none')).statusCode).toBe(200);
    });

    it('keeps secrets, codes and tokens out of the audit trail, and records each MFA step', async () => {
      const events = await t.tdb.db.selectFrom('audit_events').selectAll().where('action', 'like', 'mfa.%').execute();
      const kinds = new Set(events.map((e) => `${e.action}:${e.outcome}`));
      for (const k of ['mfa.totp.enrol:success', 'mfa.totp.confirm:failure', 'mfa.totp.enable:success', 'mfa.verify:success', 'mfa.verify:failure',
        'mfa.totp.disable:success', 'mfa.totp.disable:failure', 'mfa.policy.update:success']) expect(kinds, k).toContain(k);
      const verified = events.filter((e) => e.action === 'mfa.verify' && e.outcome === 'success');
      expect(verified.every((e) => e.request_id && e.actor.startsWith('user:'))).toBe(true);
      const text = JSON.stringify(await t.tdb.db.selectFrom('audit_events').selectAll().execute());
      expect(secrets.size).toBeGreaterThan(50);
      for (const s of secrets) {
        expect(text).not.toContain(s);
        expect(text).not.toContain(hashChallengeToken(s));
      }
      expect(text).not.toContain(TEST_PASSWORD);
    });

    it('documents the login answer as a union in OpenAPI', async () => {
      const doc = json(await t.raw.inject({ method: 'GET', url: '/api/v1/openapi.json' }));
      const login = doc.paths['/api/v1/auth/login'].post.responses['200'];
      expect(JSON.stringify(login)).toContain('mfa_token');
      expect(JSON.stringify(login)).toContain('access_token');
      for (const p of ['/api/v1/auth/mfa', '/api/v1/me/mfa', '/api/v1/me/mfa/totp', '/api/v1/me/mfa/totp/confirm', '/api/v1/settings/mfa']) expect(doc.paths, p).toHaveProperty([p]);
    });
  });
}
