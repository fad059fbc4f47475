import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base32Decode, totp } from '../../src/modules/mfa/totp.js';
import { localContext } from '../../src/shared/context.js';
import { hashToken } from '../../src/shared/token-hash.js';
import { createTestApp, TEST_PASSWORD, type Injector, type TestApp } from '../helpers/app.js';
import { ENGINES } from '../helpers/databases.js';

/**
 * Members join by invitation (issue 7, security finding 1). Before, `POST /members` created an account
 * with a password the admin chose, or added an existing account by email alone and answered 201 with
 * its createdAt: one workspace's admin could pre-register an address with a password they knew and
 * later sign in to another workspace that "added" it, and any admin could tell whether an address had
 * an account. Now an admin invites an address; the invitee accepts with the account's own password (a
 * new account: the one they choose), and only then becomes a member.
 */
const A_PW = 'workspace A admin knows this one 61';
const B_PW = 'workspace B admin picked this one 62';
const NEW_PW = 'the invitee chose this passphrase 63';
const tokenOf = (link: string) => new URL(link).hash.replace(/^#token=/, '');
let ipSeq = 0;
const nextIp = () => `203.0.113.${(ipSeq++ % 250) + 1}`;

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`invitations on ${engine.label}`, () => {
    let t: TestApp;
    let b: Injector;
    const accept = (payload: Record<string, unknown>, remoteAddress = nextIp()) =>
      t.raw.inject({ method: 'POST', url: '/api/v1/invitations/accept', remoteAddress, payload });
    const login = (email: string, password: string, workspace?: string) =>
      t.raw.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: nextIp(), payload: { email, password, ...(workspace ? { workspace } : {}) } });
    const invite = async (as: Injector, email: string, role = 'viewer') => {
      const r = await as.inject({ method: 'POST', url: '/api/v1/invitations', payload: { email, role } });
      expect(r.statusCode, r.body).toBe(201);
      return r.json() as { invitation: { id: string; status: string; email: string; role: string }; delivery: { method: string }; link: string };
    };
    const auditOf = (workspace: string) => t.tdb.db.selectFrom('audit_events').selectAll().where('workspace_id', '=', workspace).orderBy('id').execute();

    beforeAll(async () => {
      t = await createTestApp(engine.name);
      b = t.as((await t.login('b-admin@example.com', 'admin', 'tenant-b')).token);
    });
    afterAll(async () => t?.close());

    it('closes the takeover: no admin sets a password for someone, and a password workspace A knows never opens B', async () => {
      const cfo = 'cfo@b-corp.example';
      // A's admin pre-registers the address with a password A knows, then B's admin "adds" it as admin.
      const pre = await t.app.inject({ method: 'POST', url: '/api/v1/members', payload: { email: cfo, role: 'viewer', password: A_PW } });
      expect(pre.statusCode, pre.body).toBe(410);
      expect(pre.json().error).toMatchObject({ code: 'GONE', message: expect.stringMatching(/POST \/api\/v1\/invitations/) });
      const add = await b.inject({ method: 'POST', url: '/api/v1/members', payload: { email: cfo, role: 'admin', password: B_PW } });
      expect(add.statusCode, add.body).toBe(410);
      for (const pw of [A_PW, B_PW]) expect((await login(cfo, pw, 'tenant-b')).statusCode).toBe(401);

      // Without SMTP A's admin holds A's link and may accept it with A's password: that account exists now...
      const ofA = await invite(t.app, cfo);
      expect((await accept({ token: tokenOf(ofA.link), password: A_PW })).statusCode).toBe(200);
      const cfoId = (await t.services.identity.users.getByEmail(cfo)).id;
      expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/members/${cfoId}` })).statusCode).toBe(204);
      // ...but B's invitation joins only with that account's own password: it never sets one.
      const ofB = await invite(b, cfo, 'admin');
      const withOther = await accept({ token: tokenOf(ofB.link), password: B_PW });
      expect(withOther.statusCode).toBe(401);
      expect((await login(cfo, B_PW)).statusCode).toBe(401);
      expect((await login(cfo, A_PW, 'tenant-b')).statusCode).toBe(401);
      expect((await t.services.identity.users.membershipsOf(cfoId))).toEqual([]);
    });

    it('answers an invitation the same whether or not the address has an account', async () => {
      const holder = await t.login('has-account@example.com', 'viewer', 'tenant-c');
      const existing = await invite(t.app, 'has-account@example.com');
      const fresh = await invite(t.app, 'no-account@example.com');
      const shape = (x: Record<string, unknown>) => JSON.stringify(x, (_k, v) => (typeof v === 'string' ? typeof v : v));
      expect(shape(existing)).toEqual(shape(fresh));
      expect(Object.keys(existing.invitation).sort()).toEqual(['accepted_at', 'created_at', 'created_by', 'delivered_at', 'delivery', 'email', 'expires_at', 'id', 'revoked_at', 'role', 'status']);
      expect(existing.delivery).toEqual({ method: 'link' });
      expect(existing.link).toMatch(/^http:\/\/localhost\/invite#token=[A-Za-z0-9_-]{43}$/);
      expect(JSON.stringify(existing)).not.toContain(holder.userId);
      expect(JSON.stringify(existing)).not.toMatch(/createdAt|joined|user_id/i);
    });

    it('a new account sets its own password (policy applies), becomes a member with the invited role, and gets a session', async () => {
      const inv = await invite(t.app, 'New.Person@Example.com', 'editor');
      expect(inv.invitation.email).toBe('new.person@example.com');
      const token = tokenOf(inv.link);
      const weak = await accept({ token, password: 'short' });
      expect(weak.statusCode).toBe(400);
      expect(weak.json().error.code).toBe('VALIDATION_FAILED');
      const ok = await accept({ token, password: NEW_PW, display_name: 'New Person' });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.headers['cache-control']).toBe('no-store');
      expect(ok.json()).toMatchObject({ token_type: 'Bearer', workspace_id: 'default', role: 'editor' });
      expect(ok.json().already_member).toBeUndefined();
      const me = (await t.as(ok.json().access_token).inject({ method: 'GET', url: '/api/v1/me' })).json();
      expect(me).toMatchObject({ workspace_id: 'default', role: 'editor', user: { email: 'new.person@example.com', displayName: 'New Person' } });
      expect((await login('new.person@example.com', NEW_PW)).statusCode).toBe(200);
      // Used up: the same token is refused like any dead one.
      const again = await accept({ token, password: NEW_PW });
      expect(again.statusCode).toBe(401);
      const listed = (await t.app.inject({ method: 'GET', url: '/api/v1/invitations?status=accepted' })).json().items;
      expect(listed.map((i: { id: string }) => i.id)).toContain(inv.invitation.id);
    });

    it('an existing account signs in with its own password (its TOTP code when enrolled); its password is never changed', async () => {
      const u = await t.login('existing@example.com', 'viewer', 'tenant-b');
      const inv = await invite(t.app, 'existing@example.com', 'admin');
      const token = tokenOf(inv.link);
      const wrong = await accept({ token, password: NEW_PW });
      expect(wrong.statusCode).toBe(401);
      const ok = await accept({ token, password: TEST_PASSWORD });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toMatchObject({ workspace_id: 'default', role: 'admin' });
      expect((await login('existing@example.com', TEST_PASSWORD, 'tenant-b')).statusCode).toBe(200);
      expect((await t.services.identity.users.membershipsOf(u.userId)).map((m) => m.workspaceId).sort()).toEqual(['default', 'tenant-b']);

      // With TOTP: the password alone is not enough; a code completes it.
      const mfaUser = await t.login('with-totp@example.com', 'viewer', 'tenant-b');
      const ctx = localContext(`user:${mfaUser.userId}`, 'tenant-b');
      const { secret } = await t.services.mfa.beginEnrolment(ctx, mfaUser.userId);
      await t.services.mfa.confirmEnrolment(ctx, mfaUser.userId, totp(base32Decode(secret), Date.now()));
      const mfaToken = tokenOf((await invite(t.app, 'with-totp@example.com', 'editor')).link);
      const noCode = await accept({ token: mfaToken, password: TEST_PASSWORD });
      expect(noCode.statusCode).toBe(401);
      expect(noCode.json().error.details).toEqual({ mfa_required: true });
      expect((await accept({ token: mfaToken, password: TEST_PASSWORD, mfa_code: '000000' })).statusCode).toBe(401);
      const withCode = await accept({ token: mfaToken, password: TEST_PASSWORD, mfa_code: totp(base32Decode(secret), Date.now() + 30_000) });
      expect(withCode.statusCode, withCode.body).toBe(200);
      expect(withCode.json()).toMatchObject({ workspace_id: 'default', role: 'editor' });
    });

    it('answers wrong, used, expired and revoked tokens exactly alike; resend kills the old link', async () => {
      const shape = (r: { statusCode: number; json(): any }) => ({ status: r.statusCode, code: r.json().error?.code, message: r.json().error?.message });
      const expected = { status: 401, code: 'UNAUTHENTICATED', message: 'invalid, expired or already used invitation' };
      expect(shape(await accept({ token: 'A'.repeat(43), password: NEW_PW }))).toEqual(expected);
      expect(shape(await accept({ token: 'not-a-token', password: NEW_PW }))).toEqual(expected);

      const revoked = await invite(t.app, 'revoked@example.com');
      expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/invitations/${revoked.invitation.id}` })).statusCode).toBe(204);
      expect(shape(await accept({ token: tokenOf(revoked.link), password: NEW_PW }))).toEqual(expected);

      const expired = await invite(t.app, 'expired@example.com');
      await t.tdb.db.updateTable('invitations').set({ expires_at: '2000-01-01T00:00:00.000Z' }).where('id', '=', expired.invitation.id).execute();
      expect(shape(await accept({ token: tokenOf(expired.link), password: NEW_PW }))).toEqual(expected);
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/invitations?status=expired' })).json().items.map((i: { id: string }) => i.id)).toEqual([expired.invitation.id]);

      const resent = await t.app.inject({ method: 'POST', url: `/api/v1/invitations/${expired.invitation.id}/resend` });
      expect(resent.statusCode, resent.body).toBe(200);
      expect(resent.json().invitation.status).toBe('pending');
      expect(resent.json().link).not.toBe(expired.link);
      expect(shape(await accept({ token: tokenOf(expired.link), password: NEW_PW }))).toEqual(expected);
      expect((await accept({ token: tokenOf(resent.json().link), password: NEW_PW })).statusCode).toBe(200);
      expect(shape(await accept({ token: tokenOf(resent.json().link), password: NEW_PW }))).toEqual(expected);
      // Nothing to resend or revoke once accepted or revoked.
      expect((await t.app.inject({ method: 'POST', url: `/api/v1/invitations/${expired.invitation.id}/resend` })).statusCode).toBe(409);
      expect((await t.app.inject({ method: 'POST', url: `/api/v1/invitations/${revoked.invitation.id}/resend` })).statusCode).toBe(409);
      expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/invitations/${expired.invitation.id}` })).statusCode).toBe(409);
    });

    it('refuses service accounts, current members and a second pending invitation; an account that joined meanwhile uses it up', async () => {
      const svc = (await t.app.inject({ method: 'POST', url: '/api/v1/service-accounts', payload: { name: 'ci', role: 'viewer' } })).json();
      const r = await t.app.inject({ method: 'POST', url: '/api/v1/invitations', payload: { email: `${svc.id}@service-accounts.invalid`, role: 'viewer' } });
      expect(r.statusCode).toBe(400);
      expect((await t.app.inject({ method: 'POST', url: '/api/v1/invitations', payload: { email: 'admin@example.com', role: 'viewer' } })).statusCode).toBe(409);
      const first = await invite(t.app, 'twice@example.com');
      const second = await t.app.inject({ method: 'POST', url: '/api/v1/invitations', payload: { email: 'twice@example.com', role: 'admin' } });
      expect(second.statusCode).toBe(409);
      expect(second.json().error.message).toMatch(/pending invitation/);

      // The address got an account and joined another way before accepting (a service stands in for it).
      const late = await t.login('joined-meanwhile@example.com', 'viewer', 'tenant-b');
      const inv = await invite(t.app, 'joined-meanwhile@example.com', 'admin');
      await t.services.identity.users.addMember(localContext(), 'default', late.userId, 'viewer');
      const ok = await accept({ token: tokenOf(inv.link), password: TEST_PASSWORD });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toMatchObject({ already_member: true, role: 'viewer' });
      expect((await t.app.inject({ method: 'GET', url: `/api/v1/invitations/${inv.invitation.id}` })).json().status).toBe('accepted');
      expect(first.invitation.status).toBe('pending');
    });

    it('opens a browser session in cookie mode, as login does', async () => {
      const inv = await invite(t.app, 'browser@example.com', 'viewer');
      const r = await accept({ token: tokenOf(inv.link), password: NEW_PW, mode: 'cookie' });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json()).toMatchObject({ token_type: 'Cookie', workspace_id: 'default', role: 'viewer', csrf_token: expect.any(String) });
      expect(r.json().access_token).toBeUndefined();
      const cookies = ([] as string[]).concat(r.headers['set-cookie'] ?? []);
      expect(cookies.some((c) => c.startsWith('mdl_access=') && /HttpOnly/i.test(c))).toBe(true);
    });

    it('audits every step in the workspace chain and never stores or audits the token', async () => {
      const inv = await invite(t.app, 'audited@example.com', 'editor');
      const resent = (await t.app.inject({ method: 'POST', url: `/api/v1/invitations/${inv.invitation.id}/resend` })).json();
      const token = tokenOf(resent.link);
      expect((await accept({ token, password: NEW_PW })).statusCode).toBe(200);
      const other = await invite(t.app, 'audited-revoked@example.com');
      await t.app.inject({ method: 'DELETE', url: `/api/v1/invitations/${other.invitation.id}` });
      const events = await auditOf('default');
      const actions = events.filter((e) => e.entity_type === 'invitation' && [inv.invitation.id, other.invitation.id].includes(e.entity_id)).map((e) => e.action);
      expect(actions).toEqual(['invitation.create', 'invitation.resend', 'invitation.accept', 'invitation.create', 'invitation.revoke']);
      const everything = JSON.stringify(await t.tdb.db.selectFrom('audit_events').selectAll().execute());
      for (const secret of [token, tokenOf(inv.link), hashToken(token), hashToken(tokenOf(inv.link))]) expect(everything).not.toContain(secret);
      const rows = JSON.stringify(await t.tdb.db.selectFrom('invitations').selectAll().execute());
      expect(rows).not.toContain(token);
      expect(rows).toContain(hashToken(token));
      const verify = await t.app.inject({ method: 'GET', url: '/api/v1/audit/verify' });
      expect(verify.json().ok).toBe(true);
    });

    it('throttles accepting like login: per address, and per invitation across addresses', async () => {
      const ip = '198.51.100.7';
      for (let i = 0; i < 5; i++) expect((await accept({ token: `${'B'.repeat(42)}${i}`, password: NEW_PW }, ip)).statusCode).toBe(401);
      const locked = await accept({ token: 'C'.repeat(43), password: NEW_PW }, ip);
      expect(locked.statusCode).toBe(429);
      expect(locked.headers['retry-after']).toBeDefined();

      // Password guessing against one invitation from many addresses.
      await t.login('guessed@example.com', 'viewer', 'tenant-b');
      const token = tokenOf((await invite(t.app, 'guessed@example.com')).link);
      for (let i = 0; i < 5; i++) expect((await accept({ token, password: `wrong guess number ${i} here` })).statusCode).toBe(401);
      expect((await accept({ token, password: TEST_PASSWORD })).statusCode).toBe(429);
    });
  });
}
