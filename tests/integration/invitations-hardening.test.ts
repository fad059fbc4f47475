import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localContext } from '../../src/shared/context.js';
import { createTestApp, type Injector, type TestApp } from '../helpers/app.js';
import { ENGINES } from '../helpers/databases.js';

/** What a hostile review of invitations found (issue 7), each closed here. */
const tokenOf = (link: string) => new URL(link).hash.replace(/^#token=/, '');
let ipSeq = 0;
const nextIp = () => `198.51.100.${(ipSeq++ % 250) + 1}`;
const NEW_PW = 'a passphrase the invitee chose 77';

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`invitations, hardened, on ${engine.label}`, () => {
    let t: TestApp;
    const accept = (payload: Record<string, unknown>) =>
      t.raw.inject({ method: 'POST', url: '/api/v1/invitations/accept', remoteAddress: nextIp(), payload });
    const invite = async (as: Injector, email: string, role = 'viewer') => {
      const r = await as.inject({ method: 'POST', url: '/api/v1/invitations', payload: { email, role } });
      expect(r.statusCode, r.body).toBe(201);
      return r.json() as { invitation: { id: string }; link: string };
    };
    beforeAll(async () => { t = await createTestApp(engine.name); });
    afterAll(async () => t?.close());

    it('tells the link holder nothing about whether the address has an account, whatever the password or name', async () => {
      await t.login('exists@example.com', 'viewer', 'elsewhere');
      const withAccount = await invite(t.app, 'exists@example.com');
      const without = await invite(t.app, 'missing@example.com');
      for (const extra of [{ password: 'x' }, { password: NEW_PW, display_name: 'n'.repeat(201) }]) {
        const a = await accept({ token: tokenOf(withAccount.link), ...extra });
        const b = await accept({ token: tokenOf(without.link), ...extra });
        expect(a.statusCode, JSON.stringify(extra)).toBe(400);
        expect(a.json().error).toEqual(b.json().error);
      }
      expect(await t.services.identity.users.findByEmail('missing@example.com')).toBeUndefined();
    });

    it('an invitation dies with its inviter\'s admin role, or with the key that made it', async () => {
      const e = await t.login('second-admin@example.com', 'admin');
      const byE = await invite(t.as(e.token), 'friend-of-e@example.com', 'admin');
      const key = (await t.as(e.token).inject({ method: 'POST', url: '/api/v1/api-keys', payload: { name: 'inviter', scopes: ['admin'] } })).json();
      const byKey = await invite(t.as(key.key), 'friend-of-key@example.com', 'admin');
      const demoted = await t.app.inject({ method: 'PATCH', url: `/api/v1/members/${e.userId}`, payload: { role: 'editor' } });
      expect(demoted.statusCode, demoted.body).toBe(200);
      for (const inv of [byE, byKey]) {
        const r = await accept({ token: tokenOf(inv.link), password: NEW_PW });
        expect(r.statusCode, r.body).toBe(401);
        expect(r.json().error.message).toBe('invalid, expired or already used invitation');
      }
      expect(await t.services.identity.users.findByEmail('friend-of-e@example.com')).toBeUndefined();

      // Still an admin, but the key is revoked: the key's invitation is dead, the person's works.
      const f = await t.login('third-admin@example.com', 'admin');
      const fKey = (await t.as(f.token).inject({ method: 'POST', url: '/api/v1/api-keys', payload: { name: 'inviter', scopes: ['admin'] } })).json();
      const byF = await invite(t.as(f.token), 'friend-of-f@example.com');
      const byFKey = await invite(t.as(fKey.key), 'other-friend-of-f@example.com');
      expect((await t.as(f.token).inject({ method: 'DELETE', url: `/api/v1/api-keys/${fKey.record.id}` })).statusCode).toBe(204);
      expect((await accept({ token: tokenOf(byFKey.link), password: NEW_PW })).statusCode).toBe(401);
      expect((await accept({ token: tokenOf(byF.link), password: NEW_PW })).statusCode).toBe(200);
    });

    it('resending an expired invitation does not make a second pending one for the address', async () => {
      const first = await invite(t.app, 'twice@example.com', 'admin');
      await t.tdb.db.updateTable('invitations').set({ expires_at: '2000-01-01T00:00:00.000Z' }).where('id', '=', first.invitation.id).execute();
      const second = await invite(t.app, 'twice@example.com', 'viewer');
      const resent = await t.app.inject({ method: 'POST', url: `/api/v1/invitations/${first.invitation.id}/resend` });
      expect(resent.statusCode, resent.body).toBe(409);
      expect(resent.json().error.message).toContain(second.invitation.id);
      const pending = (await t.app.inject({ method: 'GET', url: '/api/v1/invitations' })).json().items.filter((i: { email: string }) => i.email === 'twice@example.com');
      expect(pending.map((i: { id: string; role: string }) => [i.id, i.role])).toEqual([[second.invitation.id, 'viewer']]);
    });

    it('one address is one address: Unicode forms agree, and odd spellings are refused', async () => {
      await invite(t.app, 'ren\u00e9@example.com');
      const decomposed = await t.app.inject({ method: 'POST', url: '/api/v1/invitations', payload: { email: 'rene\u0301@example.com', role: 'viewer' } });
      expect(decomposed.statusCode, decomposed.body).toBe(409); // the same address, already invited
      for (const email of ['e@x.example.', 'e@x..example', 'a\u202eb@example.com', 'a\u200bb@example.com', 'x\ud800y@example.com']) {
        const r = await t.app.inject({ method: 'POST', url: '/api/v1/invitations', payload: { email, role: 'viewer' } });
        expect(r.statusCode, JSON.stringify(email)).toBe(400);
      }
    });

    it('workspace names carry no line breaks, bidi overrides or lone surrogates', async () => {
      const ctx = localContext('test');
      for (const name of ['two\nlines', 'evil \u202Egnp.exe', 'x\ud800y']) {
        await expect(t.services.workspaces.createOnHost(ctx, { id: 'odd-name', name })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      }
      await expect(t.services.workspaces.createOnHost(ctx, { id: 'odd-name', name: 'Zoë & Co — 東京' })).resolves.toMatchObject({ name: 'Zoë & Co — 東京' });
    });
  });
}
