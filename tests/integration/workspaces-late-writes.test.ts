import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localContext } from '../../src/shared/context.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { ENGINES } from '../helpers/databases.js';
import { sampleDomain } from '../helpers/samples.js';

const ctx = localContext('test');

/**
 * The deleted-workspace guard runs when a request arrives, before its body is read. A write whose body
 * arrives slowly must not land in a workspace deleted meanwhile, nor (purged and re-created under the
 * same id) in another tenant's: writers check the workspace again inside their transaction.
 */
for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`a write whose body arrives after the workspace changed, on ${engine.label}`, () => {
    let t: TestApp;
    const archiveDir = mkdtempSync(join(tmpdir(), 'mdl-late-writes-'));
    beforeAll(async () => { t = await createTestApp(engine.name, { services: { workspaces: { archiveDir } } }); });
    afterAll(async () => {
      await t?.close();
      rmSync(archiveDir, { recursive: true, force: true });
    });

    /** Starts POST /domains as `token` with half its body sent; `finish()` sends the rest and answers. */
    function slowCreate(token: string, domainId: string) {
      const body = new PassThrough();
      const text = JSON.stringify(sampleDomain({ domain_id: domainId }));
      body.write(text.slice(0, 5));
      const answer = t.raw.inject({ method: 'POST', url: '/api/v1/domains', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: body });
      return { finish: async () => { body.end(text.slice(5)); return answer; } };
    }

    async function domainsOf(ws: string): Promise<string[]> {
      const rows = await t.tdb.db.selectFrom('domains').select('domain_id').where('workspace_id', '=', ws).execute();
      return rows.map((r) => r.domain_id);
    }

    it('refuses with WORKSPACE_DELETED when the workspace was deleted while the body arrived', async () => {
      await t.services.workspaces.createOnHost(ctx, { id: 'late', name: 'Late' });
      const { token } = await t.login('late-admin@example.com', 'admin', 'late');
      const write = slowCreate(token, 'late-domain');
      await new Promise((r) => setTimeout(r, 50)); // the guard has passed it
      await t.services.workspaces.softDelete(ctx, 'late', 'late');
      const r = await write.finish();
      expect(r.statusCode, r.body).toBe(409);
      expect(r.json().error.code).toBe('WORKSPACE_DELETED');
      expect(await domainsOf('late')).toEqual([]);
    });

    it('never writes into a workspace purged and re-created under the same id meanwhile', async () => {
      await t.services.workspaces.createOnHost(ctx, { id: 'reused', name: 'First tenant' });
      const { token } = await t.login('first-tenant@example.com', 'admin', 'reused');
      const write = slowCreate(token, 'first-tenant-domain');
      await new Promise((r) => setTimeout(r, 50));
      await t.services.workspaces.softDelete(ctx, 'reused', 'reused');
      await t.services.workspaces.purger.purge(ctx, 'reused');
      await new Promise((r) => setTimeout(r, 5)); // a created_at of its own
      await t.services.workspaces.createOnHost(ctx, { id: 'reused', name: 'Second tenant' });
      const r = await write.finish();
      expect(r.statusCode, r.body).toBe(404); // not 201 in the new tenant's workspace, nor a 500
      expect(await domainsOf('reused')).toEqual([]);
    });

    it('still lets a write through when nothing changed', async () => {
      await t.services.workspaces.createOnHost(ctx, { id: 'calm', name: 'Calm' });
      const { token } = await t.login('calm-admin@example.com', 'admin', 'calm');
      const r = await slowCreate(token, 'calm-domain').finish();
      expect(r.statusCode, r.body).toBe(201);
      expect(await domainsOf('calm')).toEqual(['calm-domain']);
    });
  });
}
