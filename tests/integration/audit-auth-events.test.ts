import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailFingerprint } from '../../src/modules/auth/auth-events.js';
import { localContext, SYSTEM_WORKSPACE } from '../../src/shared/context.js';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../helpers/app.js';
import { ENGINES } from '../helpers/databases.js';

const WRONG_PASSWORD = 'not-the-password-9f3a7c';

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`authentication events in the audit log (${engine.label})`, () => {
    let t: TestApp;
    let userId: string;
    beforeAll(async () => {
      t = await createTestApp(engine.name);
      userId = (await t.services.identity.users.createUser(localContext('test'), { email: 'ida@example.com', password: TEST_PASSWORD, membership: { workspaceId: 'default', role: 'viewer' } })).id;
    });
    afterAll(async () => t?.close());

    const events = (workspaceId: string, action: string) => t.tdb.db.selectFrom('audit_events').selectAll()
      .where('workspace_id', '=', workspaceId).where('action', '=', action).orderBy('id', 'asc').execute();
    const login = (payload: Record<string, unknown>, requestId: string) => t.raw.inject({
      method: 'POST', url: '/api/v1/auth/login', payload, headers: { 'x-request-id': requestId }, remoteAddress: '198.51.100.7',
    });

    it('records a login with time, actor, workspace, target, request id, IP and outcome', async () => {
      expect((await login({ email: 'ida@example.com', password: TEST_PASSWORD }, 'req-login-ok')).statusCode).toBe(200);
      const [e] = (await events('default', 'auth.login')).filter((x) => x.request_id === 'req-login-ok');
      expect(e).toMatchObject({ actor: `user:${userId}`, entity_type: 'user', entity_id: userId, outcome: 'success', ip: '198.51.100.7' });
      expect(new Date(e!.occurred_at).toISOString()).toBe(e!.occurred_at);
      expect(JSON.parse(e!.after!)).toMatchObject({ method: 'password' });
    });

    it("records a wrong password in the account's workspace, without the password", async () => {
      expect((await login({ email: 'ida@example.com', password: WRONG_PASSWORD }, 'req-login-bad')).statusCode).toBe(401);
      const [e] = (await events('default', 'auth.login')).filter((x) => x.request_id === 'req-login-bad');
      expect(e).toMatchObject({ actor: 'anonymous', entity_type: 'user', entity_id: userId, outcome: 'failure', ip: '198.51.100.7' });
    });

    it('records an unknown email in the _system chain by fingerprint only', async () => {
      const typed = 'nobody-here@example.com';
      expect((await login({ email: typed, password: WRONG_PASSWORD }, 'req-login-unknown')).statusCode).toBe(401);
      const [e] = (await events(SYSTEM_WORKSPACE, 'auth.login')).filter((x) => x.request_id === 'req-login-unknown');
      expect(e).toMatchObject({ entity_type: 'email_sha256', entity_id: emailFingerprint(typed), outcome: 'failure' });
      expect(JSON.stringify(e)).not.toContain(typed);
    });

    it('records refresh-token reuse in the session workspace', async () => {
      const pair = (await login({ email: 'ida@example.com', password: TEST_PASSWORD }, 'req-r0')).json() as { refresh_token: string };
      expect((await t.raw.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refresh_token: pair.refresh_token } })).statusCode).toBe(200);
      const reuse = await t.raw.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refresh_token: pair.refresh_token }, headers: { 'x-request-id': 'req-reuse' } });
      expect(reuse.statusCode).toBe(401);
      const [e] = (await events('default', 'auth.refresh_reuse')).filter((x) => x.request_id === 'req-reuse');
      expect(e).toMatchObject({ actor: `user:${userId}`, entity_type: 'session', outcome: 'failure' });
    });

    it('records logout', async () => {
      const pair = (await login({ email: 'ida@example.com', password: TEST_PASSWORD }, 'req-l0')).json() as { access_token: string };
      const res = await t.as(pair.access_token).inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { 'x-request-id': 'req-logout' } });
      expect(res.statusCode).toBe(204);
      const [e] = (await events('default', 'auth.logout')).filter((x) => x.request_id === 'req-logout');
      expect(e).toMatchObject({ actor: `user:${userId}`, entity_type: 'session', outcome: 'success' });
    });

    it('records a rejected bearer token in _system, never the token', async () => {
      const forged = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.';
      const res = await t.raw.inject({ method: 'GET', url: '/api/v1/metrics', headers: { authorization: `Bearer ${forged}`, 'x-request-id': 'req-forged' } });
      expect(res.statusCode).toBe(401);
      const [e] = (await events(SYSTEM_WORKSPACE, 'auth.credential_rejected')).filter((x) => x.request_id === 'req-forged');
      expect(e).toMatchObject({ entity_type: 'route', entity_id: 'GET /api/v1/metrics', outcome: 'failure' });
      expect(JSON.parse(e!.after!)).toMatchObject({ credential: 'bearer' });
      expect(JSON.stringify(e)).not.toContain(forged);
    });

    it('never stores a password or token in any event, and keeps every chain intact (IP included in the hash)', async () => {
      const all = await t.tdb.db.selectFrom('audit_events').selectAll().execute();
      const text = JSON.stringify(all);
      for (const secret of [TEST_PASSWORD, WRONG_PASSWORD]) expect(text).not.toContain(secret);
      for (const ws of ['default', SYSTEM_WORKSPACE]) expect(await t.services.audit.verify(ws)).toMatchObject({ ok: true });
      // Changing only the IP of an event breaks the chain at that event.
      const [victim] = await events('default', 'auth.login');
      await t.tdb.db.updateTable('audit_events').set({ ip: '203.0.113.1' }).where('id', '=', victim!.id).execute();
      expect(await t.services.audit.verify('default')).toMatchObject({ ok: false, firstBroken: { id: Number(victim!.id), reason: 'hash mismatch' } });
      await t.tdb.db.updateTable('audit_events').set({ ip: victim!.ip }).where('id', '=', victim!.id).execute();
    });

    it('keeps the _system workspace out of reach: no one can join it or sign in to it', async () => {
      await expect(t.services.identity.users.createUser(localContext('test'), { email: 'sys@example.com', password: TEST_PASSWORD, membership: { workspaceId: SYSTEM_WORKSPACE, role: 'admin' } }))
        .rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(t.services.identity.users.createWorkspace(localContext('test'), { id: SYSTEM_WORKSPACE, name: 'x' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(await t.services.workspaces.exists(SYSTEM_WORKSPACE)).toBe(false);
      expect((await login({ email: 'ida@example.com', password: TEST_PASSWORD, workspace: SYSTEM_WORKSPACE }, 'req-sys')).statusCode).toBe(401);
    });
  });
}
