import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_WORKSPACE } from '../../src/shared/context.js';
import { runMdl, type CliResult } from '../helpers/cli.js';
import { ENGINES, createTestDatabase, type TestDatabase } from '../helpers/databases.js';

const PASSWORD = 'workspace cli passphrase harbour 52';

/** `mdl workspace` and the workspace parts of `mdl admin`, on the host's database. */
for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`mdl workspace on ${engine.label}`, () => {
    let tdb: TestDatabase;
    let env: NodeJS.ProcessEnv;
    let tmp: string;
    const mdl = (args: string[], stdin?: string): Promise<CliResult> => runMdl(args, { env, stdin });
    const instanceAdmin = async (email: string) =>
      Number((await tdb.db.selectFrom('users').select('instance_admin').where('email', '=', email).executeTakeFirstOrThrow()).instance_admin);
    const workspace = (id: string) => tdb.db.selectFrom('workspaces').selectAll().where('id', '=', id).executeTakeFirst();
    const roleIn = async (ws: string, email: string) => (await tdb.db.selectFrom('memberships as m').innerJoin('users as u', 'u.id', 'm.user_id')
      .select('m.role').where('m.workspace_id', '=', ws).where('u.email', '=', email).executeTakeFirst())?.role;

    beforeAll(async () => {
      tdb = await createTestDatabase(engine.name);
      tmp = mkdtempSync(join(tmpdir(), 'mdl-ws-cli-'));
      const c = tdb.config;
      env = { ...(c.kind === 'sqlite' ? { MDL_DATABASE_URL: c.file } : { MDL_DATABASE_URL: c.url, MDL_DB_SCHEMA: c.schema }), MDL_WORKSPACE_ARCHIVE_DIR: join(tmp, 'archives') };
    });
    afterAll(async () => {
      await tdb?.destroy();
      rmSync(tmp, { recursive: true, force: true });
    });

    it('prints help for every workspace command', async () => {
      for (const c of ['workspace', 'workspace create', 'workspace list', 'workspace rename', 'workspace delete', 'workspace restore', 'workspace purge', 'admin instance-admin']) {
        const r = await runMdl([...c.split(' '), '--help']);
        expect(r.code, c).toBe(0);
        expect(r.stdout, c).toMatch(new RegExp(`^Usage: mdl ${c.split(' ')[0]}`));
      }
    });

    it('makes the first account an instance admin, and later ones only when asked', async () => {
      expect((await mdl(['admin', 'create', '--email', 'root@example.com', '--password-stdin'], PASSWORD)).code).toBe(0);
      expect(await instanceAdmin('root@example.com')).toBe(1);
      expect((await mdl(['admin', 'create', '--email', 'second@example.com', '--password-stdin'], PASSWORD)).code).toBe(0);
      expect(await instanceAdmin('second@example.com')).toBe(0);
      expect((await mdl(['admin', 'create', '--email', 'third@example.com', '--instance-admin', '--password-stdin'], PASSWORD)).code).toBe(0);
      expect(await instanceAdmin('third@example.com')).toBe(1);

      const revoke = await mdl(['admin', 'instance-admin', '--email', 'third@example.com', '--revoke']);
      expect(revoke.code, revoke.stderr).toBe(0);
      expect(revoke.stderr).toMatch(/no longer an instance admin/);
      expect(await instanceAdmin('third@example.com')).toBe(0);
      expect((await mdl(['admin', 'instance-admin', '--email', 'second@example.com'])).code).toBe(0);
      expect(await instanceAdmin('second@example.com')).toBe(1);
      expect((await mdl(['admin', 'instance-admin', '--email', 'ghost@example.com'])).code).toBe(1);
      const events = await tdb.db.selectFrom('audit_events').select('action').where('workspace_id', '=', SYSTEM_WORKSPACE).execute();
      expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['user.instance_admin.grant', 'user.instance_admin.revoke']));
    });

    it('admin create --create-workspace makes the workspace and its admin in one step, or neither', async () => {
      const r = await mdl(['admin', 'create', '--email', 'acme-admin@example.com', '--workspace', 'acme', '--create-workspace', '--workspace-name', 'Acme Corp', '--password-stdin'], PASSWORD);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/admin of the new workspace acme/);
      expect(await workspace('acme')).toMatchObject({ name: 'Acme Corp' });
      expect(await roleIn('acme', 'acme-admin@example.com')).toBe('admin');
      expect(await roleIn('default', 'acme-admin@example.com')).toBeUndefined();

      // The workspace exists now: the account is not created either.
      const again = await mdl(['admin', 'create', '--email', 'late@example.com', '--workspace', 'acme', '--create-workspace', '--password-stdin'], PASSWORD);
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/workspace acme already exists/);
      expect(await tdb.db.selectFrom('users').select('id').where('email', '=', 'late@example.com').executeTakeFirst()).toBeUndefined();
      const bad = await mdl(['admin', 'create', '--email', 'late@example.com', '--workspace', 'Not A Slug', '--create-workspace', '--password-stdin'], PASSWORD);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/must be a slug/);
    });

    it('creates, lists, renames, deletes, restores and purges workspaces', async () => {
      const created = await mdl(['workspace', 'create', 'beta', '--name', 'Beta', '--admin', 'root@example.com']);
      expect(created.code, created.stderr).toBe(0);
      expect(created.stdout).toBe('beta\n');
      expect(await roleIn('beta', 'root@example.com')).toBe('admin');
      expect((await mdl(['workspace', 'create', 'empty', '--name', 'Empty'])).stderr).toMatch(/no members yet/);
      expect((await mdl(['workspace', 'create', 'beta', '--name', 'Again'])).stderr).toMatch(/already exists/);

      const list = JSON.parse((await mdl(['workspace', 'list', '--json'])).stdout) as Array<{ id: string; members: number; deleted_at: string | null }>;
      expect(list.map((w) => [w.id, w.members])).toEqual([['acme', 1], ['beta', 1], ['default', 3], ['empty', 0]]);
      expect((await mdl(['workspace', 'list'])).stdout).toMatch(/^ID\s+NAME\s+MEMBERS\s+CREATED\s+STATUS/);

      expect((await mdl(['workspace', 'rename', 'beta', 'Beta Two'])).code).toBe(0);
      expect(await workspace('beta')).toMatchObject({ name: 'Beta Two' });
      expect((await mdl(['workspace', 'rename', 'nope', 'x'])).stderr).toMatch(/workspace nope not found/);

      const del = await mdl(['workspace', 'delete', 'beta']);
      expect(del.code, del.stderr).toBe(0);
      expect(del.stderr).toMatch(/mdl workspace restore beta/);
      expect((await workspace('beta'))!.deleted_at).not.toBeNull();
      expect((await mdl(['workspace', 'list'])).stdout).toMatch(/beta .*deleted, purge after \d{4}-/);
      expect((await mdl(['workspace', 'rename', 'beta', 'x'])).stderr).toMatch(/is deleted/);
      expect((await mdl(['workspace', 'delete', 'default'])).stderr).toMatch(/default workspace cannot be deleted/);
      expect((await mdl(['workspace', 'restore', 'beta'])).code).toBe(0);
      expect((await workspace('beta'))!.deleted_at).toBeNull();

      expect((await mdl(['workspace', 'purge', 'beta', '--confirm', 'beta'])).stderr).toMatch(/not deleted: delete it first/);
      await mdl(['workspace', 'delete', 'beta']);
      const mismatch = await mdl(['workspace', 'purge', 'beta', '--confirm', 'bet']);
      expect(mismatch.code).toBe(2);
      expect((await workspace('beta'))).toBeDefined();
      const purged = await mdl(['workspace', 'purge', 'beta', '--confirm', 'beta']);
      expect(purged.code, purged.stderr).toBe(0);
      const file = purged.stdout.trim();
      expect(file.startsWith(join(tmp, 'archives', 'beta.'))).toBe(true);
      expect(statSync(join(tmp, 'archives')).mode & 0o777).toBe(0o700);
      expect(readFileSync(file, 'utf8').split('\n')[0]).toContain('"workspace_id":"beta"');
      expect(purged.stderr).toMatch(/purged workspace beta: \d+ rows, 0 accounts; its audit chain \(\d+ events, verified\)/);
      expect(await workspace('beta')).toBeUndefined();
      expect(await roleIn('default', 'root@example.com')).toBe('admin'); // the admin was in default too: kept
      expect((await mdl(['workspace', 'purge', 'beta', '--confirm', 'beta'])).stderr).toMatch(/workspace beta not found/);
    });
  });
}
