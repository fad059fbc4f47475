import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Injector, type TestApp } from '../helpers/app.js';
import { ENGINES } from '../helpers/databases.js';

/**
 * Deleting a workspace and changing its MFA policy need a person signed in: an admin-scope API key (an
 * automation credential, the one most likely to leak) could do both (hostile review, issue 7).
 */
for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`actions only a session may take, on ${engine.label}`, () => {
    let t: TestApp;
    let key: string;
    let session: Injector;
    beforeAll(async () => {
      t = await createTestApp(engine.name);
      session = t.as((await t.login('doomed-admin@example.com', 'admin', 'doomed')).token);
      key = (await session.inject({ method: 'POST', url: '/api/v1/api-keys', payload: { name: 'automation', scopes: ['admin'] } })).json().key;
    });
    afterAll(async () => t?.close());

    it('refuses them to an admin API key with REAUTHENTICATION_REQUIRED, and changes nothing', async () => {
      const attempts = [
        { method: 'DELETE' as const, url: '/api/v1/workspaces/doomed?confirm=doomed' },
        { method: 'PATCH' as const, url: '/api/v1/workspaces/doomed', payload: { mfa_required: 'none' } },
        { method: 'PUT' as const, url: '/api/v1/settings/mfa', payload: { required: 'none' } },
      ];
      for (const a of attempts) {
        const r = await t.as(key).inject(a);
        expect(r.statusCode, `${a.method} ${a.url}: ${r.body}`).toBe(403);
        expect(r.json().error.code).toBe('REAUTHENTICATION_REQUIRED');
      }
      const ws = (await session.inject({ method: 'GET', url: '/api/v1/workspaces' })).json().items.find((w: { id: string }) => w.id === 'doomed');
      expect(ws).toMatchObject({ deleted_at: null });
    });

    it('refuses two-factor enrolment, confirmation and removal to any key, even a self-scope one', async () => {
      // Enrolling by key locked the owner out (only the key's holder had the secret); removing by password was an oracle.
      const self = (await session.inject({ method: 'POST', url: '/api/v1/api-keys', payload: { name: 'self', scopes: ['self'] } })).json().key;
      for (const credential of [self]) {
        for (const a of [
          { method: 'POST' as const, url: '/api/v1/me/mfa/totp' },
          { method: 'POST' as const, url: '/api/v1/me/mfa/totp/confirm', payload: { code: '123456' } },
          { method: 'DELETE' as const, url: '/api/v1/me/mfa/totp', payload: { password: 'a guess at the password' } },
        ]) {
          const r = await t.as(credential).inject(a);
          expect(r.statusCode, `${a.method} ${a.url}: ${r.body}`).toBe(403);
          expect(r.json().error.code).toBe('REAUTHENTICATION_REQUIRED');
        }
      }
      expect((await session.inject({ method: 'POST', url: '/api/v1/me/mfa/totp' })).statusCode).toBe(201);
    });

    it('still lets the key rename, and a session do all of them', async () => {
      const renamed = await t.as(key).inject({ method: 'PATCH', url: '/api/v1/workspaces/doomed', payload: { name: 'Renamed by automation' } });
      expect(renamed.statusCode, renamed.body).toBe(200);
      expect((await session.inject({ method: 'PUT', url: '/api/v1/settings/mfa', payload: { required: 'none' } })).statusCode).toBe(200);
      expect((await session.inject({ method: 'PATCH', url: '/api/v1/workspaces/doomed', payload: { mfa_required: 'none' } })).statusCode).toBe(200);
      const deleted = await session.inject({ method: 'DELETE', url: '/api/v1/workspaces/doomed?confirm=doomed' });
      expect(deleted.statusCode, deleted.body).toBe(200);
    });
  });
}
