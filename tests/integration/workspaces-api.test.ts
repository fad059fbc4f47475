import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SsoRepository } from '../../src/modules/sso/repository.js';
import { localContext, SYSTEM_WORKSPACE } from '../../src/shared/context.js';
import { createTestApp, type Injector, type TestApp } from '../helpers/app.js';
import { ENGINES } from '../helpers/databases.js';
import { sampleDomain } from '../helpers/samples.js';

const ctx = localContext('test');
const DAY_MS = 24 * 3600 * 1000;

/** The audit actions of a workspace's chain, oldest first. */
async function actions(t: TestApp, ws: string): Promise<string[]> {
  const rows = await t.tdb.db.selectFrom('audit_events').select('action').where('workspace_id', '=', ws).orderBy('id').execute();
  return rows.map((r) => r.action);
}

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`workspaces through the API on ${engine.label}`, () => {
    let t: TestApp;
    beforeAll(async () => { t = await createTestApp(engine.name); });
    afterAll(async () => t?.close());

    it('lets only instance admins create one by default; the creator becomes its admin', async () => {
      const refused = await t.app.inject({ method: 'POST', url: '/api/v1/workspaces', payload: { id: 'acme', name: 'Acme' } });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('MDL_WORKSPACE_CREATION=instance-admins') });
      await t.services.workspaces.setInstanceAdmin(ctx, 'admin@example.com', true);

      const created = await t.app.inject({ method: 'POST', url: '/api/v1/workspaces', payload: { id: 'acme', name: ' Acme Corp ' } });
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json()).toEqual({
        id: 'acme', name: 'Acme Corp', created_at: expect.any(String), mfa_required: 'none', deleted_at: null, purge_after: null, role: 'admin', current: false,
      });
      const me = (await t.app.inject({ method: 'GET', url: '/api/v1/me' })).json().user.id;
      expect(await t.services.identity.users.getMembership('acme', me)).toMatchObject({ role: 'admin' });
      expect(await actions(t, 'acme')).toEqual(['workspace.create', 'membership.create']);
      expect(await actions(t, SYSTEM_WORKSPACE)).toContain('workspace.create');

      expect((await t.app.inject({ method: 'POST', url: '/api/v1/workspaces', payload: { id: 'acme', name: 'again' } })).json().error.code).toBe('ALREADY_EXISTS');
      for (const id of ['Bad Id', SYSTEM_WORKSPACE, '-x', 'a'.repeat(65)]) {
        const bad = await t.app.inject({ method: 'POST', url: '/api/v1/workspaces', payload: { id, name: 'x' } });
        expect(bad.statusCode, id).toBe(400);
      }
      const list = (await t.app.inject({ method: 'GET', url: '/api/v1/workspaces' })).json().items;
      expect(list.map((w: { id: string; role: string; current: boolean }) => [w.id, w.role, w.current])).toEqual([['acme', 'admin', false], ['default', 'admin', true]]);
    });

    it('refuses creation to an API key and a single sign-on session, even of an instance admin', async () => {
      const key = (await t.app.inject({ method: 'POST', url: '/api/v1/api-keys', payload: { name: 'self', scopes: ['self'] } })).json().key;
      const byKey = await t.as(key).inject({ method: 'POST', url: '/api/v1/workspaces', payload: { id: 'by-key', name: 'k' } });
      expect(byKey.statusCode).toBe(403);
      expect(byKey.json().error.code).toBe('REAUTHENTICATION_REQUIRED');
      const me = (await t.app.inject({ method: 'GET', url: '/api/v1/me' })).json().user.id;
      const s = await t.services.auth.sessions.start(me, 'default', { method: 'sso' });
      const sso = await t.services.auth.tokens.issueAccessToken({ sub: me, ws: 'default', role: 'admin', sid: s.sessionId });
      const bySso = await t.as(sso).inject({ method: 'POST', url: '/api/v1/workspaces', payload: { id: 'by-sso', name: 's' } });
      expect(bySso.json().error.code).toBe('REAUTHENTICATION_REQUIRED');
      expect(await t.services.workspaces.exists('by-key')).toBe(false);
      expect(await t.services.workspaces.exists('by-sso')).toBe(false);
    });

    it('renames and sets the MFA policy of its own workspace only; another id answers like a missing one', async () => {
      const renamed = await t.app.inject({ method: 'PATCH', url: '/api/v1/workspaces/default', payload: { name: 'Main' } });
      expect(renamed.statusCode, renamed.body).toBe(200);
      expect(renamed.json()).toMatchObject({ id: 'default', name: 'Main', mfa_required: 'none' });
      expect((await t.app.inject({ method: 'PATCH', url: '/api/v1/workspaces/default', payload: { mfa_required: 'admins' } })).json().mfa_required).toBe('admins');
      expect(await t.services.mfa.policy('default')).toBe('admins');
      // The policy now narrows this admin (no TOTP) to `self`: set it back as the host.
      await t.services.mfa.setPolicy({ ...ctx, workspaceId: 'default' }, 'none');
      expect(await actions(t, 'default')).toEqual(expect.arrayContaining(['workspace.update', 'mfa.policy.update']));

      for (const payload of [{}, { name: '' }, { mfa_required: 'sometimes' }, { name: 'x', extra: 1 }]) {
        expect((await t.app.inject({ method: 'PATCH', url: '/api/v1/workspaces/default', payload })).statusCode, JSON.stringify(payload)).toBe(400);
      }
      // The caller administers `acme` too, but this token acts in `default`.
      const other = await t.app.inject({ method: 'PATCH', url: '/api/v1/workspaces/acme', payload: { name: 'hijack' } });
      const missing = await t.app.inject({ method: 'PATCH', url: '/api/v1/workspaces/nope', payload: { name: 'hijack' } });
      expect(other.statusCode).toBe(404);
      expect({ status: other.statusCode, code: other.json().error.code }).toEqual({ status: missing.statusCode, code: missing.json().error.code });
      expect((await t.services.workspaces.get('acme')).name).toBe('Acme Corp');
      const editor = await t.login('editor@example.com', 'editor');
      expect((await t.as(editor.token).inject({ method: 'PATCH', url: '/api/v1/workspaces/default', payload: { name: 'mine' } })).statusCode).toBe(403);
    });

    describe('deleting', () => {
      let admin: Injector;
      let viewer: Injector;
      beforeAll(async () => {
        admin = t.as((await t.login('doomed-admin@example.com', 'admin', 'doomed')).token);
        viewer = t.as((await t.login('doomed-viewer@example.com', 'viewer', 'doomed')).token);
        expect((await admin.inject({ method: 'POST', url: '/api/v1/domains', payload: sampleDomain() })).statusCode).toBe(201);
      });

      it('needs the workspace id repeated as confirmation', async () => {
        for (const url of ['/api/v1/workspaces/doomed', '/api/v1/workspaces/doomed?confirm=', '/api/v1/workspaces/doomed?confirm=default']) {
          const r = await admin.inject({ method: 'DELETE', url });
          expect(r.statusCode, url).toBe(400);
          expect(r.json().error).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('?confirm=doomed') });
        }
        expect((await t.services.workspaces.get('doomed')).deleted_at).toBeNull();
        expect((await viewer.inject({ method: 'DELETE', url: '/api/v1/workspaces/doomed?confirm=doomed' })).statusCode).toBe(403);
        const def = await t.app.inject({ method: 'DELETE', url: '/api/v1/workspaces/default?confirm=default' });
        expect(def.statusCode).toBe(400);
        expect(def.json().error.message).toMatch(/default workspace cannot be deleted/);
      });

      it('makes it read-only: admins keep reads and exports, members see WORKSPACE_DELETED, everyone keeps their own account routes', async () => {
        const before = Date.now();
        const r = await admin.inject({ method: 'DELETE', url: '/api/v1/workspaces/doomed?confirm=doomed' });
        expect(r.statusCode, r.body).toBe(200);
        const { deleted_at: deletedAt, purge_after: purgeAfter } = r.json();
        expect(Date.parse(deletedAt)).toBeGreaterThanOrEqual(before - 1000);
        expect(Date.parse(purgeAfter) - Date.parse(deletedAt)).toBe(7 * DAY_MS);
        expect(await actions(t, 'doomed')).toContain('workspace.delete');
        expect(await actions(t, SYSTEM_WORKSPACE)).toContain('workspace.delete');

        const deleted = (res: { statusCode: number; json(): any }) => ({ status: res.statusCode, code: res.json()?.error?.code });
        for (const url of ['/api/v1/domains', '/api/v1/domains/revenue', '/api/v1/export', '/api/v1/metrics/stats']) {
          expect((await admin.inject({ method: 'GET', url })).statusCode, url).toBe(200);
          expect(deleted(await viewer.inject({ method: 'GET', url })), url).toEqual({ status: 409, code: 'WORKSPACE_DELETED' });
        }
        for (const url of ['/api/v1/audit', '/api/v1/audit/verify', '/api/v1/audit/export', '/api/v1/members']) {
          expect((await admin.inject({ method: 'GET', url })).statusCode, url).toBe(200);
        }
        const writes = [
          { method: 'POST', url: '/api/v1/domains', payload: sampleDomain({ domain_id: 'new', name: 'New' }) },
          { method: 'PATCH', url: '/api/v1/domains/revenue', payload: { description: 'changed' } },
          { method: 'DELETE', url: '/api/v1/domains/revenue' },
          { method: 'PATCH', url: '/api/v1/workspaces/doomed', payload: { name: 'back' } },
          { method: 'DELETE', url: '/api/v1/workspaces/doomed?confirm=doomed' },
          { method: 'POST', url: '/api/v1/api-keys', payload: { name: 'k', scopes: ['export'] } },
          { method: 'PUT', url: '/api/v1/settings/mfa', payload: { required: 'all' } },
        ] as const;
        for (const w of writes) {
          const res = await admin.inject(w as never);
          expect(deleted(res), `${w.method} ${w.url}`).toEqual({ status: 409, code: 'WORKSPACE_DELETED' });
          expect(res.json().error.message).toMatch(/mdl workspace restore doomed/);
        }
        for (const who of [admin, viewer]) {
          expect((await who.inject({ method: 'GET', url: '/api/v1/me' })).statusCode).toBe(200);
          expect((await who.inject({ method: 'GET', url: '/api/v1/auth/sessions' })).statusCode).toBe(200);
          expect((await who.inject({ method: 'GET', url: '/api/v1/workspaces' })).json().items).toEqual([
            expect.objectContaining({ id: 'doomed', deleted_at: deletedAt, purge_after: purgeAfter, current: true }),
          ]);
        }
        expect((await t.services.domains.get({ ...ctx, workspaceId: 'doomed' }, 'revenue')).doc.description).toBe(sampleDomain().description);
        expect((await viewer.inject({ method: 'POST', url: '/api/v1/auth/logout' })).statusCode).toBe(204);
      });

      it('answers single sign-on into it like a workspace without single sign-on', async () => {
        const now = new Date().toISOString();
        const config = (workspaceId: string) => ({
          workspaceId, issuer: 'https://idp.invalid', clientId: 'c', sealedSecret: t.services.secrets.box.seal('s', `sso:${workspaceId}`), scopes: ['openid'],
          allowedEmailDomains: [], roleClaim: null, roleMappings: [], defaultRole: 'viewer' as const, jitProvisioning: true, mfaAmr: null, createdAt: now, updatedAt: now,
        });
        await new SsoRepository().putProvider(t.tdb.db, config('doomed'));
        await new SsoRepository().putProvider(t.tdb.db, config('acme'));
        const start = (ws: string) => t.raw.inject({ method: 'GET', url: `/api/v1/auth/sso/${ws}/start` });
        // A live workspace with this (unreachable) provider gets as far as the provider; the deleted one stops at once.
        expect((await start('acme')).statusCode).toBe(502);
        const r = await start('doomed');
        expect(r.statusCode).toBe(404);
        expect(r.json().error.message).toBe('single sign-on is not available for this workspace');
        expect((await t.raw.inject({ method: 'GET', url: '/api/v1/auth/sso/doomed/callback?state=x&code=y' })).statusCode).toBe(404);
      });

      it('is writable again once the host restores it', async () => {
        const restored = await t.services.workspaces.restore(ctx, 'doomed');
        expect(restored).toMatchObject({ deleted_at: null, purge_after: null });
        expect((await admin.inject({ method: 'POST', url: '/api/v1/domains', payload: sampleDomain({ domain_id: 'back', name: 'Back' }) })).statusCode).toBe(201);
        expect((await viewer.inject({ method: 'GET', url: '/api/v1/domains' })).statusCode).toBe(401); // logged out above
        expect(await actions(t, SYSTEM_WORKSPACE)).toContain('workspace.restore');
        await expect(t.services.workspaces.restore(ctx, 'doomed')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      });
    });
  });

  describe.skipIf(!engine.available)(`workspace creation modes on ${engine.label}`, () => {
    it('host: the API creates none, not even for an instance admin', async () => {
      const t = await createTestApp(engine.name, { services: { workspaces: { creation: 'host' } } });
      try {
        await t.services.workspaces.setInstanceAdmin(ctx, 'admin@example.com', true);
        const r = await t.app.inject({ method: 'POST', url: '/api/v1/workspaces', payload: { id: 'acme', name: 'Acme' } });
        expect(r.statusCode).toBe(403);
        expect(r.json().error.message).toMatch(/MDL_WORKSPACE_CREATION=host/);
      } finally {
        await t.close();
      }
    });

    it('users: any password session creates one and administers it', async () => {
      const t = await createTestApp(engine.name, { services: { workspaces: { creation: 'users' } } });
      try {
        const viewer = await t.login('viewer@example.com', 'viewer');
        const r = await t.as(viewer.token).inject({ method: 'POST', url: '/api/v1/workspaces', payload: { id: 'mine', name: 'Mine' } });
        expect(r.statusCode, r.body).toBe(201);
        expect(await t.services.identity.users.getMembership('mine', viewer.userId)).toMatchObject({ role: 'admin' });
      } finally {
        await t.close();
      }
    });
  });
}
