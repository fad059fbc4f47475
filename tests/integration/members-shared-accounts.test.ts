import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/databases.js';
import { localContext } from '../../src/shared/context.js';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../helpers/app.js';

/**
 * A workspace admin manages memberships of their workspace, but a password and an account's status
 * belong to the whole account. An account may belong to workspace A and to others (it accepted their
 * invitations); resetting its password or disabling it from A must not reach the workspaces that also rely on it.
 */
const ATTACKER_PASSWORD = 'the attacker picked this passphrase 91';

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`a workspace admin and accounts shared with other workspaces on ${engine.label}`, () => {
    let t: TestApp;
    let victim: { token: string; userId: string };

    beforeAll(async () => {
      t = await createTestApp(engine.name);
      // The victim administers workspace "tenant-b"; the attacker is the admin of "default" (t.app).
      victim = await t.login('victim@example.com', 'admin', 'tenant-b');
      // The victim also belongs to "default" (they accepted an invitation; the service call stands in for that).
      await t.services.identity.users.addMember(localContext(), 'default', victim.userId, 'viewer');
    });
    afterAll(async () => t?.close());

    it('refuses to reset the password of an account that also belongs to another workspace', async () => {
      const reset = await t.app.inject({ method: 'POST', url: `/api/v1/members/${victim.userId}/password`, payload: { password: ATTACKER_PASSWORD } });
      expect(reset.statusCode).toBe(403);
      expect(reset.json().error.code).toBe('ACCOUNT_SHARED');
      // The attacker's password opens nothing; the victim's own still works, and their session in B lives.
      const asAttacker = await t.raw.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'victim@example.com', password: ATTACKER_PASSWORD, workspace: 'tenant-b' } });
      expect(asAttacker.statusCode).toBe(401);
      const asVictim = await t.raw.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'victim@example.com', password: TEST_PASSWORD, workspace: 'tenant-b' } });
      expect(asVictim.statusCode).toBe(200);
      expect((await t.as(victim.token).inject({ method: 'GET', url: '/api/v1/members' })).statusCode).toBe(200);
    });

    it('refuses to disable an account that also belongs to another workspace', async () => {
      const disable = await t.app.inject({ method: 'POST', url: `/api/v1/members/${victim.userId}/disable` });
      expect(disable.statusCode).toBe(403);
      expect(disable.json().error.code).toBe('ACCOUNT_SHARED');
      expect((await t.as(victim.token).inject({ method: 'GET', url: '/api/v1/members' })).statusCode).toBe(200);
    });

    it('removing or demoting a member ends their sessions and keys in this workspace only', async () => {
      const key = await t.as(victim.token).inject({ method: 'POST', url: '/api/v1/api-keys', payload: { name: 'b-integration', scopes: ['metrics:read'] } });
      expect(key.statusCode, key.body).toBe(201);
      const inDefault = await t.services.login.login('victim@example.com', TEST_PASSWORD, 'default', {});
      const alive = async (credential: string) => (await t.as(credential).inject({ method: 'GET', url: '/api/v1/me' })).statusCode;

      expect((await t.app.inject({ method: 'PATCH', url: `/api/v1/members/${victim.userId}`, payload: { role: 'editor' } })).statusCode).toBe(200);
      expect(await alive(inDefault.access_token)).toBe(200); // a promotion ends nothing
      expect((await t.app.inject({ method: 'PATCH', url: `/api/v1/members/${victim.userId}`, payload: { role: 'viewer' } })).statusCode).toBe(200);
      expect(await alive(inDefault.access_token)).toBe(401);
      expect(await alive(victim.token)).toBe(200);

      const again = await t.services.login.login('victim@example.com', TEST_PASSWORD, 'default', {});
      expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/members/${victim.userId}` })).statusCode).toBe(204);
      expect(await alive(again.access_token)).toBe(401);
      // Workspace B's session and key are not workspace A's to end.
      expect(await alive(victim.token)).toBe(200);
      expect((await t.as(key.json().key).inject({ method: 'GET', url: '/api/v1/metrics' })).statusCode).toBe(200);
      const keys = await t.tdb.db.selectFrom('api_keys').select(['workspace_id', 'revoked_at']).where('user_id', '=', victim.userId).execute();
      expect(keys).toEqual([{ workspace_id: 'tenant-b', revoked_at: null }]);
      await t.services.identity.users.addMember(localContext(), 'default', victim.userId, 'viewer');
    });

    it("refuses to disable the workspace's last active admin, themselves included", async () => {
      const admin = (await t.app.inject({ method: 'GET', url: '/api/v1/me' })).json().user.id as string;
      const r = await t.app.inject({ method: 'POST', url: `/api/v1/members/${admin}/disable` });
      expect(r.statusCode).toBe(409);
      expect(r.json().error.code).toBe('LAST_ADMIN');
      expect(r.json().error.message).toMatch(/last active admin/);
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/me' })).statusCode).toBe(200);
    });

    it('still resets and disables an account that belongs to this workspace alone', async () => {
      const own = await t.login('own-member@example.com', 'editor');
      const reset = await t.app.inject({ method: 'POST', url: `/api/v1/members/${own.userId}/password`, payload: { password: ATTACKER_PASSWORD } });
      expect(reset.statusCode).toBe(204);
      const login = await t.raw.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'own-member@example.com', password: ATTACKER_PASSWORD } });
      expect(login.statusCode).toBe(200);
      expect((await t.app.inject({ method: 'POST', url: `/api/v1/members/${own.userId}/disable` })).statusCode).toBe(204);
      expect((await t.as(login.json().access_token).inject({ method: 'GET', url: '/api/v1/me' })).statusCode).toBe(401);
    });
  });
}
