import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/databases.js';
import { localContext } from '../../src/shared/context.js';
import { createTestApp, type Injector, type TestApp } from '../helpers/app.js';

/**
 * A service account belongs to the workspace that created it. Another workspace's admin who learns its
 * id must not be able to invite it (its `.invalid` email) or add it as a member, and so must not be able to
 * delete it from there, which revokes its keys everywhere and disables it for its own workspace.
 */
for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`service accounts stay in their workspace on ${engine.label}`, () => {
    let t: TestApp;
    let otherAdmin: Injector;

    beforeAll(async () => {
      t = await createTestApp(engine.name);
      otherAdmin = t.as((await t.login('admin-b@example.com', 'admin', 'tenant-b')).token);
    });
    afterAll(async () => t?.close());

    it('refuses to add another workspace\'s service account as a member; its keys keep working', async () => {
      const svc = (await t.app.inject({ method: 'POST', url: '/api/v1/service-accounts', payload: { name: 'ci', role: 'viewer' } })).json();
      const key = (await t.app.inject({ method: 'POST', url: `/api/v1/service-accounts/${svc.id}/api-keys`, payload: { name: 'ci', scopes: ['metrics:read'] } })).json().key;
      const invited = await otherAdmin.inject({ method: 'POST', url: '/api/v1/invitations', payload: { email: `${svc.id}@service-accounts.invalid`, role: 'viewer' } });
      expect(invited.statusCode, invited.body).toBe(400);
      await expect(t.services.identity.users.addMember(localContext(), 'tenant-b', svc.id, 'viewer')).rejects.toThrow(/service account/);
      expect((await otherAdmin.inject({ method: 'DELETE', url: `/api/v1/service-accounts/${svc.id}` })).statusCode).toBe(404);
      expect((await t.raw.inject({ method: 'GET', url: '/api/v1/metrics', headers: { 'x-api-key': key } })).statusCode).toBe(200);
      expect((await t.app.inject({ method: 'GET', url: `/api/v1/service-accounts/${svc.id}` })).json().status).toBe('active');
    });
  });
}
