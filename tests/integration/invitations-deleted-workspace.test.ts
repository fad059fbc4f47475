import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localContext } from '../../src/shared/context.js';
import { createTestApp, TEST_PASSWORD, type Injector, type TestApp } from '../helpers/app.js';
import { ENGINES } from '../helpers/databases.js';

/**
 * Invitations to a deleted workspace (issue 7). A soft-deleted workspace is read-only and takes no one
 * new: accepting a pending invitation to it answers exactly like a dead token (the invitee is not a
 * member yet, so is told nothing about the workspace, as single sign-on into it answers 404), and
 * nobody joins. Restoring the workspace makes its unexpired invitations usable again; the purge
 * deletes them, so a workspace re-created later under the same id does not inherit them.
 * Before the fix the accept went through: the account joined the deleted workspace and got a session in it.
 */
const NEW_PW = 'a passphrase for the invitee 71';
const ctx = localContext('test');
const tokenOf = (link: string) => new URL(link).hash.replace(/^#token=/, '');
const INVALID = { status: 401, code: 'UNAUTHENTICATED', message: 'invalid, expired or already used invitation' };
let ipSeq = 0;
const nextIp = () => `198.18.0.${(ipSeq++ % 250) + 1}`;

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`invitations to a deleted workspace on ${engine.label}`, () => {
    let t: TestApp;
    let archiveRoot: string;
    const accept = (payload: Record<string, unknown>) =>
      t.raw.inject({ method: 'POST', url: '/api/v1/invitations/accept', remoteAddress: nextIp(), payload });
    const shape = (r: { statusCode: number; json(): any }) => ({ status: r.statusCode, code: r.json().error?.code, message: r.json().error?.message });
    const invite = async (as: Injector, email: string, role = 'viewer') => {
      const r = await as.inject({ method: 'POST', url: '/api/v1/invitations', payload: { email, role } });
      expect(r.statusCode, r.body).toBe(201);
      return r.json() as { invitation: { id: string }; link: string };
    };
    const members = async (ws: string) => (await t.tdb.db.selectFrom('memberships').select('user_id').where('workspace_id', '=', ws).execute()).length;
    const deleteWorkspace = (ws: string) => t.services.workspaces.softDelete(ctx, ws, ws);

    beforeAll(async () => {
      archiveRoot = mkdtempSync(join(tmpdir(), 'mdl-inv-archive-'));
      t = await createTestApp(engine.name, { services: { workspaces: { archiveDir: join(archiveRoot, 'archives') } } });
    });
    afterAll(async () => {
      await t?.close();
      rmSync(archiveRoot, { recursive: true, force: true });
    });

    it('refuses an accept while the workspace is deleted, for a new and an existing account alike; restoring it makes the link work again', async () => {
      const admin = t.as((await t.login('gone-admin@example.com', 'admin', 'gone')).token);
      await t.login('has-account@example.com', 'viewer', 'elsewhere');
      const fresh = await invite(admin, 'fresh@example.com', 'editor');
      const existing = await invite(admin, 'has-account@example.com');
      const before = await members('gone');
      await deleteWorkspace('gone');

      expect(shape(await accept({ token: tokenOf(fresh.link), password: NEW_PW }))).toEqual(INVALID);
      expect(shape(await accept({ token: tokenOf(existing.link), password: TEST_PASSWORD }))).toEqual(INVALID);
      expect(await members('gone')).toBe(before);
      expect(await t.tdb.db.selectFrom('users').select('id').where('email', '=', 'fresh@example.com').executeTakeFirst()).toBeUndefined();
      const failures = await t.tdb.db.selectFrom('audit_events').select(['action', 'outcome', 'after'])
        .where('workspace_id', '=', 'gone').where('action', '=', 'invitation.accept').execute();
      expect(failures.map((e) => e.outcome)).toEqual(['failure', 'failure']);
      expect(JSON.stringify(failures)).toContain('workspace deleted');
      // Still pending (the host may restore the workspace); no new link goes out meanwhile.
      const list = await admin.inject({ method: 'GET', url: '/api/v1/invitations' });
      expect(list.statusCode).toBe(200);
      expect(list.json().items.map((i: { id: string }) => i.id).sort()).toEqual([fresh.invitation.id, existing.invitation.id].sort());
      for (const w of [
        { method: 'POST', url: '/api/v1/invitations', payload: { email: 'later@example.com', role: 'viewer' } },
        { method: 'POST', url: `/api/v1/invitations/${fresh.invitation.id}/resend` },
      ] as const) {
        const r = await admin.inject(w as never);
        expect({ status: r.statusCode, code: r.json().error?.code }, w.url).toEqual({ status: 409, code: 'WORKSPACE_DELETED' });
      }

      await t.services.workspaces.restore(ctx, 'gone');
      const ok = await accept({ token: tokenOf(fresh.link), password: NEW_PW });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toMatchObject({ workspace_id: 'gone', role: 'editor' });
    });

    it('the host CLI path (the service) creates and resends nothing in a deleted workspace', async () => {
      await t.login('cli-admin@example.com', 'admin', 'gone-cli');
      const wctx = { ...ctx, workspaceId: 'gone-cli' };
      const inv = await t.services.invitations.manage.create(wctx, { email: 'cli-invitee@example.com', role: 'viewer' }, 'http://localhost');
      await deleteWorkspace('gone-cli');
      await expect(t.services.invitations.manage.create(wctx, { email: 'other@example.com', role: 'viewer' }, 'http://localhost'))
        .rejects.toMatchObject({ code: 'WORKSPACE_DELETED' });
      await expect(t.services.invitations.manage.resend(wctx, inv.invitation.id, 'http://localhost')).rejects.toMatchObject({ code: 'WORKSPACE_DELETED' });
      expect(shape(await accept({ token: inv.token, password: NEW_PW }))).toEqual(INVALID);
    });

    it('purging deletes its invitations: the links stay dead, even once a workspace of the same id is created again', async () => {
      const admin = t.as((await t.login('purged-admin@example.com', 'admin', 'purged')).token);
      const inv = await invite(admin, 'after-purge@example.com', 'admin');
      await deleteWorkspace('purged');
      const report = await t.services.workspaces.purger.purge({ actor: 'cli:test' }, 'purged');
      expect(report?.rows.invitations).toBeGreaterThanOrEqual(1);
      expect(await t.tdb.db.selectFrom('invitations').select('id').where('workspace_id', '=', 'purged').execute()).toEqual([]);
      expect(shape(await accept({ token: tokenOf(inv.link), password: NEW_PW }))).toEqual(INVALID);

      await t.services.workspaces.createOnHost(ctx, { id: 'purged', name: 'Purged, again' });
      expect(shape(await accept({ token: tokenOf(inv.link), password: NEW_PW }))).toEqual(INVALID);
      expect(await members('purged')).toBe(0);
    });
  });
}
